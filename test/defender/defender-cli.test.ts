// `aml-preflight defender` as a user runs it: against the Kubernetes API double
// and manifests, and with Azure through the ARM + Resource Graph double, the
// real Azure SDK clients and DefaultAzureCredential (its Azure CLI credential,
// answered by a stand-in `az` on PATH), trusting the double's CA the way a user
// trusts a corporate proxy's: NODE_EXTRA_CA_CERTS.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { loadFixtures, startKubeApi, typeOfObject, type KubeApiDouble } from '../doubles/k8s/index.ts';
import { startArmDouble, type ArmDouble } from '../doubles/arm/server.ts';
import { runCli } from '../helpers/cli.ts';
import { SUBSCRIPTION } from './fixtures.ts';

const CLUSTER = fileURLToPath(new URL('../audit/fixtures/cluster.yaml', import.meta.url));
const CHURN = `sha256:${'c'.repeat(64)}`;
const ROUTER = `sha256:${'1'.repeat(64)}`;
const dir = mkdtempSync(join(tmpdir(), 'defender-cli-'));

let api: KubeApiDouble;
let arm: ArmDouble;
let kubeconfig: string;
let azureEnv: NodeJS.ProcessEnv;

before(async () => {
  api = await startKubeApi({ objects: loadFixtures([CLUSTER]) });
  kubeconfig = api.writeKubeconfig(dir, api.addUser('viewer', ['system:masters']));
  arm = await startArmDouble({
    subscriptionId: SUBSCRIPTION,
    token: 'cli-token',
    clusters: [
      { resourceGroup: 'ml-rg', name: 'aks-prod', defenderEnabled: true },
      { resourceGroup: 'ml-rg', name: 'aks-dev', defenderEnabled: false },
    ],
    registries: [
      { name: 'contosoml', resourceGroup: 'ml-rg', repositories: { 'azureml/churn-model': { digests: [CHURN], tags: { '4': CHURN } } } },
    ],
    scans: { [CHURN]: { lastScan: new Date(Date.now() - 2 * 86_400_000).toISOString(), findings: 3 } },
  });
  // `az account get-access-token` as the Azure CLI answers it; it logs what it was asked.
  const bin = join(dir, 'bin');
  spawnSync('mkdir', ['-p', bin]);
  writeFileSync(
    join(bin, 'az'),
    `#!/usr/bin/env bash\necho "$*" >> "${join(dir, 'az.log')}"\necho '{"accessToken":"cli-token","expires_on":'$(( $(date +%s) + 3600 ))',"expiresOn":"2099-01-01 00:00:00.000000","tokenType":"Bearer"}'\n`,
  );
  chmodSync(join(bin, 'az'), 0o755);
  const caFile = join(dir, 'arm-ca.pem');
  writeFileSync(caFile, arm.caPem);
  azureEnv = { PATH: `${bin}:${process.env.PATH}`, AZURE_TOKEN_CREDENTIALS: 'AzureCliCredential', NODE_EXTRA_CA_CERTS: caFile };
});
after(async () => {
  await api?.stop();
  await arm?.close();
});

test('defender on a live cluster lists every image with its trigger, and the sensor', async () => {
  const r = await runCli(['defender', '--kubeconfig', kubeconfig, '-o', 'json']);
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.equal(out.sensor.state, 'running');
  assert.deepEqual(
    out.triggers.map((t: { reference: string; command: string[] }) => [t.reference, t.command.join(' ')]),
    [
      [
        `contosoml.azurecr.io/azureml/churn-model:4@${CHURN}`,
        `az acr import --name contosoml --source contosoml.azurecr.io/azureml/churn-model@${CHURN} --repository azureml/churn-model`,
      ],
    ],
  );
  assert.match(out.triggers[0].findingsQuery, /c0b7cfc6-3172-465a-b378-53c7ff2cc0d5/);
  assert.match(out.triggers[0].findingsQuery, new RegExp(`where digest == "${CHURN}"`));
  assert.deepEqual(
    out.unscanned.map((u: { reference: string }) => u.reference),
    [`mcr.microsoft.com/azureml/azureml-fe:1.50.0@${ROUTER}`],
  );
});

test('defender --from-manifests reads the same from a kubectl dump, and -o script passes bash -n', async () => {
  const json = await runCli(['defender', '--from-manifests', CLUSTER, '-o', 'json']);
  assert.equal(json.code, 0, json.stderr);
  assert.deepEqual(
    JSON.parse(json.stdout).triggers.map((t: { digest: string }) => t.digest),
    [CHURN],
  );
  const script = await runCli(['defender', '--from-manifests', CLUSTER, '-o', 'script']);
  assert.equal(script.code, 0, script.stderr);
  assert.equal(spawnSync('bash', ['-n'], { input: script.stdout }).status, 0);
  assert.ok(
    script.stdout.includes(
      `'az' 'acr' 'import' '--name' 'contosoml' '--source' 'contosoml.azurecr.io/azureml/churn-model@${CHURN}' '--repository' 'azureml/churn-model'`,
    ),
  );
});

test('no sensor in the cluster: exit 1 and the way to enable it', async () => {
  const t = typeOfObject('apps/v1', 'DaemonSet')!;
  const saved = ['microsoft-defender-collector-ds', 'microsoft-defender-publisher-ds'].map((n) => api.store.get(t, 'kube-system', n));
  for (const d of saved) api.store.delete(t, 'kube-system', d.metadata.name);
  try {
    const r = await runCli(['defender', '--kubeconfig', kubeconfig, '-o', 'table']);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^Defender sensor: MISSING — no Defender sensor.*az aks update --enable-defender/m);
  } finally {
    for (const d of saved)
      api.store.create(t, { ...d, metadata: { name: d.metadata.name, namespace: 'kube-system' } } as never, 'kube-system');
  }
});

test("with the cluster's ARM coordinates: Defender on passes, off exits 1", async () => {
  const on = await runCli(
    [
      'defender',
      '--from-manifests',
      CLUSTER,
      '--subscription',
      SUBSCRIPTION,
      '--resource-group',
      'ml-rg',
      '--cluster',
      'aks-prod',
      '--arm-endpoint',
      arm.url,
      '-o',
      'json',
    ],
    { env: azureEnv },
  );
  assert.equal(on.code, 0, on.stderr);
  assert.equal(JSON.parse(on.stdout).cluster.enabled, true);
  const off = await runCli(
    [
      'defender',
      '--from-manifests',
      CLUSTER,
      '--subscription',
      SUBSCRIPTION,
      '--resource-group',
      'ml-rg',
      '--cluster',
      'aks-dev',
      '--arm-endpoint',
      arm.url,
      '-o',
      'table',
    ],
    { env: azureEnv },
  );
  assert.equal(off.code, 1);
  assert.match(
    off.stdout,
    /Managed cluster: OFF — Defender for Containers is off for aks-dev: az aks update --enable-defender -g ml-rg -n aks-dev/,
  );
  // The credential was asked for a token for this ARM endpoint, not for management.azure.com.
  assert.match(
    readFileSync(join(dir, 'az.log'), 'utf8'),
    new RegExp(`account get-access-token --output json --resource ${arm.url.replace(/[.]/g, '\\.')}`),
  );
});

test('--max-age skips an image whose findings are recent (Resource Graph), --apply imports the rest', async () => {
  const recent = await runCli(
    ['defender', '--from-manifests', CLUSTER, '--subscription', SUBSCRIPTION, '--max-age', '7d', '--arm-endpoint', arm.url, '-o', 'json'],
    { env: azureEnv },
  );
  assert.equal(recent.code, 0, recent.stderr);
  assert.match(JSON.parse(recent.stdout).triggers[0].skip.reason, /\(3 finding row\(s\)\), within --max-age/);

  arm.imports.length = 0;
  const applied = await runCli(
    [
      'defender',
      '--from-manifests',
      CLUSTER,
      '--subscription',
      SUBSCRIPTION,
      '--max-age',
      '1d',
      '--apply',
      '--arm-endpoint',
      arm.url,
      '-o',
      'json',
    ],
    { env: azureEnv, timeoutMs: 60_000 },
  );
  assert.equal(applied.code, 0, applied.stderr);
  assert.deepEqual(
    JSON.parse(applied.stdout).applied.map((a: { status: string }) => a.status),
    ['imported'],
  );
  assert.deepEqual(
    arm.imports.map((i) => [i.registry, i.source.sourceImage, i.untaggedTargetRepositories]),
    [['contosoml', `azureml/churn-model@${CHURN}`, ['azureml/churn-model']]],
  );
});

test('an Azure failure is one line on stderr and exit 1', async () => {
  const r = await runCli(
    [
      'defender',
      '--from-manifests',
      CLUSTER,
      '--subscription',
      SUBSCRIPTION,
      '--resource-group',
      'ml-rg',
      '--cluster',
      'nope',
      '--arm-endpoint',
      arm.url,
      '-o',
      'json',
    ],
    { env: azureEnv },
  );
  assert.equal(r.code, 1);
  assert.match(
    r.stderr,
    /^aml-preflight defender: problem: cannot read managed cluster nope in resource group ml-rg: HTTP 404 ResourceNotFound: The Resource 'Microsoft\.ContainerService\/managedClusters\/nope'/m,
  );
  assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
});

test('bad input: one line, exit 2', async () => {
  for (const args of [
    ['--from-manifests', CLUSTER, '--apply'],
    ['--from-manifests', CLUSTER, '--subscription', 'not-a-guid'],
    ['--from-manifests', CLUSTER, '--subscription', SUBSCRIPTION, '--cluster', 'x'],
    ['--from-manifests', CLUSTER, '-o', 'yaml'],
    ['--from-manifests', join(dir, 'missing.yaml')],
    ['--from-manifests', CLUSTER, '--subscription', SUBSCRIPTION, '--max-age', 'old'],
    ['--from-manifests', CLUSTER, '--subscription', SUBSCRIPTION, '--arm-endpoint', 'http://x'],
  ]) {
    const r = await runCli(['defender', ...args]);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  }
});
