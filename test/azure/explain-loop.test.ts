// Close the loop between the two halves of the tool: the rules `firewall
// generate --format azure-policy` writes, loaded into the customer's policy,
// make `explain` allow every requirement they are for; and removing any one of
// them makes exactly the requirements its description names deny.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { explain } from '../../src/azure/explain/explain.ts';
import { Snapshot, type ArmResource } from '../../src/azure/snapshot.ts';
import { loadCatalog } from '../../src/catalog/load.ts';
import { readProfileFile } from '../../src/config/load.ts';
import { runCli } from '../helpers/cli.ts';
import { entry, explainCli, fixture, PROFILE, writeSnapshot } from './explain-support.ts';

const CHILD =
  '/subscriptions/00000000-0000-0000-0000-0000000000aa/resourceGroups/rg-hub/providers/Microsoft.Network/firewallPolicies/afwp-ml-spoke';

interface Group {
  name: string;
  properties: { priority: number; ruleCollections: { name: string; rules: { name: string; description: string }[] }[] };
}

/** The hub-and-spoke scene with an empty policy and no private endpoints: every flow crosses the firewall. */
function sceneWith(group: Group): ArmResource[] {
  const keep = (fixture('explain-hub-spoke.json') as ArmResource[]).filter(
    (r) => !/ruleCollectionGroups|privateDnsZones|privateEndpoints/i.test(r.type) && !r.id.endsWith('/afwp-platform-base'),
  );
  for (const r of keep) {
    if (r.id === CHILD) delete r.properties!.basePolicy;
    if (r.type === 'Microsoft.ContainerRegistry/registries') r.properties!.publicNetworkAccess = 'Enabled';
  }
  return [
    ...keep,
    {
      id: `${CHILD}/ruleCollectionGroups/${group.name}`,
      name: group.name,
      type: 'Microsoft.Network/firewallPolicies/ruleCollectionGroups',
      properties: group.properties,
    },
  ];
}

test('generated azure-policy rules open every requirement they are for; removing one closes exactly its requirements', async () => {
  const generated = await runCli(['firewall', 'generate', '--format', 'azure-policy', '-c', PROFILE]);
  assert.equal(generated.code, 0, generated.stderr);
  const group = JSON.parse(generated.stdout) as Group;
  const rules = group.properties.ruleCollections.flatMap((c) =>
    c.rules.map((r) => ({ collection: c.name, rule: r.name, instances: r.description.slice(0, r.description.indexOf(': ')).split(', ') })),
  );
  assert.ok(rules.length >= 10, `${rules.length} generated rules`);
  const opened = new Set(rules.flatMap((r) => r.instances));

  const { doc } = await explainCli(writeSnapshot(sceneWith(group)));
  for (const id of opened)
    assert.equal(entry(doc, id).verdict, 'allow', `${id} with the generated rules: ${JSON.stringify(entry(doc, id).path.at(-1))}`);
  // The generator opens the API server by name; in-cluster clients call it by address (known gap, said by explain).
  for (const e of doc.entries.filter((x) => !opened.has(x.requirement))) {
    assert.equal(e.verdict, 'deny', e.requirement);
    assert.ok(
      e.findings.some((f) => f.code === 'EXPLAIN_FQDN_RULE_NOT_ENOUGH'),
      e.requirement,
    );
  }

  // Rule by rule, in process (the evaluator is pure; the CLI ran above).
  const catalog = loadCatalog();
  const profile = readProfileFile(PROFILE);
  for (const r of rules) {
    const without = structuredClone(group);
    const c = without.properties.ruleCollections.find((x) => x.name === r.collection)!;
    c.rules = c.rules.filter((x) => x.name !== r.rule);
    const x = explain(new Snapshot(sceneWith(without)), profile, catalog, 'loop');
    const closed = x.entries.filter((e) => opened.has(e.requirement) && e.verdict !== 'allow');
    assert.deepEqual(closed.map((e) => e.requirement).sort(), [...r.instances].sort(), `without rule ${r.collection}/${r.rule}`);
    for (const e of closed) assert.equal(e.verdict, 'deny', `${e.requirement} without ${r.rule}`);
  }
});
