// A pod pinned to a node pool must schedule there even when the pool is tainted
// (GPU pools usually are), but only past the taints the pool's nodes carry as
// configuration: not past every taint there is. `operator: Exists` with no key
// would also tolerate NoExecute and the node lifecycle's own taints (not-ready,
// unreachable, disk pressure), and so keep a probe on a node that is failing.
import type { Node } from '../kube/objects.ts';
import { nodePoolOf } from '../kube/node-pools.ts';

export interface Taint {
  key: string;
  value?: string;
  effect: string;
}

export interface Toleration {
  key: string;
  operator: 'Equal' | 'Exists';
  value?: string;
  effect: string;
}

// Taints Kubernetes and the autoscaler set on nodes that are unwell or going away: never tolerated.
const CONDITION_TAINTS =
  /^(node\.kubernetes\.io\/|node\.cloudprovider\.kubernetes\.io\/|ToBeDeletedByClusterAutoscaler$|DeletionCandidateOfClusterAutoscaler$)/;

/** One toleration for each configured taint (key, value and effect as they are) on the nodes of the pool. */
export function tolerationsForPool(nodes: Node[], pool: string): Toleration[] {
  const seen = new Map<string, Toleration>();
  for (const node of nodes) {
    if (nodePoolOf(node) !== pool) continue;
    for (const t of (node.spec as { taints?: Taint[] } | undefined)?.taints ?? []) {
      if (!t?.key || !t.effect || CONDITION_TAINTS.test(t.key) || t.effect === 'PreferNoSchedule') continue;
      const toleration: Toleration = t.value
        ? { key: t.key, operator: 'Equal', value: t.value, effect: t.effect }
        : { key: t.key, operator: 'Exists', effect: t.effect };
      seen.set(`${t.key}=${t.value ?? ''}:${t.effect}`, toleration);
    }
  }
  return [...seen.values()].sort((a, b) => `${a.key}:${a.effect}`.localeCompare(`${b.key}:${b.effect}`));
}
