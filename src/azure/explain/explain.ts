import type { Catalog } from '../../catalog/types.ts';
import { fillTemplate } from '../../catalog/template.ts';
import type { Profile } from '../../config/profile.ts';
import { collectOpenings, type Opening } from '../../firewall/openings.ts';
import { planChecks } from '../../plan/expand.ts';
import { targetOf } from '../../plan/target.ts';
import type { Snapshot } from '../snapshot.ts';
import type { Flow } from './flow.ts';
import { fqdnCovers } from './fqdn-match.ts';
import { isPrivate, parsePrefix } from './ipv4.ts';
import { evaluateFlow } from './path.ts';
import { findCluster, topologyOf, type Topology } from './topology.ts';
import { worst, type Finding, type PathResult, type Verdict } from './verdict.ts';

// explain: for every requirement instance that applies to the target, the path
// its traffic takes from the node subnet and the verdict of that path, from the
// snapshot alone. Pure: the same snapshot and profile give the same answer.

export interface ExplainEntry extends PathResult {
  requirement: string;
  /** A required requirement (severity fail): denied, it fails the run. */
  required: boolean;
  /** What travels: "Https 443 to contosoml.azurecr.io", one per host. */
  flows: { flow: string; verdict: Verdict }[];
}

export interface Explanation {
  cluster: { id: string; name: string };
  entries: ExplainEntry[];
  summary: Record<Verdict, number>;
}

/** Requirements whose clients (pods) call the API server by the kubernetes service's address: no name to match. */
export function inClusterApiClients(catalog: Catalog, applied: Set<string>): string[] {
  return [...applied].filter((id) => {
    const r = catalog.byId.get(id);
    return r?.probes.includes('k8s') && r.dependsOn?.includes('aks-api');
  });
}

/** The service tag that holds the API server's public address (aks-api's firewall.serviceTag, filled). */
export function apiServiceTag(catalog: Catalog, profile: Profile): string | undefined {
  const tag = catalog.byId.get('aks-api')?.firewall?.serviceTag;
  return tag ? fillTemplate(tag, targetOf(profile).values).value : undefined;
}

/** The concrete hosts of an opening: a wildcard stands for the hosts the preflight probes under it. */
function hostsOf(o: Opening): string[] {
  const out = new Set<string>();
  for (const f of o.fqdns) {
    const probed = f.startsWith('*.') ? o.probedHosts.filter((h) => fqdnCovers(f, h)) : [];
    for (const h of probed.length ? probed : [f]) out.add(h);
  }
  return [...out];
}

export function flowsOf(o: Opening): Flow[] {
  const base = {
    instance: o.instance,
    requirement: o.requirement,
    protocol: o.protocol === 'udp' ? ('udp' as const) : ('tcp' as const),
    port: o.port,
    serviceTag: o.serviceTag,
    fqdnTag: o.fqdnTag,
  };
  const web = o.protocol === 'https' ? ('Https' as const) : o.protocol === 'http' ? ('Http' as const) : undefined;
  const flows: Flow[] = o.addresses.map((address) => ({
    ...base,
    address,
    public: !isPrivate(parsePrefix(address) ?? { base: 0, bits: 32 }),
  }));
  for (const host of hostsOf(o)) flows.push({ ...base, web, host, public: true });
  if (flows.length === 0 && o.serviceTag) flows.push({ ...base, public: true });
  return flows;
}

function entryOf(instance: string, required: boolean, results: { flow: string; result: PathResult }[]): ExplainEntry {
  const verdict = results.reduce<Verdict>((v, r) => worst(v, r.result.verdict), 'allow');
  const decisive = results.find((r) => r.result.verdict === verdict)!.result;
  const findings: Finding[] = [];
  for (const f of results.flatMap((r) => r.result.findings))
    if (!findings.some((g) => g.code === f.code && g.message === f.message)) findings.push(f);
  return {
    requirement: instance,
    required,
    verdict,
    decidedBy: decisive.decidedBy,
    path: decisive.path,
    findings,
    flows: results.map((r) => ({ flow: r.flow, verdict: r.result.verdict })),
  };
}

/** Every subnet the nodes use; the most closed one answers for the flow. */
function acrossSubnets(snapshot: Snapshot, topology: Topology, flow: Flow): PathResult {
  const results = topology.subnets.map((s) => evaluateFlow(snapshot, topology, s, flow));
  const verdict = results.reduce<Verdict>((v, r) => worst(v, r.verdict), 'allow');
  return results.find((r) => r.verdict === verdict)!;
}

const describe = (f: Flow): string =>
  `${f.web ?? f.protocol.toUpperCase()} ${f.port} to ${f.host ?? f.address ?? (f.inVnet ? "the API server's private address" : f.serviceTag ? `${f.serviceTag} (by address)` : 'an address')}`;

export function explain(snapshot: Snapshot, profile: Profile, catalog: Catalog, source: string): Explanation {
  const cluster = findCluster(snapshot, profile, source);
  const topology = topologyOf(snapshot, cluster, source);
  const { openings } = collectOpenings(catalog, profile);
  const severity = (id: string) => catalog.byId.get(id)?.severity ?? 'fail';
  const entries: ExplainEntry[] = [];

  for (const o of openings) {
    const results = flowsOf(o).map((flow) => ({ flow: describe(flow), result: acrossSubnets(snapshot, topology, flow) }));
    if (results.length) entries.push(entryOf(o.instance, severity(o.requirement) === 'fail', results));
  }

  // In-cluster clients reach the API server by the kubernetes service's address: no SNI, so only network rules
  // can allow them ("the FQDN tag is not enough", AKS docs).
  const target = targetOf(profile);
  const applied = new Set(
    planChecks(catalog, target, { ruleSets: profile.ruleSets, dependencies: profile.dependencies }).map((c) => c.requirement),
  );
  const apiTag = apiServiceTag(catalog, profile);
  const apiEntry = entries.find((e) => e.requirement === 'aks-api');
  for (const id of inClusterApiClients(catalog, applied)) {
    const flow: Flow = {
      instance: id,
      requirement: id,
      protocol: 'tcp',
      port: 443,
      serviceTag: apiTag,
      public: !topology.privateCluster,
      inVnet: topology.privateCluster,
    };
    const result = acrossSubnets(snapshot, topology, flow);
    const entry = entryOf(id, severity(id) === 'fail', [{ flow: describe(flow), result }]);
    if (entry.verdict !== 'allow' && apiEntry?.verdict === 'allow') {
      entry.findings.push({
        code: 'EXPLAIN_FQDN_RULE_NOT_ENOUGH',
        message: `the nodes reach the API server by name (aks-api: allow), but ${id} runs in pods that call it by the kubernetes service's address, with no name an application rule or FQDN tag can match: add a network rule for TCP 443 to the API server's address (or ${apiTag ?? 'its service tag'}), or annotate the pods kubernetes.azure.com/set-kube-service-host-fqdn`,
      });
    }
    entries.push(entry);
  }

  const summary: Record<Verdict, number> = { allow: 0, deny: 0, unknown: 0 };
  for (const e of entries) summary[e.verdict]++;
  return { cluster: { id: cluster.id, name: cluster.name }, entries, summary };
}

/** Exit 1 when a required requirement is denied. */
export const explainFailed = (x: Explanation): boolean => x.entries.some((e) => e.required && e.verdict === 'deny');
