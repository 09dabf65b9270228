import type { ArmResource, Snapshot } from '../snapshot.ts';
import { anyAddress, portMatch, sourceMatch } from './address-match.ts';
import { allOf, anyOf, firstMatch, maybe, NO, YES, type Decision, type Match, type Ordered } from './first-match.ts';
import type { Flow } from './flow.ts';
import { fqdnCovers, fqdnTagCovers } from './fqdn-match.ts';
import { idOf, props, strings, TYPES, type Props } from './topology.ts';

// An Azure Firewall Policy with its base policies, in Azure's processing order
// (Azure docs, "Azure Firewall rule processing logic"): network rules before
// application rules, whatever the priorities; within each, the base policy's
// rule collection groups before the child's, groups by priority, collections by
// priority; the first match decides; no match is the default deny.

export interface PolicyRule {
  policy: ArmResource;
  group: ArmResource;
  groupPriority: number;
  collection: Props;
  collectionPriority: number;
  rule: Props;
  kind: 'network' | 'application';
}

/** The chain from the root base policy down to `policy` (base policies first). */
export function policyChain(snapshot: Snapshot, policy: ArmResource): { chain: ArmResource[]; missing?: string } {
  const chain: ArmResource[] = [policy];
  for (let p = policy; ; ) {
    const baseId = idOf(props(p).basePolicy);
    if (!baseId) return { chain };
    const base = snapshot.byId(baseId);
    if (!base) return { chain, missing: baseId };
    if (chain.includes(base)) return { chain };
    chain.unshift(base);
    p = base;
  }
}

export function ruleGroupsOf(snapshot: Snapshot, policy: ArmResource): ArmResource[] {
  const prefix = `${policy.id}/ruleCollectionGroups/`.toLowerCase();
  return snapshot.ofType(TYPES.ruleGroup).filter((g) => g.id.toLowerCase().startsWith(prefix));
}

const byPriority = <T>(list: T[], priority: (x: T) => number): T[] => [...list].sort((a, b) => priority(a) - priority(b));

/** Every filter rule of the chain, in the order the firewall applies them. */
export function orderedRules(snapshot: Snapshot, chain: ArmResource[]): Ordered<PolicyRule>[] {
  const out: Ordered<PolicyRule>[] = [];
  for (const kind of ['network', 'application'] as const) {
    const ruleType = kind === 'network' ? 'networkrule' : 'applicationrule';
    for (const policy of chain) {
      for (const group of byPriority(ruleGroupsOf(snapshot, policy), (g) => Number(props(g).priority))) {
        const collections = ((props(group).ruleCollections as Props[] | undefined) ?? []).filter(
          (c) => c.ruleCollectionType === 'FirewallPolicyFilterRuleCollection',
        );
        for (const collection of byPriority(collections, (c) => Number(c.priority))) {
          const action = String((collection.action as Props | undefined)?.type ?? '').toLowerCase() === 'allow' ? 'allow' : 'deny';
          for (const rule of (collection.rules as Props[] | undefined) ?? []) {
            if (String(rule.ruleType).toLowerCase() !== ruleType) continue;
            out.push({
              item: {
                policy,
                group,
                groupPriority: Number(props(group).priority),
                collection,
                collectionPriority: Number(collection.priority),
                rule,
                kind,
              },
              action,
            });
          }
        }
      }
    }
  }
  return out;
}

/** DNS proxy: the policy's own setting, else the nearest base policy's. */
export function dnsProxyOn(chain: ArmResource[]): boolean {
  for (const p of [...chain].reverse()) {
    const proxy = (props(p).dnsSettings as Props | undefined)?.enableProxy;
    if (typeof proxy === 'boolean') return proxy;
  }
  return false;
}

function ipGroupAddresses(snapshot: Snapshot, ids: string[]): string[] | undefined {
  const groups = ids.map((id) => snapshot.byId(id));
  if (groups.some((g) => !g)) return undefined;
  return groups.flatMap((g) => strings(props(g).ipAddresses));
}

function sourcesMatch(snapshot: Snapshot, rule: Props, subnetPrefixes: string[]): Match {
  const groups = strings(rule.sourceIpGroups);
  const fromGroups = groups.length ? ipGroupAddresses(snapshot, groups) : [];
  const direct = strings(rule.sourceAddresses);
  if (fromGroups === undefined) {
    const m = sourceMatch(direct, subnetPrefixes);
    return m.kind === 'yes'
      ? m
      : maybe(`the rule's source IP groups ${groups.map((g) => g.split('/').pop()).join(', ')} are not in the snapshot`);
  }
  return sourceMatch([...direct, ...fromGroups], subnetPrefixes);
}

export interface MatchContext {
  snapshot: Snapshot;
  subnetPrefixes: string[];
  dnsProxy: boolean;
}

function networkRuleMatch(rule: Props, flow: Flow, c: MatchContext): Match {
  const protocols = strings(rule.ipProtocols).map((p) => p.toLowerCase());
  const protocol = protocols.includes('any') || protocols.includes(flow.protocol) ? YES : NO;
  const groups = strings(rule.destinationIpGroups);
  const groupAddresses = groups.length ? ipGroupAddresses(c.snapshot, groups) : [];
  const fqdns = strings(rule.destinationFqdns);
  const destinations: Match[] = [anyAddress([...strings(rule.destinationAddresses), ...(groupAddresses ?? [])], flow)];
  if (groupAddresses === undefined)
    destinations.push(
      maybe(`the rule's destination IP groups ${groups.map((g) => g.split('/').pop()).join(', ')} are not in the snapshot`),
    );
  // Network rules match FQDNs through the firewall's own DNS proxy only (Azure docs, FQDN filtering in network rules).
  if (fqdns.length && c.dnsProxy && flow.host) destinations.push(fqdns.some((f) => fqdnCovers(f, flow.host!)) ? YES : NO);
  return allOf(
    protocol,
    portMatch(strings(rule.destinationPorts), flow.port),
    sourcesMatch(c.snapshot, rule, c.subnetPrefixes),
    anyOf(destinations),
  );
}

function applicationRuleMatch(rule: Props, flow: Flow, c: MatchContext): Match {
  // Application rules read the name in TLS SNI or the Host header: a client that connects by address offers none.
  if (!flow.web || !flow.host) return NO;
  const protocols = ((rule.protocols as Props[] | undefined) ?? []).some(
    (p) => String(p.protocolType).toLowerCase() === flow.web!.toLowerCase() && Number(p.port) === flow.port,
  )
    ? YES
    : NO;
  const targets: Match[] = strings(rule.targetFqdns).map((f) => (fqdnCovers(f, flow.host!) ? YES : NO));
  for (const tag of strings(rule.fqdnTags)) {
    const covered = fqdnTagCovers(tag, flow.host);
    targets.push(covered === 'yes' ? YES : covered === 'no' ? NO : maybe(`FQDN tag ${tag}: this tool does not know the names it covers`));
  }
  if (strings(rule.webCategories).length)
    targets.push(maybe(`web categories ${strings(rule.webCategories).join(', ')}: which names they hold is not in the snapshot`));
  for (const url of strings(rule.targetUrls)) {
    const host = url.replace(/^[a-z]+:\/\//i, '').split('/')[0];
    if (fqdnCovers(host, flow.host)) targets.push(maybe(`target URL ${url} also restricts the path (TLS inspection)`));
  }
  return allOf(protocols, sourcesMatch(c.snapshot, rule, c.subnetPrefixes), anyOf(targets));
}

export const policyRuleMatch = (r: PolicyRule, flow: Flow, c: MatchContext): Match =>
  r.kind === 'network' ? networkRuleMatch(r.rule, flow, c) : applicationRuleMatch(r.rule, flow, c);

export function evaluatePolicy(rules: Ordered<PolicyRule>[], flow: Flow, c: MatchContext): Decision<PolicyRule> {
  return firstMatch(rules, (r) => policyRuleMatch(r, flow, c), 'deny');
}

/** Network rules that name FQDNs while the DNS proxy is off match nothing: worth saying. */
export function fqdnRulesWithoutProxy(rules: Ordered<PolicyRule>[], dnsProxy: boolean): PolicyRule[] {
  return dnsProxy ? [] : rules.map((r) => r.item).filter((r) => r.kind === 'network' && strings(r.rule.destinationFqdns).length > 0);
}

export const ruleLabel = (r: PolicyRule): string => `${String(r.collection.name)}/${String(r.rule.name)}`;
export const ruleDecider = (r: PolicyRule): { id: string; name: string } => ({ id: r.group.id, name: ruleLabel(r) });

/** The policy attached to a firewall (azureFirewalls properties.firewallPolicy.id). */
export function policyOf(snapshot: Snapshot, firewall: ArmResource): { policy?: ArmResource; id?: string } {
  const id = idOf(props(firewall).firewallPolicy);
  return { policy: snapshot.byId(id), id };
}
