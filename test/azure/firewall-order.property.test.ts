// Azure Firewall's processing order, checked against a reference model written
// here from the documentation's sentences alone (Azure docs, "Azure Firewall rule
// processing logic"): network rules before application rules whatever the
// priorities; the base policy's groups before the child's; groups, then
// collections, by priority; the first matching rule decides; nothing: deny.
// Random policies, random priorities, random rule orders.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { Snapshot, type ArmResource } from '../../src/azure/snapshot.ts';
import { evaluatePolicy, orderedRules, policyChain, ruleLabel } from '../../src/azure/explain/firewall-policy.ts';
import type { Flow } from '../../src/azure/explain/flow.ts';

const RUNS = Number(process.env.AMLPF_PROPERTY_RUNS ?? 300);
const RG = '/subscriptions/00000000-0000-0000-0000-0000000000aa/resourceGroups/rg/providers/Microsoft.Network/firewallPolicies';

/** The flow: HTTPS 443 to api.contoso.com from 10.1.0.0/22. */
const FLOW: Flow = { instance: 'x', requirement: 'x', protocol: 'tcp', port: 443, web: 'Https', host: 'api.contoso.com', public: true };

// Each rule shape with whether it matches the flow, as a person reads the docs (not through the code under test).
const APP_TARGETS: [string[], boolean][] = [
  [['api.contoso.com'], true],
  [['*.contoso.com'], true],
  [['*'], true],
  [['contoso.com'], false],
  [['*.api.contoso.com'], false],
  [['other.example'], false],
];
const NET_SHAPES: [{ ipProtocols: string[]; destinationPorts: string[]; destinationAddresses: string[] }, boolean][] = [
  [{ ipProtocols: ['TCP'], destinationPorts: ['443'], destinationAddresses: ['*'] }, true],
  [{ ipProtocols: ['Any'], destinationPorts: ['1-65535'], destinationAddresses: ['*'] }, true],
  [{ ipProtocols: ['UDP'], destinationPorts: ['443'], destinationAddresses: ['*'] }, false],
  [{ ipProtocols: ['TCP'], destinationPorts: ['8443'], destinationAddresses: ['*'] }, false],
  [{ ipProtocols: ['TCP'], destinationPorts: ['443'], destinationAddresses: ['192.168.0.0/16'] }, false],
];
const SOURCES: [string[], boolean][] = [
  [['*'], true],
  [['10.1.0.0/16'], true],
  [['10.9.0.0/16'], false],
];

interface RuleModel {
  kind: 'network' | 'application';
  shape: number;
  source: number;
  name: string;
}
interface CollectionModel {
  priority: number;
  allow: boolean;
  kind: 'network' | 'application';
  rules: RuleModel[];
}
interface GroupModel {
  priority: number;
  collections: CollectionModel[];
}

const rule = (kind: 'network' | 'application') =>
  fc.record({
    kind: fc.constant(kind),
    shape: fc.nat(kind === 'network' ? NET_SHAPES.length - 1 : APP_TARGETS.length - 1),
    source: fc.nat(SOURCES.length - 1),
    name: fc.constant(''),
  });
const collection = fc.constantFrom<'network' | 'application'>('network', 'application').chain((kind) =>
  fc.record({
    priority: fc.integer({ min: 100, max: 65000 }),
    allow: fc.boolean(),
    kind: fc.constant(kind),
    rules: fc.array(rule(kind), { minLength: 1, maxLength: 3 }),
  }),
);
const group = fc.record({
  priority: fc.integer({ min: 100, max: 65000 }),
  collections: fc.uniqueArray(collection, { selector: (c) => c.priority, minLength: 0, maxLength: 4 }),
});
const policy = fc.uniqueArray(group, { selector: (g) => g.priority, minLength: 0, maxLength: 3 });

function toResources(policies: GroupModel[][]): ArmResource[] {
  const out: ArmResource[] = [];
  policies.forEach((groups, depth) => {
    const id = `${RG}/policy${depth}`;
    out.push({
      id,
      name: `policy${depth}`,
      type: 'Microsoft.Network/firewallPolicies',
      properties: depth ? { basePolicy: { id: `${RG}/policy${depth - 1}` } } : {},
    });
    groups.forEach((g, gi) => {
      out.push({
        id: `${id}/ruleCollectionGroups/g${gi}`,
        name: `g${gi}`,
        type: 'Microsoft.Network/firewallPolicies/ruleCollectionGroups',
        properties: {
          priority: g.priority,
          ruleCollections: g.collections.map((c, ci) => ({
            ruleCollectionType: 'FirewallPolicyFilterRuleCollection',
            name: `p${depth}g${gi}c${ci}`,
            priority: c.priority,
            action: { type: c.allow ? 'Allow' : 'Deny' },
            rules: c.rules.map((r, ri) =>
              r.kind === 'network'
                ? { ruleType: 'NetworkRule', name: `r${ri}`, sourceAddresses: SOURCES[r.source][0], ...NET_SHAPES[r.shape][0] }
                : {
                    ruleType: 'ApplicationRule',
                    name: `r${ri}`,
                    sourceAddresses: SOURCES[r.source][0],
                    protocols: [{ protocolType: 'Https', port: 443 }],
                    targetFqdns: APP_TARGETS[r.shape][0],
                  },
            ),
          })),
        },
      });
    });
  });
  return out;
}

/** The reference: list every matching rule with its sort keys, sort, take the first. */
function reference(policies: GroupModel[][]): { action: 'allow' | 'deny'; decider: string | null } {
  const matches: { keys: number[]; action: 'allow' | 'deny'; label: string }[] = [];
  policies.forEach((groups, depth) => {
    groups.forEach((g, gi) => {
      g.collections.forEach((c, ci) => {
        c.rules.forEach((r, ri) => {
          const fits = (r.kind === 'network' ? NET_SHAPES[r.shape][1] : APP_TARGETS[r.shape][1]) && SOURCES[r.source][1];
          if (fits)
            matches.push({
              keys: [r.kind === 'network' ? 0 : 1, depth, g.priority, c.priority, ri],
              action: c.allow ? 'allow' : 'deny',
              label: `p${depth}g${gi}c${ci}/r${ri}`,
            });
        });
      });
    });
  });
  const byKeys = (a: number[], b: number[]): number => {
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] - b[i];
    return 0;
  };
  matches.sort((a, b) => byKeys(a.keys, b.keys));
  return matches.length ? { action: matches[0].action, decider: matches[0].label } : { action: 'deny', decider: null };
}

test('the evaluator decides as the documented processing order does, for random policies with a base policy', () => {
  let decided = 0;
  fc.assert(
    fc.property(fc.array(policy, { minLength: 1, maxLength: 3 }), fc.boolean(), (policies, shuffle) => {
      let resources = toResources(policies);
      if (shuffle) resources = [...resources].reverse(); // the snapshot's order must not matter
      const snapshot = new Snapshot(resources);
      const child = snapshot.byId(`${RG}/policy${policies.length - 1}`)!;
      const { chain } = policyChain(snapshot, child);
      assert.equal(chain.length, policies.length);
      const d = evaluatePolicy(orderedRules(snapshot, chain), FLOW, { snapshot, subnetPrefixes: ['10.1.0.0/22'], dnsProxy: false });
      const want = reference(policies);
      assert.equal(d.verdict, want.action);
      assert.equal(d.decider ? ruleLabel(d.decider.item) : null, want.decider);
      if (want.decider) decided++;
    }),
    { numRuns: RUNS },
  );
  assert.ok(decided > RUNS / 4, `only ${decided} of ${RUNS} runs had a matching rule: the generator is too sparse to test the order`);
});
