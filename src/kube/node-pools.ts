// AKS labels every node with the node pool it belongs to; the in-cluster run
// pins one pod per pool with these labels, and the compliance rules read them.
import { createdAt, labelsOf, nameOf, type Node } from './objects.ts';

/** Newer AKS versions set the kubernetes.azure.com/ label; older nodes only the bare one. */
export const POOL_LABELS = ['kubernetes.azure.com/agentpool', 'agentpool'] as const;
export const MODE_LABEL = 'kubernetes.azure.com/mode';
export const REGION_LABELS = ['topology.kubernetes.io/region', 'failure-domain.beta.kubernetes.io/region'] as const;

export function nodePoolOf(node: Node): string | undefined {
  const labels = labelsOf(node);
  return POOL_LABELS.map((l) => labels[l]).find(Boolean);
}

export interface NodePool {
  name: string;
  nodes: string[];
  /** 'system' or 'user' (AKS pool mode), when the label says. */
  mode?: string;
  /** kubernetes.io/os of its nodes: the preflight image runs on linux only. */
  os?: string;
  /** When its oldest node was created (ms since epoch), Infinity when unknown. */
  oldestNode: number;
}

export function nodePools(nodes: Node[]): NodePool[] {
  const pools = new Map<string, NodePool>();
  for (const node of nodes) {
    const name = nodePoolOf(node);
    if (!name) continue;
    const pool = pools.get(name) ?? {
      name,
      nodes: [],
      mode: labelsOf(node)[MODE_LABEL],
      os: labelsOf(node)['kubernetes.io/os'],
      oldestNode: Number.POSITIVE_INFINITY,
    };
    pool.nodes.push(nameOf(node));
    pool.oldestNode = Math.min(pool.oldestNode, createdAt(node));
    pools.set(name, pool);
  }
  return [...pools.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * The cluster's first node pool: the one named by the user, else the only
 * system pool, else the pool with the oldest node. Kubernetes does not record
 * pool order (Azure Resource Manager does), so the evidence says how it was chosen.
 */
export function firstNodePool(nodes: Node[], named?: string): { name: string; how: string } | undefined {
  if (named) return { name: named, how: 'set by --first-node-pool' };
  const pools = nodePools(nodes);
  const system = pools.filter((p) => p.mode === 'system');
  if (system.length === 1) return { name: system[0].name, how: `the only system-mode pool (label ${MODE_LABEL}=system)` };
  const candidates = system.length ? system : pools;
  const oldest = [...candidates].sort((a, b) => a.oldestNode - b.oldestNode)[0];
  return oldest && { name: oldest.name, how: 'the pool with the oldest node (set --first-node-pool to be sure)' };
}

/** The cluster's region as its nodes carry it. */
export function regionOfNodes(nodes: Node[]): string | undefined {
  for (const node of nodes) {
    const labels = labelsOf(node);
    const region = REGION_LABELS.map((l) => labels[l]).find(Boolean);
    if (region) return region;
  }
  return undefined;
}
