import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { format as hclFormat } from '@cdktf/hcl-tools';
import { parse as parseHcl } from '@cdktf/hcl2json';
import { stringify } from 'yaml';
import { loadCatalog } from '../../src/catalog/load.ts';
import type { Profile } from '../../src/config/profile.ts';
import { FIREWALL_FORMATS, generateRules, type FirewallFormat } from '../../src/firewall/generate.ts';
import { startLab, type Lab } from '../../src/lab/lab.ts';
import { runCli } from '../helpers/cli.ts';
import { parseBicepLiteral } from './helpers/bicep-literal.ts';
import { demoTarget, policyRules } from './helpers/demo-target.ts';
import { nonEmpty } from '../helpers/non-empty.ts';

const catalog = loadCatalog();
const REPORT = fileURLToPath(new URL('./fixtures/demo-report.json', import.meta.url));
const which = (cmd: string): boolean => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;

let target: Profile;
let dir: string;
before(async () => {
  target = await demoTarget();
  dir = mkdtempSync(join(tmpdir(), 'amlpf-fw-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

const gen = (format: FirewallFormat, extra: Partial<Parameters<typeof generateRules>[1]> = {}, profile = target) =>
  generateRules(profile, { format, catalog, sources: ['10.240.0.0/16'], resolve: false, ...extra });

type PolicyCollection = { name: string; priority: number; ruleCollectionType: string; action: { type: string } };
type ClassicApplicationRule = { protocols: { protocolType: string }[]; targetFqdns: string[] };
type ClassicNetworkRule = { protocols: string[]; destinationPorts: string[]; destinationAddresses: string[] };
type NsgRule = { properties: { priority: number; destinationAddressPrefix?: string; destinationPortRange?: string; description: string } };
type Imprecision = { instance: string };

describe('firewall generate: azure-policy', () => {
  it('is a rule collection group with the fields ARM requires, network rules before application rules', async () => {
    const doc = JSON.parse((await gen('azure-policy')).text);
    assert.equal(doc.name, 'aml-preflight');
    assert.equal(doc.properties.priority, 500);
    assert.deepEqual(
      doc.properties.ruleCollections.map((c: PolicyCollection) => [c.name, c.priority, c.ruleCollectionType, c.action.type]),
      [
        ['aml-preflight-network', 100, 'FirewallPolicyFilterRuleCollection', 'Allow'],
        ['aml-preflight-application', 200, 'FirewallPolicyFilterRuleCollection', 'Allow'],
      ],
    );
    for (const r of policyRules(doc)) {
      assert.match(r.name, /^[A-Za-z0-9][A-Za-z0-9_.-]*$/);
      assert.ok(r.description.length > 10 && r.description.length <= 140, r.description);
      assert.deepEqual(r.sourceAddresses, ['10.240.0.0/16']);
      if (r.ruleType === 'ApplicationRule') {
        assert.deepEqual(r.protocols, [{ protocolType: 'Https', port: 443 }]);
        assert.ok(r.targetFqdns.length > 0);
      } else {
        assert.equal(r.ruleType, 'NetworkRule');
        assert.ok(r.ipProtocols.length > 0 && r.destinationPorts.length === 1 && r.destinationAddresses!.length > 0);
      }
    }
  });

  it('opens every FQDN the target needs exactly once, naming each requirement that needs it', async () => {
    const rules = policyRules(JSON.parse((await gen('azure-policy')).text));
    const fqdns = rules.flatMap((r) => r.targetFqdns ?? []);
    assert.equal(new Set(fqdns).size, fqdns.length, 'an FQDN is repeated');
    const needed = [
      '*.hcp.eastus.azmk8s.io',
      'mcr.microsoft.com',
      '*.data.mcr.microsoft.com',
      'mcr-0001.mcr-msedge.net',
      'demostore.table.core.windows.net',
      'api.azureml.ms',
      'ingest-viennaeastus.kusto.windows.net',
      'demoacr.azurecr.io',
      'demoacr.eastus.data.azurecr.io',
      'demostore.blob.core.windows.net',
      'management.azure.com',
    ];
    for (const f of needed) assert.ok(fqdns.includes(f), `${f} missing`);
    const shared = rules.find((r) => r.targetFqdns?.includes('*.data.mcr.microsoft.com'))!;
    assert.match(shared.description, /^mcr, mcr-data: /);
    const acr = rules.find((r) => r.targetFqdns?.includes('demoacr.azurecr.io'))!;
    assert.deepEqual(acr.targetFqdns, ['demoacr.azurecr.io', 'demoacr.eastus.data.azurecr.io'], 'one requirement, one port: one rule');
  });

  it('sends custom DNS on UDP and TCP 53, the tunnel by service tag, and NTP to any address without the DNS proxy', async () => {
    const generated = await gen('azure-policy');
    const net = Object.fromEntries(
      policyRules(JSON.parse(generated.text))
        .filter((r) => r.ruleType === 'NetworkRule')
        .map((r) => [r.name, r]),
    );
    assert.deepEqual(
      [net['custom-dns'].ipProtocols, net['custom-dns'].destinationAddresses, net['custom-dns'].destinationPorts],
      [['TCP', 'UDP'], ['198.18.0.53'], ['53']],
    );
    assert.deepEqual(
      [net['aks-tunnel-udp'].ipProtocols, net['aks-tunnel-udp'].destinationAddresses, net['aks-tunnel-udp'].destinationPorts],
      [['UDP'], ['AzureCloud.eastus'], ['1194']],
    );
    assert.deepEqual([net['aks-tunnel-tcp'].ipProtocols, net['aks-tunnel-tcp'].destinationPorts], [['TCP'], ['9000']]);
    assert.deepEqual(net['aks-ntp'].destinationAddresses, ['*']);
    assert.ok(generated.notes.some((n) => /aks-ntp: opened to any address/.test(n)));
  });

  it('names FQDNs in network rules only with --dns-proxy', async () => {
    const rules = policyRules(JSON.parse((await gen('azure-policy', { dnsProxy: true })).text));
    const ntp = rules.find((r) => r.name === 'aks-ntp')!;
    assert.deepEqual([ntp.destinationFqdns, ntp.destinationAddresses], [['ntp.ubuntu.com'], undefined]);
  });

  it('uses the AzureKubernetesService FQDN tag with --fqdn-tags, for the requirements that allow it', async () => {
    const rules = policyRules(JSON.parse((await gen('azure-policy', { fqdnTags: true })).text));
    const tagged = rules.filter((r) => r.fqdnTags);
    assert.equal(tagged.length, 1);
    assert.deepEqual(tagged[0].fqdnTags, ['AzureKubernetesService']);
    assert.match(tagged[0].description, /aks-api/);
    assert.ok(!rules.some((r) => r.targetFqdns?.includes('*.hcp.eastus.azmk8s.io')));
    assert.ok(
      rules.some((r) => r.targetFqdns?.includes('mcr.microsoft.com')),
      'mcr names no FQDN tag in the catalog: it keeps its FQDN',
    );
  });

  it('follows the profile: no api.azureml.ms without token auth, one rule per storage account', async () => {
    const profile = {
      ...target,
      endpoint: { auth: 'key' as const },
      workspace: { ...target.workspace, storageAccount: ['storea', 'storeb'] },
    };
    const rules = policyRules(JSON.parse((await gen('azure-policy', {}, profile)).text));
    assert.ok(!rules.some((r) => r.targetFqdns?.includes('api.azureml.ms')));
    assert.deepEqual(
      rules.filter((r) => /^storage-blob/.test(r.name)).map((r) => r.targetFqdns),
      [['storea.blob.core.windows.net'], ['storeb.blob.core.windows.net']],
    );
  });
});

describe('firewall generate: the other formats', () => {
  it('azure-classic: application and network rule collections of a classic Azure Firewall', async () => {
    const doc = JSON.parse((await gen('azure-classic')).text);
    const app = doc.applicationRuleCollections[0];
    const net = doc.networkRuleCollections[0];
    assert.deepEqual([app.properties.action, net.properties.action], [{ type: 'Allow' }, { type: 'Allow' }]);
    assert.ok(
      nonEmpty(app.properties.rules as ClassicApplicationRule[], 'the application rules').every(
        (r) => r.protocols[0].protocolType === 'Https' && r.targetFqdns.length,
      ),
    );
    assert.ok(
      nonEmpty(net.properties.rules as ClassicNetworkRule[], 'the network rules').every(
        (r) => r.protocols.length && r.destinationPorts.length && r.destinationAddresses.length,
      ),
    );
    const policy = policyRules(JSON.parse((await gen('azure-policy')).text));
    assert.equal(app.properties.rules.length + net.properties.rules.length, policy.length);
  });

  it('nsg: outbound allow rules by service tag, and says which requirements it opens wider than asked', async () => {
    const generated = await gen('nsg');
    const doc = JSON.parse(generated.text);
    const priorities = doc.securityRules.map((r: NsgRule) => r.properties.priority);
    assert.deepEqual(
      priorities,
      [...priorities].sort((a, b) => a - b),
    );
    assert.equal(new Set(priorities).size, priorities.length);
    assert.ok(priorities[0] === 1000 && priorities.at(-1) <= 4096);
    for (const r of doc.securityRules) {
      assert.deepEqual(
        [r.properties.access, r.properties.direction, r.properties.sourceAddressPrefix],
        ['Allow', 'Outbound', '10.240.0.0/16'],
      );
      assert.match(r.properties.protocol, /^(Tcp|Udp)$/);
      assert.ok(r.properties.destinationAddressPrefix || r.properties.destinationAddressPrefixes);
    }
    const to = (prefix: string) => doc.securityRules.filter((r: NsgRule) => r.properties.destinationAddressPrefix === prefix);
    assert.ok(
      to('AzureCloud.eastus').some((r: NsgRule) => r.properties.destinationPortRange === '443' && /aks-api/.test(r.properties.description)),
    );
    assert.ok(to('Storage.eastus').length >= 1);
    const blob = doc.imprecise.find((i: Imprecision) => i.instance === 'storage-blob@demostore');
    assert.deepEqual([blob.needs, blob.opens], [['demostore.blob.core.windows.net'], 'Storage.eastus']);
    assert.match(blob.reach, /every storage account in eastus/);
    assert.ok(!doc.imprecise.some((i: Imprecision) => i.instance === 'custom-dns'), 'DNS servers are addresses: precise');
    assert.ok(
      generated.notes.some((n) => /^aks-api: an NSG cannot match \*\.hcp\.eastus\.azmk8s\.io; it opens AzureCloud\.eastus/.test(n)),
    );
  });

  it('terraform: canonical `terraform fmt` form, and parses to the same rules as azure-policy', async () => {
    const text = (await gen('terraform')).text;
    assert.equal(await hclFormat(text), text, 'hclwrite.Format (what terraform fmt runs) would change the file');
    const tf = await parseHcl('main.tf', text);
    const group = tf.resource.azurerm_firewall_policy_rule_collection_group.aml_preflight[0];
    assert.equal(group.name, 'aml-preflight');
    assert.equal(group.firewall_policy_id, '${var.firewall_policy_id}');
    const policy = policyRules(JSON.parse((await gen('azure-policy')).text));
    const tfRules = [...group.network_rule_collection[0].rule, ...group.application_rule_collection[0].rule];
    assert.deepEqual(
      tfRules.map((r: { name: string }) => r.name),
      policy.map((r) => r.name),
    );
    assert.deepEqual(group.application_rule_collection[0].rule[0].protocols, [{ type: 'Https', port: 443 }]);
  });

  it('terraform: passes the real `terraform fmt -check` where terraform is installed', async (t) => {
    if (!which('terraform')) return t.skip('terraform is not installed here (not in Debian); the hclwrite check above still runs');
    const file = join(dir, 'main.tf');
    writeFileSync(file, (await gen('terraform')).text);
    const r = spawnSync('terraform', ['fmt', '-check', '-diff', file], {
      encoding: 'utf8',
      env: { ...process.env, TF_CLI_CONFIG_FILE: '/dev/null' },
    });
    assert.equal(r.status, 0, r.stdout + r.stderr);
  });

  it('bicep: an existing policy as parent and the same properties as the ARM JSON', async () => {
    const text = (await gen('bicep')).text;
    assert.match(text, /^param firewallPolicyName string$/m);
    assert.match(text, /^resource firewallPolicy 'Microsoft\.Network\/firewallPolicies@[\d-]+' existing = \{$/m);
    assert.match(
      text,
      /^resource ruleCollectionGroup 'Microsoft\.Network\/firewallPolicies\/ruleCollectionGroups@[\d-]+' = \{\n {2}parent: firewallPolicy\n {2}name: 'aml-preflight'\n {2}properties: \{$/m,
    );
    const literal = text.slice(text.indexOf('  properties: ') + '  properties: '.length, text.lastIndexOf('\n}'));
    assert.deepEqual(parseBicepLiteral(literal), JSON.parse((await gen('azure-policy')).text).properties);
  });

  it('azcli: passes bash -n, and its az calls carry every rule', async () => {
    const script = join(dir, 'rules.sh');
    writeFileSync(script, (await gen('azcli')).text);
    execFileSync('bash', ['-n', script]);
    const calls = runWithFakeAz(script);
    assert.deepEqual(calls[0].slice(0, 10), [
      'network',
      'firewall',
      'policy',
      'rule-collection-group',
      'create',
      '--resource-group',
      'rg 1',
      '--policy-name',
      'hub-policy',
      '--name',
    ]);
    const ruleNames = calls.slice(1).map((c) => c[c.indexOf(c.includes('--rule-name') ? '--rule-name' : '--name') + 1]);
    const policy = policyRules(JSON.parse((await gen('azure-policy')).text));
    assert.deepEqual(
      ruleNames,
      policy.map((r) => r.name),
    );
    const dns = calls.find((c) => c.includes('custom-dns'))!;
    assert.deepEqual(dns.slice(dns.indexOf('--ip-protocols') + 1, dns.indexOf('--ip-protocols') + 3), ['TCP', 'UDP']);
  });

  it('the az script stops with a clear message when the policy is not named', async () => {
    const script = join(dir, 'rules-unset.sh');
    writeFileSync(script, (await gen('azcli')).text);
    const r = spawnSync('bash', [script], { encoding: 'utf8', env: { PATH: process.env.PATH } });
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /set RESOURCE_GROUP/);
  });

  it('every format is the same, byte for byte, for the same input', async () => {
    for (const format of FIREWALL_FORMATS) {
      const [a, b] = [await gen(format), await gen(format)];
      assert.equal(a.text, b.text, format);
    }
  });
});

describe('firewall generate: nftables', () => {
  let lab: Lab;
  before(async () => {
    lab = await startLab();
  });
  after(() => lab.stop());

  it('resolves the names through the profile DNS server and writes addresses, wildcards narrowed to the probed hosts', async () => {
    const profile = { ...lab.target, dns: { servers: [lab.dnsServer] } };
    const generated = await generateRules(profile, { format: 'nftables', catalog, sources: ['10.240.0.0/16'], nftHook: 'forward' });
    const address = (host: string) => lab.endpoints.find((e) => e.host === host)!.address;
    const line = (name: string) => generated.text.split('\n').find((l) => l.includes(`comment "${name}:`)) ?? '';
    assert.match(
      line('aks-api'),
      new RegExp(
        `^\\t\\tip saddr \\{ 10\\.240\\.0\\.0/16 \\} ip daddr \\{ ${address(lab.target.cluster!.apiServerFqdn!).replace(/\./g, '\\.')} \\} tcp dport 443 accept`,
      ),
    );
    assert.match(line('mcr_mcr-data'), new RegExp(address('eastus.data.mcr.microsoft.com').replace(/\./g, '\\.')));
    assert.match(line('custom-dns'), /ip daddr \{ 127\.0\.0\.1 \} meta l4proto \{ tcp, udp \} th dport \d+ accept/);
    assert.match(generated.text, /type filter hook forward priority filter; policy drop;/);
    assert.ok(generated.notes.includes('mcr-0001.mcr-msedge.net: NXDOMAIN: not opened'), generated.notes.join('\n'));
  });

  it('loads with nft -c -f (root and nftables needed)', async (t) => {
    if (process.getuid?.() !== 0 || !which('nft'))
      return t.skip('needs root and nft (apt-get install nftables) to check the file with nft -c');
    const profile = { ...lab.target, dns: { servers: [lab.dnsServer] } };
    for (const hook of ['forward', 'output'] as const) {
      const file = join(dir, `rules-${hook}.nft`);
      writeFileSync(
        file,
        (await generateRules(profile, { format: 'nftables', catalog, sources: ['10.240.0.0/16', 'fd00::/64'], nftHook: hook })).text,
      );
      const r = spawnSync('nft', ['-c', '-f', file], { encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
    }
  });
});

describe('firewall generate: the command', () => {
  it('--from REPORT --only-failing opens only what the report saw blocked', async () => {
    const r = await runCli([
      'firewall',
      'generate',
      '--from',
      REPORT,
      '--only-failing',
      '--format',
      'azure-policy',
      '--source',
      '10.240.0.0/16',
    ]);
    assert.equal(r.code, 0, r.stderr);
    const names = policyRules(JSON.parse(r.stdout))
      .map((x) => x.name)
      .sort();
    // mcr passed: the *.data.mcr.microsoft.com it shares with mcr-data is opened for mcr-data alone.
    assert.deepEqual(names, ['dependency-db.contoso.example-443', 'kusto', 'mcr-data', 'storage-blob-demostore']);
    const mcrData = policyRules(JSON.parse(r.stdout)).find((x) => x.name === 'mcr-data')!;
    assert.deepEqual(mcrData.targetFqdns, ['*.data.mcr.microsoft.com', 'mcr-0001.mcr-msedge.net']);
    assert.match(r.stderr, /^$/);
  });

  it('--from REPORT alone takes the whole target from the report', async () => {
    const r = await runCli(['firewall', 'generate', '--from', REPORT, '--format', 'terraform']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /"demoacr\.azurecr\.io"/);
    assert.match(r.stdout, /destination_fqdns = \["db\.contoso\.example"\]/, 'the model dependency from the report');
    assert.match(r.stdout, /destination_addresses = \["198\.18\.0\.53"\]/, 'the DNS server from the report');
  });

  it('rejects what it cannot use with one line and exit 2', async () => {
    const bad = join(dir, 'bad-report.json');
    writeFileSync(bad, JSON.stringify({ schemaVersion: 1, checks: [] }));
    const notJson = join(dir, 'not-json.json');
    writeFileSync(notJson, '<html>');
    const profile = join(dir, 'p.yaml');
    writeFileSync(profile, stringify(target));
    const cases: [string[], RegExp][] = [
      [['--only-failing'], /--only-failing needs --from/],
      [['--from', bad], /bad-report\.json: .*(is required|must).*schema\/report\.schema\.json/],
      [['--from', notJson], /not JSON/],
      [['-c', profile, '--format', 'pdf'], /--format: must be one of azure-policy, /],
      [['-c', profile, '--source', '10.0.0.0/8; rm -rf /'], /--source: .* is not an IP address or CIDR prefix/],
      [['-c', profile, '--name', 'x"}$(id)'], /--name: .* is not letters, digits/],
      [['-c', profile, '--nft-hook', 'input'], /--nft-hook: must be one of forward, output/],
      [['-c', profile, '--priority', '99'], /--priority: must be a whole number from 100 to 65000/],
    ];
    for (const [args, message] of cases) {
      const r = await runCli(['firewall', 'generate', ...args]);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
      assert.match(r.stderr, message);
      assert.equal(r.stdout, '');
    }
  });

  it('writes --output-file atomically and lists itself in --help', async () => {
    const out = join(dir, 'out.json');
    const profile = join(dir, 'p2.yaml');
    writeFileSync(profile, stringify(target));
    const r = await runCli(['firewall', 'generate', '-c', profile, '--output-file', out]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /azure-policy rules written to/);
    const help = await runCli(['--help']);
    assert.match(help.stdout, /^ {2}firewall /m);
    const sub = await runCli(['firewall', 'generate', '--help']);
    assert.equal(sub.code, 0);
    assert.match(sub.stdout, /--format FORMAT +azure-policy \| azure-classic \| nsg \| terraform \| bicep \| azcli \| nftables/);
    const unknown = await runCli(['firewall', 'open-everything']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /^aml-preflight: firewall: expected "generate" or "apply"/);
  });
});

/** Runs the az script with `az` replaced by a function that prints its arguments: what bash really passes. */
function runWithFakeAz(script: string): string[][] {
  const out = execFileSync('bash', ['-c', `az() { printf '%s\\0' "$@"; printf '\\1\\0'; }; export -f az; source "$1"`, 'runner', script], {
    env: { PATH: process.env.PATH, RESOURCE_GROUP: 'rg 1', POLICY_NAME: 'hub-policy' },
  }).toString('utf8');
  return out
    .split('\u0001\u0000')
    .filter(Boolean)
    .map((call) => call.split('\u0000').filter((w, i, all) => i < all.length - 1 || w !== ''));
}
