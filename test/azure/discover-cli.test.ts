// `aml-preflight discover` as a user runs it: against the ARM double serving a
// hub-and-spoke snapshot in ARM's own shapes, through the real Azure SDKs and
// DefaultAzureCredential (its Azure CLI credential, answered by a stand-in `az`
// on PATH), trusting the double's CA with NODE_EXTRA_CA_CERTS. The profile it
// writes then goes through the real CLI's profile loader.
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { parse, parseAllDocuments } from 'yaml';
import type { ArmResource } from '../../src/azure/snapshot.ts';
import { startArmDouble, type ArmDouble } from '../doubles/arm/server.ts';
import { runCli } from '../helpers/cli.ts';

const FIXTURE = fileURLToPath(new URL('../fixtures/azure/discover-contoso-ml.json', import.meta.url));
const RESOURCES = JSON.parse(readFileSync(FIXTURE, 'utf8')) as ArmResource[];
const SUB = '5f1e2d3c-4b5a-4968-8776-a1b2c3d4e5f6';
const WS = `/subscriptions/${SUB}/resourceGroups/ml-rg/providers/Microsoft.MachineLearningServices/workspaces/contoso-ml`;
const CLUSTER = `/subscriptions/${SUB}/resourceGroups/ml-rg/providers/Microsoft.ContainerService/managedClusters/aks-prod`;
const dir = mkdtempSync(join(tmpdir(), 'discover-cli-'));

let arm: ArmDouble;
let env: NodeJS.ProcessEnv;
const discover = (args: string[], extraEnv: NodeJS.ProcessEnv = {}) =>
  runCli(['discover', ...args, '--arm-endpoint', arm.url], { env: { ...env, ...extraEnv }, timeoutMs: 60_000 });
const file = (name: string) => join(dir, name);

before(async () => {
  arm = await startArmDouble({ subscriptionId: SUB, token: 'cli-token', resources: structuredClone(RESOURCES), faults: [] });
  const bin = join(dir, 'bin');
  mkdirSync(bin);
  writeFileSync(
    join(bin, 'az'),
    `#!/usr/bin/env bash\necho "$*" >> "${file('az.log')}"\necho '{"accessToken":"cli-token","expires_on":'$(( $(date +%s) + 3600 ))',"expiresOn":"2099-01-01 00:00:00.000000","tokenType":"Bearer"}'\n`,
  );
  chmodSync(join(bin, 'az'), 0o755);
  writeFileSync(file('arm-ca.pem'), arm.caPem);
  env = { PATH: `${bin}:${process.env.PATH}`, AZURE_TOKEN_CREDENTIALS: 'AzureCliCredential', NODE_EXTRA_CA_CERTS: file('arm-ca.pem') };
});
after(() => arm?.close());

const EXPECTED_PROD = {
  workspace: { id: '1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c5d', acr: 'contosoml', storageAccount: 'contosomlsa' },
  cluster: { apiServerFqdn: 'aks-prod-dns-1a2b3c4d.hcp.eastus.azmk8s.io', name: 'aks-prod', region: 'eastus', networkPlugin: 'azure' },
  dns: { servers: ['10.0.0.4'] },
};

test('discover --workspace --compute reads ARM with GETs only and prints the profile; the saved snapshot gives the same profile offline', async () => {
  arm.requests.length = 0;
  writeFileSync(file('az.log'), '');
  const live = await discover([
    '--workspace',
    WS,
    '--compute',
    'aks-prod',
    '--output-file',
    file('prod.yaml'),
    '--save-snapshot',
    file('prod-snapshot.json'),
  ]);
  assert.equal(live.code, 0, live.stderr);
  // One token for every SDK client, for this ARM endpoint: one `az` process, not one per client.
  assert.deepEqual(readFileSync(file('az.log'), 'utf8').trim().split('\n'), [
    `account get-access-token --output json --resource ${arm.url}`,
  ]);
  const text = readFileSync(file('prod.yaml'), 'utf8');
  assert.deepEqual(parse(text), EXPECTED_PROD);
  // Reading never writes to Azure.
  assert.ok(arm.requests.length >= 10, `${arm.requests.length} requests`);
  assert.deepEqual([...new Set(arm.requests.map((r) => r.method))], ['GET']);
  // The hub's firewall, found by the route's next hop, and both policies with their groups were read.
  const saved = JSON.parse(readFileSync(file('prod-snapshot.json'), 'utf8')) as ArmResource[];
  const names = new Set(saved.map((r) => `${r.type}/${r.name}`.toLowerCase()));
  for (const n of [
    'microsoft.network/azurefirewalls/hub-fw',
    'microsoft.network/firewallpolicies/hub-base-policy',
    'microsoft.network/firewallpolicies/hub-ml-policy',
    'microsoft.network/firewallpolicies/rulecollectiongroups/platform',
    'microsoft.network/firewallpolicies/rulecollectiongroups/ml-egress',
    'microsoft.network/routetables/aks-nodes-udr',
    'microsoft.network/networksecuritygroups/aks-nodes-nsg',
    'microsoft.network/virtualnetworks/hub-vnet',
    'microsoft.network/privatednszones/virtualnetworklinks/hub-link',
    'microsoft.network/privatednszones/a/contosoml',
    'microsoft.network/privateendpoints/privatednszonegroups/default',
    'microsoft.containerservice/managedclusters/outboundnetworkdependenciesendpoints/outboundnetworkdependenciesendpoints',
  ]) {
    assert.ok(names.has(n), `${n} missing from the saved snapshot`);
  }
  // Kept exactly as ARM returned it (properties nested), not as the SDK models it.
  assert.deepEqual(
    saved.find((r) => r.name === 'hub-fw'),
    RESOURCES.find((r) => r.name === 'hub-fw'),
  );
  // The other compute's cluster was not read.
  assert.ok(!names.has('microsoft.containerservice/managedclusters/aks-dev'));

  const offline = await runCli(['discover', '--azure-snapshot', file('prod-snapshot.json'), '--compute', 'aks-prod']);
  assert.equal(offline.code, 0, offline.stderr);
  const body = (t: string) =>
    t
      .split('\n')
      .filter((l) => !l.startsWith('# aml-preflight target profile'))
      .join('\n');
  assert.equal(body(offline.stdout), body(text));
});

test('the discovered profile is one the real CLI accepts: check plans its hosts, firewall generate opens them', async () => {
  // Nothing answers DNS on port 9: every check fails fast, but the plan shows what the profile said.
  const check = await runCli([
    'check',
    '-c',
    file('prod.yaml'),
    '--only',
    'router-deploy',
    '--only',
    'model-deploy',
    '--dns-server',
    '127.0.0.1:9',
    '--timeout',
    '200',
    '-o',
    'json',
  ]);
  assert.equal(check.code, 1, check.stderr);
  const report = JSON.parse(check.stdout) as { target: Record<string, unknown>; checks: { host?: string }[] };
  assert.deepEqual([report.target.cluster, report.target.workspace], [EXPECTED_PROD.cluster, EXPECTED_PROD.workspace]);
  const hosts = new Set(report.checks.map((c) => c.host));
  for (const host of ['aks-prod-dns-1a2b3c4d.hcp.eastus.azmk8s.io', 'contosoml.azurecr.io', 'eastus.data.mcr.microsoft.com'])
    assert.ok(hosts.has(host), `${host} not checked`);
  const rules = await runCli(['firewall', 'generate', '-c', file('prod.yaml'), '--no-resolve', '--format', 'azcli']);
  assert.equal(rules.code, 0, rules.stderr);
  for (const host of ['*.hcp.eastus.azmk8s.io', 'contosoml.azurecr.io', 'contosomlsa.blob.core.windows.net'])
    assert.ok(rules.stdout.includes(host), `${host} not opened`);
});

test('comments say what ARM holds beyond the profile, and warn of hosts Azure lists that the catalog lacks', async () => {
  const text = readFileSync(file('prod.yaml'), 'utf8');
  assert.match(text, /^# {3}compute aks-prod: AKS, cluster purpose FastProd, load balancer PublicIp$/m);
  assert.match(
    text,
    /^# {3}registry contosoml: public network access Disabled, default action Deny; private endpoints: contosoml-pe \(Approved\)$/m,
  );
  assert.match(text, /^# {3}node pool gpu \(User\): subnet spoke-vnet\/aks-nodes$/m);
  assert.match(
    text,
    /^# {3}Azure lists changelogs\.ubuntu\.com:80 \(cluster aks-prod, ubuntu-optional\); aml-preflight has no requirement for it$/m,
  );
  assert.match(
    text,
    /^# {3}Azure lists ml\.azure\.com:443 \(the workspace, Azure Machine Learning\); aml-preflight has no requirement for it$/m,
  );
  // Hosts the catalog has are not warned about, wildcards included.
  for (const covered of ['mcr.microsoft.com', '\\*\\.data\\.mcr\\.microsoft\\.com', 'management\\.azure\\.com'])
    assert.doesNotMatch(text, new RegExp(`Azure lists ${covered}[:(]`));
});

test('--all-computes: one profile per AKS or Kubernetes compute, a compute instance left out', async () => {
  const r = await discover(['--workspace', WS, '--all-computes']);
  assert.equal(r.code, 0, r.stderr);
  const docs = parseAllDocuments(r.stdout).map((d) => d.toJS());
  assert.deepEqual(docs.map((d) => d.cluster.name).sort(), ['aks-dev', 'aks-prod']);
  const dev = docs.find((d) => d.cluster.name === 'aks-dev');
  // A private cluster: the nodes reach the API server by its private FQDN.
  assert.equal(dev.cluster.apiServerFqdn, 'aks-dev-dns-5e6f7a8b.9c0d1e2f-3a4b-4c6d-8e8f-901a2b3c4d5e.privatelink.eastus.azmk8s.io');
  assert.equal(dev.cluster.networkPlugin, 'kubenet');
  assert.equal(dev.dns, undefined);
});

test('several computes and neither --compute nor --all-computes: one line naming them, exit 2', async () => {
  const r = await discover(['--workspace', WS]);
  assert.equal(r.code, 2);
  assert.equal(
    r.stderr.trim(),
    'aml-preflight: --workspace: the workspace has 2 AKS or Kubernetes computes (aks-dev, aks-prod): choose one with --compute NAME, or --all-computes',
  );
});

test('--cluster discovers a cluster without a workspace', async () => {
  const r = await discover(['--cluster', CLUSTER]);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(parse(r.stdout), { cluster: EXPECTED_PROD.cluster, dns: EXPECTED_PROD.dns });
});

test('throttling within the retries is waited out (Retry-After); past them it is exit 3 in one line', async () => {
  arm.fixture.faults = [
    { path: /\/workspaces\/contoso-ml$/i, status: 429, code: 'TooManyRequests', headers: { 'retry-after': '0' }, times: 2 },
  ];
  arm.requests.length = 0;
  const ok = await discover(['--workspace', WS, '--compute', 'aks-prod']);
  assert.equal(ok.code, 0, ok.stderr);
  assert.deepEqual(parse(ok.stdout), EXPECTED_PROD);
  assert.deepEqual(
    arm.requests.filter((r) => /\/workspaces\/contoso-ml$/i.test(r.path)).map((r) => r.status),
    [429, 429, 200],
  );

  arm.fixture.faults = [{ path: /\/workspaces\/contoso-ml$/i, status: 429, code: 'TooManyRequests', headers: { 'retry-after': '0' } }];
  const throttled = await discover(['--workspace', WS, '--compute', 'aks-prod']);
  arm.fixture.faults = [];
  assert.equal(throttled.code, 3, throttled.stderr);
  assert.match(
    throttled.stderr,
    /^aml-preflight: Azure Resource Manager kept throttling \(429 TooManyRequests\) after retries to read Microsoft\.MachineLearningServices\/workspaces contoso-ml/,
  );
  assert.equal(throttled.stderr.trim().split('\n').length, 1, throttled.stderr);
});

test('403 on the workspace is exit 3 naming it and the Reader role; 403 on a hub resource is a gap, said and kept going', async () => {
  arm.fixture.faults = [{ path: /\/workspaces\/contoso-ml$/i, status: 403, code: 'AuthorizationFailed' }];
  const denied = await discover(['--workspace', WS, '--compute', 'aks-prod']);
  assert.equal(denied.code, 3, denied.stderr);
  assert.equal(
    denied.stderr.trim(),
    `aml-preflight: not allowed to read Microsoft.MachineLearningServices/workspaces contoso-ml (403 AuthorizationFailed): give the signed-in identity the Reader role on ${WS} or its resource group`,
  );

  arm.fixture.faults = [{ path: /\/firewallPolicies\/hub-ml-policy$/i, status: 403, code: 'AuthorizationFailed' }];
  const partial = await discover(['--workspace', WS, '--compute', 'aks-prod', '--save-snapshot', file('partial.json')]);
  arm.fixture.faults = [];
  assert.equal(partial.code, 0, partial.stderr);
  assert.deepEqual(parse(partial.stdout), EXPECTED_PROD);
  assert.match(
    partial.stdout,
    /^# Not read \(explain answers unknown where these matter\):\n# {3}not allowed to read Microsoft\.Network\/firewallPolicies hub-ml-policy \(403 AuthorizationFailed\): give the signed-in identity the Reader role on \/subscriptions\/.*\/firewallPolicies\/hub-ml-policy or its resource group$/m,
  );
  const saved = JSON.parse(readFileSync(file('partial.json'), 'utf8')) as ArmResource[];
  assert.ok(saved.some((r) => r.name === 'hub-fw') && !saved.some((r) => r.name === 'hub-ml-policy'));
});

test('a workspace that does not exist, or a malformed id, is exit 2 in one line', async () => {
  const missing = await discover(['--workspace', WS.replace('contoso-ml', 'nope')]);
  assert.equal(missing.code, 2, missing.stderr);
  assert.equal(
    missing.stderr.trim(),
    `aml-preflight: --workspace: workspaces nope was not found in resource group ml-rg of subscription ${SUB} (ARM answered 404)`,
  );
  for (const args of [
    ['--workspace', 'contoso-ml'],
    ['--workspace', CLUSTER],
    ['--cluster', `${CLUSTER}/agentPools`],
    ['--workspace', WS, '--cluster', CLUSTER],
    ['--compute', 'aks-prod'],
    ['--workspace', WS, '--compute', 'a', '--all-computes'],
  ]) {
    const r = await discover(args);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  }
});

test('no credential: exit 3 naming the credentials DefaultAzureCredential tried', async () => {
  const r = await runCli(['discover', '--workspace', WS, '--arm-endpoint', arm.url], {
    env: { PATH: '/usr/bin:/bin', AZURE_TOKEN_CREDENTIALS: 'dev', NODE_EXTRA_CA_CERTS: file('arm-ca.pem'), HOME: dir },
    timeoutMs: 60_000,
  });
  assert.equal(r.code, 3, r.stderr);
  assert.match(
    r.stderr,
    /^aml-preflight: no usable Azure credential to read Microsoft\.MachineLearningServices\/workspaces contoso-ml: DefaultAzureCredential tried (\w+Credential, )*AzureCliCredential(, \w+Credential)*; sign in with az login/,
  );
  assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
});

test('ARM unreachable: exit 3 in one line', async () => {
  const r = await runCli(['discover', '--cluster', CLUSTER, '--arm-endpoint', 'https://127.0.0.1:9', '--azure-timeout', '5000'], {
    env,
    timeoutMs: 60_000,
  });
  assert.equal(r.code, 3, r.stderr);
  assert.match(
    r.stderr,
    /^aml-preflight: (cannot reach Azure Resource Manager at https:\/\/127\.0\.0\.1:9|no answer from Azure Resource Manager)/,
  );
  assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
});

test('check --workspace --all-computes discovers live, then checks every compute in one report', async () => {
  const r = await runCli(
    [
      'check',
      '--workspace',
      WS,
      '--all-computes',
      '--arm-endpoint',
      arm.url,
      '--only',
      'router-deploy',
      '--dns-server',
      '127.0.0.1:9',
      '--timeout',
      '200',
      '-o',
      'json',
    ],
    { env, timeoutMs: 60_000 },
  );
  assert.equal(r.code, 1, r.stderr);
  const report = JSON.parse(r.stdout) as {
    target: { computes: Record<string, { cluster: { apiServerFqdn: string } }> };
    checks: { compute?: string; code?: string }[];
  };
  assert.deepEqual(
    Object.entries(report.target.computes)
      .map(([k, v]) => [k, v.cluster.apiServerFqdn])
      .sort(),
    [
      ['aks-dev', 'aks-dev-dns-5e6f7a8b.9c0d1e2f-3a4b-4c6d-8e8f-901a2b3c4d5e.privatelink.eastus.azmk8s.io'],
      ['aks-prod', 'aks-prod-dns-1a2b3c4d.hcp.eastus.azmk8s.io'],
    ],
  );
  assert.deepEqual([...new Set(report.checks.map((c) => c.compute))].sort(), ['aks-dev', 'aks-prod']);
  assert.ok(report.checks.some((c) => c.code === 'AZURE_UNLISTED_HOST'));
});

test("a firewall no peered subnet names is found among the subscription's firewalls by the route's next hop", async () => {
  const saved = arm.fixture.resources!;
  const hub = structuredClone(saved.find((r) => r.name === 'hub-vnet')!);
  for (const s of hub.properties!.subnets as { properties: { ipConfigurations?: unknown } }[]) delete s.properties.ipConfigurations;
  arm.fixture.resources = saved.map((r) => (r.name === 'hub-vnet' ? hub : r));
  arm.requests.length = 0;
  try {
    const r = await discover(['--workspace', WS, '--compute', 'aks-prod', '--save-snapshot', file('listed-fw.json')]);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(
      arm.requests.some((q) => q.path === `/subscriptions/${SUB}/providers/Microsoft.Network/azureFirewalls`),
      "the subscription's firewalls were listed",
    );
    const names = (JSON.parse(readFileSync(file('listed-fw.json'), 'utf8')) as ArmResource[]).map((x) => x.name);
    assert.ok(names.includes('hub-fw') && names.includes('hub-ml-policy') && names.includes('ml-egress'), names.join(' '));
    assert.match(r.stdout, /0\.0\.0\.0\/0 to VirtualAppliance 10\.0\.1\.4 \(Azure Firewall hub-fw, policy hub-ml-policy\)/);
  } finally {
    arm.fixture.resources = saved;
  }
});

test('secrets in what ARM returns never reach the saved snapshot', async () => {
  const saved = arm.fixture.resources!;
  const secret = 'c2VjcmV0LWtleS1ub3QtZm9yLXlvdXItZXllcw==';
  const dev = structuredClone(saved.find((r) => r.name === 'aks-dev' && /computes$/i.test(r.type))!);
  (dev.properties!.properties as Record<string, unknown>).relayConnectionString =
    `Endpoint=sb://azureml-relay.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=${secret}`;
  arm.fixture.resources = saved.map((r) => (r.id === dev.id ? dev : r));
  try {
    const r = await discover(['--workspace', WS, '--all-computes', '--save-snapshot', file('secret.json')]);
    assert.equal(r.code, 0, r.stderr);
    const text = readFileSync(file('secret.json'), 'utf8');
    assert.ok(!text.includes(secret) && !r.stdout.includes(secret));
    assert.match(text, /SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=\*\*\*/);
  } finally {
    arm.fixture.resources = saved;
  }
});
