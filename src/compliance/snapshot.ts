import type { ConfigMap, Deployment, HorizontalPodAutoscaler, KubeObject, Node, Pod } from '../kube/objects.ts';

/** The cluster's objects the compliance rules read, whether listed live or loaded from a dump. */
export interface ClusterSnapshot {
  /** Where the objects came from, for the report: "cluster context aks-prod" or the dump files. */
  source: string;
  nodes: Node[];
  deployments: Deployment[];
  pods: Pod[];
  daemonSets: KubeObject[];
  hpas: HorizontalPodAutoscaler[];
  configMaps: ConfigMap[];
}

const BUCKETS: Record<string, keyof Omit<ClusterSnapshot, 'source'>> = {
  Node: 'nodes',
  Deployment: 'deployments',
  Pod: 'pods',
  DaemonSet: 'daemonSets',
  HorizontalPodAutoscaler: 'hpas',
  ConfigMap: 'configMaps',
};

/** The kinds a dump needs to hold for every rule to decide. */
export const SNAPSHOT_KINDS = Object.keys(BUCKETS);

/** Sorts objects into the snapshot by kind; other kinds are counted and ignored. */
export function snapshotOf(objects: KubeObject[], source: string): { snapshot: ClusterSnapshot; ignored: number } {
  const snapshot: ClusterSnapshot = { source, nodes: [], deployments: [], pods: [], daemonSets: [], hpas: [], configMaps: [] };
  let ignored = 0;
  for (const o of objects) {
    const bucket = BUCKETS[o.kind ?? ''];
    if (bucket) (snapshot[bucket] as KubeObject[]).push(o);
    else ignored++;
  }
  return { snapshot, ignored };
}
