import type { Snapshot } from '../snapshot.ts';
import type { Decision } from './first-match.ts';
import type { AddressContext, Flow } from './flow.ts';
import { evaluateNsg, type SecurityRule } from './nsg.ts';
import {
  dnsProxyOn,
  evaluatePolicy,
  fqdnRulesWithoutProxy,
  orderedRules,
  policyChain,
  policyOf,
  ruleDecider,
  ruleLabel,
  type PolicyRule,
} from './firewall-policy.ts';
import { publicAccessDenied, publicAccessRestricted, resolve, resourceForHost } from './private-dns.ts';
import { applianceAt, chooseRoute, firewallAt, internetEgress, userRoutes } from './route.ts';
import { vnetPrefixes, type NodeSubnet, type Topology } from './topology.ts';
import type { Finding, Hop, PathResult } from './verdict.ts';

// One flow from one node subnet, hop by hop: DNS (which address the name
// gives), the subnet's NSG, its route, the Azure Firewall and its policy, the
// destination's own public-access setting. The first hop that decides ends it.

interface Walk {
  path: Hop[];
  findings: Finding[];
}

const done = (w: Walk, verdict: PathResult['verdict'], decidedBy: PathResult['decidedBy']): PathResult => ({
  verdict,
  decidedBy,
  path: w.path,
  findings: w.findings,
});

function nsgRuleName(d: Decision<SecurityRule>): string {
  return d.decider ? `${d.decider.item.name} (priority ${d.decider.item.priority})` : 'no rule';
}

export function evaluateFlow(snapshot: Snapshot, topology: Topology, subnet: NodeSubnet, flow: Flow): PathResult {
  const walk: Walk = {
    path: [{ hop: 'subnet', id: subnet.id, name: subnet.name, detail: `${subnet.prefixes.join(', ')} in VNet ${subnet.vnet.name}` }],
    findings: [],
  };

  if (flow.host && !flow.host.startsWith('*.') && !flow.address) {
    const answer = resolve(snapshot, topology, flow.host);
    walk.findings.push(...answer.findings);
    if (answer.hop) walk.path.push(answer.hop);
    if (answer.kind === 'nxdomain') return done(walk, 'deny', { id: answer.hop.id!, name: answer.hop.name });
    if (answer.kind === 'private') return onward(snapshot, topology, subnet, { ...flow, address: answer.address, public: false }, walk);
    if (answer.kind === 'either') {
      const viaPrivate = onward(
        snapshot,
        topology,
        subnet,
        { ...flow, address: answer.address, public: false },
        { path: [...walk.path], findings: [] },
      );
      const viaPublic = onward(snapshot, topology, subnet, flow, { path: [...walk.path], findings: [] });
      if (viaPrivate.verdict === viaPublic.verdict) return { ...viaPrivate, findings: [...walk.findings, ...viaPrivate.findings] };
      walk.findings.push({
        code: 'EXPLAIN_DEPENDS_ON_DNS',
        message: `through ${answer.address} the answer is ${viaPrivate.verdict} (${viaPrivate.decidedBy?.name ?? 'default deny'}); through the public address it is ${viaPublic.verdict} (${viaPublic.decidedBy?.name ?? 'default deny'})`,
        resource: answer.hop.id ?? undefined,
      });
      walk.findings.push(...viaPrivate.findings, ...viaPublic.findings);
      // The path shown is the public one: what the nodes get when the custom DNS does not forward the zone.
      return {
        verdict: 'unknown',
        decidedBy: { id: answer.hop.id!, name: answer.hop.name },
        path: viaPublic.path,
        findings: walk.findings,
      };
    }
  }
  return onward(snapshot, topology, subnet, flow, walk);
}

function onward(snapshot: Snapshot, topology: Topology, subnet: NodeSubnet, flow: Flow, walk: Walk): PathResult {
  const context: AddressContext = {
    vnetPrefixes: vnetPrefixes(subnet.vnet),
    udrPrefixes: userRoutes(subnet.routeTable).map((r) => r.addressPrefix),
  };

  // NSG
  if (subnet.nsgMissing) {
    walk.path.push({ hop: 'nsg', id: subnet.nsgMissing, name: subnet.nsgMissing.split('/').pop()!, detail: 'not in the snapshot' });
    walk.findings.push({
      code: 'EXPLAIN_RESOURCE_MISSING',
      message: `the subnet's NSG ${subnet.nsgMissing} is not in the snapshot`,
      resource: subnet.nsgMissing,
    });
    return done(walk, 'unknown', null);
  }
  let allowedBy: PathResult['decidedBy'] = null;
  if (subnet.nsg) {
    const d = evaluateNsg(subnet.nsg, flow, subnet.prefixes, context);
    const rule = d.decider?.item;
    const unless = d.uncertain[0]
      ? `, unless ${d.uncertain[0].entry.item.name} (priority ${d.uncertain[0].entry.item.priority}, ${d.uncertain[0].entry.action}) matches first`
      : '';
    walk.path.push({
      hop: 'nsg',
      id: rule?.id ?? subnet.nsg.id,
      name: subnet.nsg.name,
      detail: `${d.decider?.action ?? 'deny'} by ${nsgRuleName(d)}${unless}`,
    });
    if (d.verdict === 'unknown') {
      const u = d.uncertain[0];
      walk.findings.push({
        code: 'EXPLAIN_DEPENDS_ON_IP_RANGES',
        message: `NSG ${subnet.nsg.name} rule ${u.entry.item.name} (priority ${u.entry.item.priority}, ${u.entry.action}) may match first: ${u.why}`,
        resource: u.entry.item.id ?? undefined,
      });
      return done(walk, 'unknown', { id: u.entry.item.id ?? subnet.nsg.id, name: u.entry.item.name });
    }
    if (d.verdict === 'deny') return done(walk, 'deny', rule ? { id: rule.id ?? subnet.nsg.id, name: rule.name } : null);
    allowedBy = rule ? { id: rule.id ?? subnet.nsg.id, name: rule.name } : null;
  } else {
    walk.path.push({ hop: 'nsg', id: null, name: 'none', detail: 'no NSG on the subnet' });
  }

  // Route
  if (subnet.routeTableMissing) {
    walk.path.push({
      hop: 'route',
      id: subnet.routeTableMissing,
      name: subnet.routeTableMissing.split('/').pop()!,
      detail: 'not in the snapshot',
    });
    walk.findings.push({
      code: 'EXPLAIN_RESOURCE_MISSING',
      message: `the subnet's route table ${subnet.routeTableMissing} is not in the snapshot`,
      resource: subnet.routeTableMissing,
    });
    return done(walk, 'unknown', null);
  }
  const choice = chooseRoute(subnet, flow);
  const route = choice.route;
  const routeId = route.id ?? subnet.routeTable?.id ?? null;
  walk.path.push({
    hop: 'route',
    id: routeId,
    name: route.name,
    detail: `${route.addressPrefix} → ${route.nextHopType}${route.nextHopIpAddress ? ` ${route.nextHopIpAddress}` : ''}: ${choice.why}`,
  });
  if (choice.caveat)
    walk.findings.push({ code: 'EXPLAIN_DEPENDS_ON_ADDRESS', message: `route: ${choice.caveat}`, resource: subnet.routeTable?.id });
  const routeDecider = { id: routeId ?? subnet.id, name: route.name };
  const destination = (decided: PathResult['decidedBy']): PathResult => atDestination(snapshot, flow, walk, decided);

  switch (route.nextHopType) {
    case 'None':
      return done(walk, 'deny', routeDecider);
    case 'VnetLocal':
    case 'VNetPeering':
      return destination(allowedBy);
    case 'Internet':
      if (topology.outboundType === 'userDefinedRouting' && route.id === null)
        walk.findings.push({
          code: 'EXPLAIN_UDR_WITHOUT_DEFAULT_ROUTE',
          message: `cluster ${topology.cluster.name} has outboundType userDefinedRouting but its subnet has no 0.0.0.0/0 route`,
          resource: subnet.id,
        });
      walk.path.push({ hop: 'egress', id: null, name: 'Internet', detail: `out through ${internetEgress(topology, subnet)}` });
      return destination(allowedBy);
    case 'VirtualAppliance':
      break;
    default:
      walk.findings.push({
        code: 'EXPLAIN_ROUTE_UNKNOWN_HOP',
        message: `route ${route.name} sends ${flow.host ?? 'the traffic'} to ${route.nextHopType} (on-premises or a gateway): what happens there is not in the snapshot`,
      });
      return done(walk, 'unknown', routeDecider);
  }

  const firewall = firewallAt(snapshot, route.nextHopIpAddress);
  if (!firewall) {
    const appliance = applianceAt(snapshot, route.nextHopIpAddress ?? '');
    walk.path.push({ hop: 'firewall', id: null, name: appliance, detail: 'a virtual appliance that is not an Azure Firewall' });
    walk.findings.push({
      code: 'EXPLAIN_UNKNOWN_APPLIANCE',
      message: `route ${route.name} sends the traffic to ${appliance}, which is not an Azure Firewall of the snapshot: its rules cannot be read`,
      resource: routeId ?? undefined,
    });
    return done(walk, 'unknown', routeDecider);
  }
  const { policy, id: policyId } = policyOf(snapshot, firewall);
  walk.path.push({
    hop: 'firewall',
    id: firewall.id,
    name: firewall.name,
    detail: `next hop ${route.nextHopIpAddress}${policyId ? `, policy ${policyId.split('/').pop()}` : ''}`,
  });
  if (!policy) {
    const why = policyId ? `its policy ${policyId} is not in the snapshot` : 'it uses classic rules, which explain does not evaluate';
    walk.findings.push({
      code: 'EXPLAIN_RESOURCE_MISSING',
      message: `firewall ${firewall.name}: ${why}`,
      resource: policyId ?? firewall.id,
    });
    return done(walk, 'unknown', { id: firewall.id, name: firewall.name });
  }
  const { chain, missing } = policyChain(snapshot, policy);
  if (missing) {
    walk.findings.push({
      code: 'EXPLAIN_RESOURCE_MISSING',
      message: `policy ${policy.name}: its base policy ${missing} is not in the snapshot`,
      resource: missing,
    });
    return done(walk, 'unknown', { id: policy.id, name: policy.name });
  }
  const rules = orderedRules(snapshot, chain);
  const dnsProxy = dnsProxyOn(chain);
  const d = evaluatePolicy(rules, flow, { snapshot, subnetPrefixes: subnet.prefixes, dnsProxy });
  const chainNames = chain.map((p) => p.name).join(' → ');
  const decider = d.decider?.item;
  walk.path.push({
    hop: 'policy',
    id: decider?.group.id ?? policy.id,
    name: decider ? ruleLabel(decider) : 'default deny',
    detail: policyDetail(d, chainNames),
  });
  if (!decider && flow.host) {
    const ignored = fqdnRulesWithoutProxy(rules, dnsProxy).filter((r) =>
      (r.rule.destinationFqdns as string[]).some((f) => f.toLowerCase() === flow.host),
    );
    for (const r of ignored)
      walk.findings.push({
        code: 'EXPLAIN_FQDN_NETWORK_RULE_WITHOUT_PROXY',
        message: `network rule ${ruleLabel(r)} names ${flow.host}, but the policy's DNS proxy is off: network rules match FQDNs only through it`,
        resource: r.group.id,
      });
  }
  if (d.verdict === 'unknown') {
    const u = d.uncertain[0];
    walk.findings.push({
      code: 'EXPLAIN_DEPENDS_ON_IP_RANGES',
      message: `${u.entry.item.kind} rule ${ruleLabel(u.entry.item)} (${u.entry.action}) may match first: ${u.why}`,
      resource: u.entry.item.group.id,
    });
    return done(walk, 'unknown', ruleDecider(u.entry.item));
  }
  if (d.verdict === 'deny') return done(walk, 'deny', decider ? ruleDecider(decider) : null);
  walk.path.push({ hop: 'egress', id: firewall.id, name: 'Internet', detail: `out through firewall ${firewall.name}` });
  return destination(ruleDecider(decider!));
}

function policyDetail(d: Decision<PolicyRule>, chainNames: string): string {
  const r = d.decider?.item;
  if (!r) return `no rule of ${chainNames} matches: Azure Firewall denies by default`;
  return `${d.decider!.action} by ${r.kind} rule ${ruleLabel(r)} (policy ${r.policy.name}, group ${r.group.name} priority ${r.groupPriority}, collection priority ${r.collectionPriority}); order ${chainNames}, network rules first`;
}

/** The destination's own gate: a registry or storage account that refuses public traffic. */
function atDestination(snapshot: Snapshot, flow: Flow, walk: Walk, allowedBy: PathResult['decidedBy']): PathResult {
  if (!flow.public || !flow.host) return done(walk, 'allow', allowedBy);
  const resource = resourceForHost(snapshot, flow.host);
  const denied = publicAccessDenied(resource);
  if (denied) {
    walk.path.push({ hop: 'resource', id: resource!.id, name: resource!.name, detail: denied });
    walk.findings.push({
      code: 'EXPLAIN_PUBLIC_ACCESS_DISABLED',
      message: `${denied}: reached by its public address, ${flow.host} refuses the request`,
      resource: resource!.id,
    });
    return done(walk, 'deny', { id: resource!.id, name: resource!.name });
  }
  const restricted = publicAccessRestricted(resource);
  if (restricted) {
    walk.path.push({ hop: 'resource', id: resource!.id, name: resource!.name, detail: restricted });
    walk.findings.push({
      code: 'EXPLAIN_PUBLIC_ACCESS_RESTRICTED',
      message: `${restricted}: whether the egress address is among them is not in the snapshot`,
      resource: resource!.id,
    });
    return done(walk, 'unknown', { id: resource!.id, name: resource!.name });
  }
  return done(walk, 'allow', allowedBy);
}
