import { firstNodePool, nodePoolOf, POOL_LABELS } from '../../kube/node-pools.ts';
import type { ModelService } from '../model-services.ts';
import { globMatches, nameOf, type Node } from '../../kube/objects.ts';
import { list, type ComplianceRule } from './rule.ts';

function acceleratorsOf(service: ModelService, patterns: string[]): string[] {
  const names = new Set<string>();
  for (const c of service.deployment.spec?.template?.spec?.containers ?? []) {
    for (const key of [...Object.keys(c.resources?.limits ?? {}), ...Object.keys(c.resources?.requests ?? {})]) {
      if (patterns.some((p) => globMatches(p, key))) names.add(key);
    }
  }
  return [...names];
}

/** Where the service runs: its pods' nodes, else the pools its pod template is pinned to. */
function poolsOf(service: ModelService, nodes: Node[]): { pools: string[]; from: string } {
  const byNode = new Map(nodes.map((n) => [nameOf(n), nodePoolOf(n)]));
  const placed = [...new Set(service.pods.map((p) => byNode.get(p.spec?.nodeName ?? '')).filter((p): p is string => !!p))];
  if (placed.length) return { pools: placed, from: "its pods' nodes" };
  const spec = service.deployment.spec?.template?.spec;
  const pinned = new Set<string>();
  for (const label of POOL_LABELS) if (spec?.nodeSelector?.[label]) pinned.add(spec.nodeSelector[label]);
  for (const term of spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? []) {
    for (const e of term.matchExpressions ?? [])
      if ((POOL_LABELS as readonly string[]).includes(e.key) && e.operator === 'In') for (const v of e.values ?? []) pinned.add(v);
  }
  return { pools: [...pinned], from: pinned.size ? 'its node selector/affinity' : 'nowhere known (no scheduled pod, no pool pinning)' };
}

/** GPU/FPGA models must run on the cluster's first node pool: a secondary pool added later is not supported. */
export const acceleratorsOnFirstPool: ComplianceRule = {
  needs: ['deployments', 'nodes'],
  evaluate({ snapshot, settings, spec, services }) {
    const patterns = spec.resources ?? [];
    const accelerated = services.map((s) => ({ s, resources: acceleratorsOf(s, patterns) })).filter((a) => a.resources.length);
    if (!accelerated.length)
      return {
        outcome: 'pass',
        message: `no GPU/FPGA model deployment (resources ${patterns.join(', ')})`,
        evidence: { resources: patterns },
      };
    const first = firstNodePool(snapshot.nodes, settings.firstNodePool);
    const placements = accelerated.map(({ s, resources }) => ({ deployment: s.ref, resources, ...poolsOf(s, snapshot.nodes) }));
    const evidence = { firstNodePool: first, deployments: placements };
    if (!first)
      return {
        outcome: 'unknown',
        message: 'cannot tell the first node pool: no node carries an agentpool label (set --first-node-pool)',
        evidence,
      };
    const offenders = placements
      .filter((p) => p.pools.some((pool) => pool !== first.name))
      .map((p) => `${p.deployment} on ${p.pools.filter((x) => x !== first.name).join(', ')}`);
    if (offenders.length)
      return {
        outcome: 'violation',
        message: `GPU/FPGA model on a secondary node pool (first pool: ${first.name}): ${list(offenders)}`,
        evidence,
      };
    const unplaced = placements.filter((p) => !p.pools.length);
    if (unplaced.length === placements.length)
      return {
        outcome: 'unknown',
        message: `cannot tell where ${list(unplaced.map((p) => p.deployment))} run: no scheduled pod and no node pool pinning`,
        evidence,
      };
    return { outcome: 'pass', message: `GPU/FPGA model deployment(s) run on the first node pool ${first.name}`, evidence };
  },
};
