import type { Catalog } from '../../catalog/types.ts';
import type { Profile } from '../../config/profile.ts';
import { allowlistFor } from '../../firewall/generate.ts';
import { Snapshot, type ArmResource } from '../snapshot.ts';
import { apiServiceTag, explain, inClusterApiClients, type ExplainEntry, type Explanation } from './explain.ts';
import { dnsProxyOn, policyChain, policyOf, ruleGroupsOf } from './firewall-policy.ts';
import { sourceMatch } from './address-match.ts';
import { unifiedDiff } from './line-diff.ts';
import { outboundRules } from './nsg.ts';
import { resolverVnets } from './private-dns.ts';
import { findCluster, props, sameId, strings, topologyOf, TYPES, type Props } from './topology.ts';

// The smallest change to the customer's own configuration that allows each
// denied requirement. Candidates go from small to large: link a privatelink
// zone, add names to an allow rule that already fits the source and port, move
// a deny collection behind the allow that wanted the traffic, add a rule to an
// existing allow collection, add a collection. Each candidate is applied to a
// copy of the snapshot and kept only if explain then allows the requirement
// and allows everything it allowed before: a fix is proved, never guessed.

export interface FixStep {
  requirement: string;
  /** What to change, in a sentence. */
  change: string;
  resource: string;
}

export interface ResourceChange {
  id: string;
  before: ArmResource | null;
  after: ArmResource;
}

export interface MinimalFix {
  steps: FixStep[];
  changes: ResourceChange[];
  /** Denied requirements no candidate could open, and why. */
  unfixed: { requirement: string; why: string }[];
  /** The snapshot with every change applied. */
  fixed: Snapshot;
  diff: string;
}

interface Candidate {
  change: string;
  resource: string;
  apply: (resources: Map<string, ArmResource>) => void;
}

const key = (id: string) => id.toLowerCase();
const clone = <T>(x: T): T => structuredClone(x);

interface Need {
  kind: 'application' | 'network';
  /** Application: Https/Http, port, names. Network: protocol, port, destinations. */
  protocol: string;
  port: number;
  targetFqdns: string[];
  destinationAddresses: string[];
  destinationFqdns: string[];
}

/** What the requirement needs opened, as the generator would write it (one source of truth with firewall generate). */
function needsOf(
  entry: ExplainEntry,
  profile: Profile,
  catalog: Catalog,
  dnsProxy: boolean,
  apiTag: string | undefined,
): { needs: Need[]; serviceTag?: string } {
  const { allowlist, openings } = allowlistFor(profile, { catalog, only: new Map([[entry.requirement, []]]), dnsProxy });
  const needs: Need[] = [
    ...allowlist.application.map((r) => ({
      kind: 'application' as const,
      protocol: r.protocols[0],
      port: r.port,
      targetFqdns: r.targetFqdns,
      destinationAddresses: [],
      destinationFqdns: [],
    })),
    ...allowlist.network.map((r) => ({
      kind: 'network' as const,
      protocol: r.ipProtocols[0],
      port: r.port,
      targetFqdns: [],
      destinationAddresses: r.destinationAddresses,
      destinationFqdns: r.destinationFqdns,
    })),
  ];
  // In-cluster API clients have no opening of their own: TCP 443 to the API server's address (its service tag).
  if (needs.length === 0 && apiTag)
    needs.push({ kind: 'network', protocol: 'TCP', port: 443, targetFqdns: [], destinationAddresses: [apiTag], destinationFqdns: [] });
  return { needs, serviceTag: openings[0]?.serviceTag ?? apiTag };
}

const fitsSource = (rule: Props, prefixes: string[]): boolean => sourceMatch(strings(rule.sourceAddresses), prefixes).kind === 'yes';

function ruleFits(rule: Props, need: Need): boolean {
  if (need.kind === 'application')
    return (
      String(rule.ruleType) === 'ApplicationRule' &&
      ((rule.protocols as Props[] | undefined) ?? []).some((p) => p.protocolType === need.protocol && Number(p.port) === need.port)
    );
  return (
    String(rule.ruleType) === 'NetworkRule' &&
    strings(rule.ipProtocols).some((p) => p.toUpperCase() === need.protocol || p === 'Any') &&
    strings(rule.destinationPorts).includes(String(need.port))
  );
}

const addTo = (list: unknown, more: string[]): string[] => [...new Set([...strings(list), ...more])];

function firewallCandidates(entry: ExplainEntry, needs: Need[], snapshot: Snapshot, prefixes: string[]): Candidate[] {
  const out: Candidate[] = [];
  const fwHop = entry.path.find((h) => h.hop === 'firewall' && h.id);
  const firewall = fwHop && snapshot.byId(fwHop.id);
  if (!firewall) return out;
  const { policy } = policyOf(snapshot, firewall);
  if (!policy) return out;
  const { chain } = policyChain(snapshot, policy);
  // The customer's own policy (the one the firewall uses) first, then its bases.
  const policies = [...chain].reverse();
  const edit = (groupId: string, change: string, mutate: (collections: Props[]) => void): Candidate => ({
    change,
    resource: groupId,
    apply: (res) => {
      const group = clone(res.get(key(groupId))!);
      group.properties ??= {};
      mutate((group.properties.ruleCollections as Props[]) ?? []);
      res.set(key(groupId), group);
    },
  });
  const collectionsOf = (g: ArmResource) =>
    ((props(g).ruleCollections as Props[] | undefined) ?? []).filter((c) => c.ruleCollectionType === 'FirewallPolicyFilterRuleCollection');
  const isAllow = (c: Props) => String((c.action as Props | undefined)?.type).toLowerCase() === 'allow';

  for (const p of policies) out.push(...inPolicy(p));
  return out;

  function inPolicy(policy: ArmResource): Candidate[] {
    const out: Candidate[] = [];
    const groups = ruleGroupsOf(snapshot, policy).sort((a, b) => Number(props(a).priority) - Number(props(b).priority));
    // 1. Add the destinations to an allow rule that already fits the protocol, port and source.
    for (const g of groups)
      for (const c of collectionsOf(g).filter(isAllow))
        for (const r of (c.rules as Props[]) ?? [])
          for (const need of needs)
            if (ruleFits(r, need) && fitsSource(r, prefixes)) {
              const what = need.kind === 'application' ? need.targetFqdns : [...need.destinationAddresses, ...need.destinationFqdns];
              out.push(
                edit(g.id, `add ${what.join(', ')} to ${need.kind} rule ${String(c.name)}/${String(r.name)} (group ${g.name})`, (cols) => {
                  const rule = ((cols.find((x) => x.name === c.name)!.rules as Props[]) ?? []).find((x) => x.name === r.name)!;
                  if (need.kind === 'application') rule.targetFqdns = addTo(rule.targetFqdns, need.targetFqdns);
                  else {
                    if (need.destinationAddresses.length)
                      rule.destinationAddresses = addTo(rule.destinationAddresses, need.destinationAddresses);
                    if (need.destinationFqdns.length) rule.destinationFqdns = addTo(rule.destinationFqdns, need.destinationFqdns);
                  }
                }),
              );
            }

    // 2. A deny collection decided it: move it behind the first allow collection of its group.
    const denyGroup = entry.decidedBy && groups.find((g) => sameId(g.id, entry.decidedBy!.id));
    if (denyGroup) {
      const denyName = entry.decidedBy!.name.split('/')[0];
      const deny = collectionsOf(denyGroup).find((c) => c.name === denyName && !isAllow(c));
      if (deny) {
        const taken = new Set(collectionsOf(denyGroup).map((c) => Number(c.priority)));
        for (const allow of collectionsOf(denyGroup).filter((c) => isAllow(c) && Number(c.priority) > Number(deny.priority))) {
          let p = Number(allow.priority) + 1;
          while (taken.has(p)) p++;
          if (p > 65000) continue;
          out.push(
            edit(
              denyGroup.id,
              `move deny collection ${denyName} from priority ${String(deny.priority)} to ${p}, behind allow collection ${String(allow.name)} (${String(allow.priority)})`,
              (cols) => {
                cols.find((x) => x.name === denyName)!.priority = p;
              },
            ),
          );
        }
      }
    }

    // 3. A new rule in an existing allow collection of the right kind.
    const ruleOf = (need: Need, name: string): Props =>
      need.kind === 'application'
        ? {
            ruleType: 'ApplicationRule',
            name,
            protocols: [{ protocolType: need.protocol, port: need.port }],
            sourceAddresses: prefixes,
            targetFqdns: need.targetFqdns,
          }
        : {
            ruleType: 'NetworkRule',
            name,
            ipProtocols: [need.protocol],
            sourceAddresses: prefixes,
            destinationAddresses: need.destinationAddresses,
            ...(need.destinationFqdns.length ? { destinationFqdns: need.destinationFqdns } : {}),
            destinationPorts: [String(need.port)],
          };
    const ruleName = (need: Need) => `aml-preflight-${entry.requirement.replace(/[^A-Za-z0-9_.-]/g, '-')}-${need.kind}`.slice(0, 80);
    for (const g of groups)
      for (const c of collectionsOf(g).filter(isAllow)) {
        const kinds = new Set(((c.rules as Props[]) ?? []).map((r) => String(r.ruleType)));
        const fitting = needs.filter((n) => kinds.has(n.kind === 'application' ? 'ApplicationRule' : 'NetworkRule'));
        if (fitting.length !== needs.length) continue;
        out.push(
          edit(
            g.id,
            `add rule${needs.length > 1 ? 's' : ''} ${needs.map(ruleName).join(', ')} to allow collection ${String(c.name)} (group ${g.name})`,
            (cols) => {
              const col = cols.find((x) => x.name === c.name)!;
              col.rules = [...((col.rules as Props[]) ?? []), ...needs.map((n) => ruleOf(n, ruleName(n)))];
            },
          ),
        );
      }

    // 4. A new allow collection, ahead of everything else in the policy's first group.
    const own = groups[0];
    if (own) {
      const taken = new Set(collectionsOf(own).map((c) => Number(c.priority)));
      let p = 100;
      while (taken.has(p)) p++;
      for (const kind of ['network', 'application'] as const) {
        const mine = needs.filter((n) => n.kind === kind);
        if (!mine.length) continue;
        const name = `aml-preflight-${entry.requirement.replace(/[^A-Za-z0-9_.-]/g, '-')}-${kind}`.slice(0, 80);
        out.push(
          edit(own.id, `add allow collection ${name} (priority ${p}) to group ${own.name}`, (cols) => {
            cols.push({
              ruleCollectionType: 'FirewallPolicyFilterRuleCollection',
              name,
              priority: p,
              action: { type: 'Allow' },
              rules: mine.map((n) => ruleOf(n, ruleName(n))),
            });
          }),
        );
      }
    }
    return out;
  }
}

function dnsCandidates(entry: ExplainEntry, snapshot: Snapshot, profile: Profile, source: string): Candidate[] {
  const topology = topologyOf(snapshot, findCluster(snapshot, profile, source), source);
  const { vnets } = resolverVnets(snapshot, topology);
  return entry.findings
    .filter((f) => f.code === 'EXPLAIN_DNS_ZONE_NOT_LINKED' && f.resource)
    .flatMap((f) => {
      const zone = snapshot.byId(f.resource)!;
      return vnets.map((v): Candidate => {
        const id = `${zone.id}/virtualNetworkLinks/link-${v.name}`;
        return {
          change: `link private DNS zone ${zone.name} to VNet ${v.name}, whose resolver the nodes use`,
          resource: id,
          apply: (res) => {
            if (res.has(key(id))) return;
            res.set(key(id), {
              id,
              name: `link-${v.name}`,
              type: TYPES.zoneLink,
              location: 'global',
              properties: { virtualNetwork: { id: v.id }, registrationEnabled: false },
            });
          },
        };
      });
    });
}

function nsgCandidates(entry: ExplainEntry, needs: Need[], serviceTag: string | undefined, snapshot: Snapshot): Candidate[] {
  const hop = entry.path.find((h) => h.hop === 'nsg' && h.id);
  if (!hop || !entry.decidedBy || !/\/(default)?securityRules\//i.test(entry.decidedBy.id)) return [];
  const nsg = snapshot.ofType(TYPES.nsg).find((n) => entry.decidedBy!.id.toLowerCase().startsWith(n.id.toLowerCase()));
  const deny = nsg && outboundRules(nsg).find((r) => sameId(r.id ?? '', entry.decidedBy!.id));
  if (!nsg || !deny) return [];
  const taken = new Set(outboundRules(nsg).map((r) => r.priority));
  let p = deny.priority - 1;
  while (p >= 100 && taken.has(p)) p--;
  if (p < 100) return [];
  const name = `allow-aml-preflight-${entry.requirement.replace(/[^A-Za-z0-9_.-]/g, '-')}`.slice(0, 80);
  const protocol = needs.some((n) => n.protocol === 'UDP') ? 'Udp' : 'Tcp';
  const ports = [...new Set(needs.map((n) => String(n.port)))];
  // The requirement's own service tag is the narrowest destination an NSG can name for it.
  const destination = [serviceTag ?? 'Internet'];
  return [
    {
      change: `add outbound rule ${name} (priority ${p}, before ${deny.name}) to NSG ${nsg.name}`,
      resource: nsg.id,
      apply: (res) => {
        const copy = clone(res.get(key(nsg.id))!);
        copy.properties ??= {};
        const p2 = copy.properties;
        p2.securityRules = [
          ...((p2.securityRules as unknown[]) ?? []),
          {
            id: `${nsg.id}/securityRules/${name}`,
            name,
            properties: {
              protocol,
              sourcePortRange: '*',
              sourceAddressPrefix: 'VirtualNetwork',
              destinationAddressPrefixes: destination,
              destinationPortRanges: ports,
              access: 'Allow',
              priority: p,
              direction: 'Outbound',
            },
          },
        ];
        res.set(key(nsg.id), copy);
      },
    },
  ];
}

/** Nothing that was allowed may close. (An unknown may turn out denied: the change only showed what was there.) */
const noWorse = (before: Explanation, after: Explanation): boolean =>
  before.entries.every((e) => e.verdict !== 'allow' || after.entries.find((x) => x.requirement === e.requirement)?.verdict === 'allow');

export function minimalFix(snapshot: Snapshot, profile: Profile, catalog: Catalog, source: string): MinimalFix {
  const original = new Map(snapshot.resources.map((r) => [key(r.id), r]));
  let resources = new Map(original);
  let current = snapshot;
  const steps: FixStep[] = [];
  const unfixed: MinimalFix['unfixed'] = [];
  const tried = new Set<string>();
  for (let round = 0; round < 100; round++) {
    const now = explain(current, profile, catalog, source);
    const entry = now.entries.find((e) => e.verdict === 'deny' && !tried.has(e.requirement));
    if (!entry) break;
    const topology = topologyOf(current, findCluster(current, profile, source), source);
    const prefixes = topology.subnets.flatMap((s) => s.prefixes);
    const firewall = current.byId(entry.path.find((h) => h.hop === 'firewall')?.id);
    const policy = firewall && policyOf(current, firewall).policy;
    const chain = policy ? policyChain(current, policy).chain : [];
    const apiTag = inClusterApiClients(catalog, new Set([entry.requirement])).length ? apiServiceTag(catalog, profile) : undefined;
    const { needs, serviceTag } = needsOf(entry, profile, catalog, chain.length ? dnsProxyOn(chain) : false, apiTag);
    const candidates = [
      ...dnsCandidates(entry, current, profile, source),
      ...nsgCandidates(entry, needs, serviceTag, current),
      ...firewallCandidates(entry, needs, current, prefixes),
    ];
    let accepted = false;
    for (const c of candidates) {
      const next = new Map(resources);
      c.apply(next);
      const nextSnapshot = new Snapshot([...next.values()]);
      const after = explain(nextSnapshot, profile, catalog, source);
      const now2 = after.entries.find((e) => e.requirement === entry.requirement);
      // Progress: allowed, or still denied but further along its path (an NSG opened, a firewall rule left to add).
      const progress = now2?.verdict === 'allow' || (now2?.verdict === 'deny' && now2.path.length > entry.path.length);
      if (progress && noWorse(now, after)) {
        resources = next;
        current = nextSnapshot;
        steps.push({ requirement: entry.requirement, change: c.change, resource: c.resource });
        accepted = true;
        break;
      }
    }
    if (accepted) continue;
    tried.add(entry.requirement);
    unfixed.push({
      requirement: entry.requirement,
      why: candidates.length
        ? "no change to the customer's policy, NSG or DNS zones tried here opens it without closing something else"
        : `decided by ${entry.decidedBy?.name ?? 'the default'}: no change this tool can propose`,
    });
  }
  const changes: ResourceChange[] = [...resources.entries()]
    .filter(([k, r]) => original.get(k) !== r)
    .map(([k, r]) => ({ id: r.id, before: original.get(k) ?? null, after: r }));
  const diff = changes
    .map((c) => unifiedDiff(c.before ? `${JSON.stringify(c.before, null, 2)}` : '', JSON.stringify(c.after, null, 2), c.id))
    .join('');
  return { steps, changes, unfixed, fixed: current, diff };
}
