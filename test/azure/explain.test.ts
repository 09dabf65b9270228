import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli } from '../helpers/cli.ts';
import { entry, explainCli, fixture, FIXTURES, PROFILE, withResources, writeSnapshot, type Doc } from './explain-support.ts';

// explain through the real CLI on fixture snapshots in ARM's shapes
// (test/fixtures/azure/explain-PROVENANCE.md): the documented verdict, decider
// and path for every requirement, and a minimal fix that, applied, opens them.

const HUB = join(FIXTURES, 'explain-hub-spoke.json');

/** requirement → [verdict, decidedBy name (null: default deny), hops, finding codes]. */
const HUB_SPOKE: Record<string, [string, string | null, string, string[]]> = {
  'aks-api': ['allow', 'platform-allow-aks/aks-fqdn-tag', 'subnet nsg route firewall policy egress', []],
  mcr: ['allow', 'platform-allow-aks/aks-fqdn-tag', 'subnet nsg route firewall policy egress', []],
  'mcr-data': ['allow', 'platform-allow-aks/aks-fqdn-tag', 'subnet nsg route firewall policy egress', []],
  'aks-management': ['allow', 'platform-allow-aks/aks-fqdn-tag', 'subnet nsg route firewall policy egress', []],
  'aks-entra-login': ['allow', 'platform-allow-aks/aks-fqdn-tag', 'subnet nsg route firewall policy egress', []],
  'aks-packages': ['allow', 'platform-allow-aks/aks-fqdn-tag', 'subnet nsg route firewall policy egress', []],
  'aks-binaries': ['allow', 'platform-allow-aks/aks-fqdn-tag', 'subnet nsg route firewall policy egress', []],
  'aks-mcr-edge': ['allow', 'platform-allow-aks/aks-fqdn-tag', 'subnet nsg route firewall policy egress', []],
  'aks-tunnel-udp': ['allow', 'allow-aks-tunnel/tunnel-udp', 'subnet nsg route firewall policy egress', []],
  'aks-tunnel-tcp': ['deny', null, 'subnet nsg route firewall policy', []],
  'aks-ntp': ['deny', null, 'subnet nsg route firewall policy', ['EXPLAIN_FQDN_NETWORK_RULE_WITHOUT_PROXY']],
  'storage-table@contosomlsa': ['deny', null, 'subnet nsg route firewall policy', []],
  'azureml-token': ['allow', 'allow-ml/ml-hosts', 'subnet nsg route firewall policy egress', []],
  // The child's deny collection (priority 100) wins over its allow collection (300) that lists the same host.
  kusto: ['deny', 'deny-telemetry/no-kusto', 'subnet nsg route firewall policy', []],
  // The zone is linked to the hub, not to the spoke whose Azure DNS the nodes use: public address, default deny.
  'acr@contosoml': ['deny', null, 'subnet dns nsg route firewall policy', ['EXPLAIN_DNS_ZONE_NOT_LINKED']],
  // The blob zone is linked to the spoke: the private endpoint's address, VnetLocal, the firewall is never crossed.
  'storage-blob@contosomlsa': ['allow', 'AllowVnetOutBound', 'subnet dns nsg route', []],
  'router-peer-discovery': ['deny', null, 'subnet nsg route firewall policy', ['EXPLAIN_FQDN_RULE_NOT_ENOUGH']],
  'router-model-discovery': ['deny', null, 'subnet nsg route firewall policy', ['EXPLAIN_FQDN_RULE_NOT_ENOUGH']],
};

function assertEntries(doc: Doc, expected: Record<string, [string, string | null, string, string[]]>): void {
  assert.deepEqual(doc.entries.map((e) => e.requirement).sort(), Object.keys(expected).sort());
  for (const [id, [verdict, decider, hops, codes]] of Object.entries(expected)) {
    const e = entry(doc, id);
    assert.equal(e.verdict, verdict, `${id}: verdict`);
    assert.equal(e.decidedBy?.name ?? null, decider, `${id}: decidedBy`);
    assert.equal(e.path.map((h) => h.hop).join(' '), hops, `${id}: path`);
    for (const code of codes)
      assert.ok(
        e.findings.some((f) => f.code === code),
        `${id}: finding ${code} in ${JSON.stringify(e.findings)}`,
      );
  }
}

test('hub and spoke: every requirement gets its documented verdict, decider and path; exit 1 for the denied ones', async () => {
  const { code, doc } = await explainCli(HUB);
  assert.equal(code, 1);
  assertEntries(doc, HUB_SPOKE);
  const kusto = entry(doc, 'kusto');
  assert.match(kusto.decidedBy!.id, /afwp-ml-spoke\/ruleCollectionGroups\/ml-spoke$/);
  assert.match(
    entry(doc, 'storage-table@contosomlsa').path[1].detail,
    /allow-storage-westeurope \(priority 300\)/,
    'the NSG service tag Storage.westeurope covers the account',
  );
  assert.match(entry(doc, 'mcr').path[2].detail, /the 0\.0\.0\.0\/0 route decides/);
  assert.match(entry(doc, 'acr@contosoml').findings[0].message, /linked to vnet-hub, not to vnet-ml-spoke/);
  assert.equal(entry(doc, 'aks-tunnel-tcp').required, false);
});

test('the minimal fix, applied to the snapshot, makes every denied requirement allow and closes nothing', async () => {
  const before = await explainCli(HUB);
  const changes = before.doc.fix.steps.map((s) => `${s.requirement}: ${s.change}`);
  assert.ok(
    changes.includes('kusto: move deny collection deny-telemetry from priority 100 to 301, behind allow collection allow-ml (300)'),
    changes.join('\n'),
  );
  assert.ok(
    changes.includes(
      'storage-table@contosomlsa: add contosomlsa.table.core.windows.net to application rule allow-ml/ml-hosts (group ml-spoke)',
    ),
    changes.join('\n'),
  );
  assert.ok(
    changes.includes('acr@contosoml: link private DNS zone privatelink.azurecr.io to VNet vnet-ml-spoke, whose resolver the nodes use'),
    changes.join('\n'),
  );
  assert.match(before.doc.fix.diff, /^--- \/subscriptions\/.*\/ruleCollectionGroups\/ml-spoke$/m);
  assert.match(before.doc.fix.diff, /^\+\s+"contosomlsa\.table\.core\.windows\.net"$/m);
  const fixed = writeSnapshot(withResources(fixture('explain-hub-spoke.json') as { id: string }[], before.doc.fix.resources));
  const after = await explainCli(fixed);
  assert.equal(after.code, 0);
  const denied = before.doc.entries.filter((e) => e.verdict === 'deny');
  assert.ok(denied.length >= 5);
  for (const e of denied) assert.equal(entry(after.doc, e.requirement).verdict, 'allow', `${e.requirement} after the fix`);
  for (const e of before.doc.entries.filter((x) => x.verdict === 'allow'))
    assert.equal(entry(after.doc, e.requirement).verdict, 'allow', `${e.requirement} stays open`);
});

test('without a profile, the target is discovered from the snapshot itself (its cluster; no workspace, so no ACR or storage)', async () => {
  const { code, doc } = await explainCli(HUB, []);
  assert.equal(code, 1);
  assert.deepEqual(doc.entries.map((e) => e.requirement).sort(), [
    'aks-api',
    'kusto',
    'mcr',
    'mcr-data',
    'router-model-discovery',
    'router-peer-discovery',
  ]);
  assert.equal(
    entry(doc, 'aks-api')
      .path.find((h) => h.hop === 'route')!
      .detail.includes('aks-ml-prod-dns-1a2b3c4d.hcp.westeurope.azmk8s.io'),
    true,
    'the FQDN came from managedClusters properties.fqdn',
  );
});

test('custom DNS in the hub: the zone must be linked to the VNet the DNS servers run in', async () => {
  const { doc } = await explainCli(join(FIXTURES, 'explain-custom-dns.json'));
  const acr = entry(doc, 'acr@contosoml');
  assert.equal(acr.verdict, 'allow');
  assert.equal(
    acr.path.find((h) => h.hop === 'dns')!.detail,
    'A 10.1.8.5 (zone linked to vnet-hub, the VNet whose resolver the nodes use)',
  );
  const blob = entry(doc, 'storage-blob@contosomlsa');
  assert.equal(blob.verdict, 'deny');
  assert.match(
    blob.findings.find((f) => f.code === 'EXPLAIN_DNS_ZONE_NOT_LINKED')!.message,
    /linked to vnet-ml-spoke, not to vnet-hub .*custom DNS 10\.0\.2\.4, 10\.0\.2\.5/,
  );
});

test('DNS on premises and an appliance that is not an Azure Firewall: unknown, naming what cannot be seen', async () => {
  const { code, doc } = await explainCli(join(FIXTURES, 'explain-onprem-dns-nva.json'));
  assert.equal(code, 0, 'nothing is denied for certain');
  assert.equal(doc.summary.deny, 0);
  const mcr = entry(doc, 'mcr');
  assert.equal(mcr.verdict, 'unknown');
  assert.equal(mcr.decidedBy?.name, 'default-to-hub-firewall');
  assert.match(mcr.findings.find((f) => f.code === 'EXPLAIN_UNKNOWN_APPLIANCE')!.message, /10\.0\.3\.10/);
  const acr = entry(doc, 'acr@contosoml');
  assert.equal(acr.verdict, 'unknown');
  assert.match(
    acr.findings.find((f) => f.code === 'EXPLAIN_DNS_UNKNOWN_RESOLVER')!.message,
    /192\.168\.10\.53 are in no VNet of the snapshot/,
  );
});

test('an NSG rule with a global service tag denies the regional tag it holds; a wider Azure tag makes it unknown', async () => {
  const resources = fixture('explain-hub-spoke.json') as { id: string; properties: { securityRules?: unknown[] } }[];
  const nsg = resources.find((r) => r.id.endsWith('/networkSecurityGroups/nsg-aks-nodes'))!;
  nsg.properties.securityRules!.push({
    id: `${nsg.id}/securityRules/deny-azurecloud-https`,
    name: 'deny-azurecloud-https',
    properties: {
      protocol: 'Tcp',
      sourcePortRange: '*',
      destinationPortRange: '443',
      sourceAddressPrefix: '*',
      destinationAddressPrefix: 'AzureCloud',
      access: 'Deny',
      priority: 250,
      direction: 'Outbound',
    },
  });
  const { doc } = await explainCli(writeSnapshot(resources));
  const kusto = entry(doc, 'kusto'); // serviceTag AzureCloud.westeurope
  assert.equal(kusto.verdict, 'deny');
  assert.equal(kusto.decidedBy?.name, 'deny-azurecloud-https');
  assert.equal(kusto.path.at(-1)!.hop, 'nsg');
  const mcr = entry(doc, 'mcr'); // serviceTag MicrosoftContainerRegistry: inside AzureCloud or not, the snapshot cannot tell
  assert.equal(mcr.verdict, 'unknown');
  assert.match(mcr.findings.find((f) => f.code === 'EXPLAIN_DEPENDS_ON_IP_RANGES')!.message, /AzureCloud holds Azure's public ranges/);
  const table = entry(doc, 'storage-table@contosomlsa'); // Storage.westeurope: inside AzureCloud, by address only
  assert.equal(table.verdict, 'unknown');
  assert.equal(
    table.path[1].detail,
    'allow by allow-storage-westeurope (priority 300), unless deny-azurecloud-https (priority 250, deny) matches first',
  );
  // The NSG denies first: the fix opens it for the requirement's own service tag, just before the deny.
  assert.equal(
    doc.fix.steps[0].change,
    'add outbound rule allow-aml-preflight-aks-packages (priority 249, before deny-azurecloud-https) to NSG nsg-aks-nodes',
  );
  assert.match(doc.fix.diff, /^\+\s+"AzureCloud"$/m);
  const after = await explainCli(writeSnapshot(withResources(resources, doc.fix.resources)));
  assert.equal(entry(after.doc, 'kusto').verdict, 'allow');
  assert.equal(after.doc.summary.deny, 0);
});

test('explain is a command: listed, with its help', async () => {
  const help = await runCli(['explain', '--help']);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /^Usage: aml-preflight explain --azure-snapshot FILE/);
  assert.match(help.stdout, /--workspace ID/);
  const usage = await runCli(['--help']);
  assert.match(usage.stdout, /^ {2}explain +decide each requirement from the customer's Azure configuration/m);
});

test('bad input is one line and exit 2', async () => {
  const notArray = writeSnapshot([]);
  const cases: [string[], RegExp][] = [
    [['explain', '-c', PROFILE], /explain: needs the Azure configuration/],
    [['explain', '--azure-snapshot', '/nonexistent/snap.json', '-c', PROFILE], /cannot read the Azure snapshot/],
    [['explain', '--azure-snapshot', notArray, '-c', PROFILE], /holds no Microsoft\.ContainerService\/managedClusters/],
    [['explain', '--azure-snapshot', HUB, '-c', PROFILE, '-o', 'yaml'], /--output: must be one of table, json/],
    [['explain', '--azure-snapshot', HUB, '--all-computes'], /explain one compute at a time/],
  ];
  for (const [args, message] of cases) {
    const r = await runCli(args);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, message);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  }
});

test('firewall generate --against-snapshot: in every format, only what the snapshot denies', async () => {
  const { doc } = await explainCli(HUB);
  const denied = doc.entries.filter((e) => e.verdict === 'deny').map((e) => e.requirement);
  const allowed = doc.entries.filter((e) => e.verdict === 'allow').map((e) => e.requirement);
  const generated = await runCli(['firewall', 'generate', '--format', 'azure-policy', '-c', PROFILE, '--against-snapshot', HUB]);
  assert.equal(generated.code, 0, generated.stderr);
  const group = JSON.parse(generated.stdout) as { properties: { ruleCollections: { rules: { description: string }[] }[] } };
  const instances = group.properties.ruleCollections.flatMap((c) =>
    c.rules.flatMap((r) => r.description.slice(0, r.description.indexOf(': ')).split(', ')),
  );
  // The in-cluster API clients are denied too, but no catalog opening is theirs: said as a note.
  assert.deepEqual([...new Set(instances)].sort(), denied.filter((d) => !d.startsWith('router-')).sort());
  assert.match(generated.stderr, /router-peer-discovery: denied, and no catalog opening covers it/);
  for (const format of ['azure-classic', 'nsg', 'terraform', 'bicep', 'azcli', 'nftables']) {
    const r = await runCli(['firewall', 'generate', '--format', format, '--no-resolve', '-c', PROFILE, '--against-snapshot', HUB]);
    assert.equal(r.code, 0, `${format}: ${r.stderr}`);
    if (format !== 'nftables') assert.match(r.stdout, /storage-table@contosomlsa/, format); // nftables leaves names out with --no-resolve
    for (const a of allowed)
      assert.doesNotMatch(
        r.stdout,
        new RegExp(`\\b${a.replace(/[.@]/g, '\\$&')}\\b[:,]`),
        `${format} opens ${a}, which the snapshot already allows`,
      );
  }
});

test('no route table: the default path, named by the outbound type; userDefinedRouting without a 0.0.0.0/0 route is a finding', async () => {
  const scene = (outboundType: string) => {
    const resources = fixture('explain-hub-spoke.json') as {
      id: string;
      type: string;
      properties: { subnets?: { properties: { routeTable?: unknown } }[]; networkProfile?: { outboundType?: string } };
    }[];
    for (const r of resources) {
      if (r.type === 'Microsoft.Network/virtualNetworks') for (const s of r.properties.subnets!) delete s.properties.routeTable;
      if (r.type === 'Microsoft.ContainerService/managedClusters') r.properties.networkProfile!.outboundType = outboundType;
    }
    return writeSnapshot(resources);
  };
  const lb = (await explainCli(scene('loadBalancer'))).doc;
  const mcr = entry(lb, 'mcr');
  assert.equal(mcr.verdict, 'allow');
  assert.equal(mcr.decidedBy?.name, 'AllowInternetOutBound');
  assert.equal(mcr.path.map((h) => h.hop).join(' '), 'subnet nsg route egress');
  assert.equal(mcr.path.at(-1)!.detail, "out through the cluster's outbound load balancer (outboundType loadBalancer)");
  assert.equal(entry(lb, 'kusto').verdict, 'allow', 'the firewall that denied it is no longer on the path');
  const udr = (await explainCli(scene('userDefinedRouting'))).doc;
  assert.ok(entry(udr, 'mcr').findings.some((f) => f.code === 'EXPLAIN_UDR_WITHOUT_DEFAULT_ROUTE'));
});
