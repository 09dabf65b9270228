import { InputError } from '../errors.ts';

export const CLUSTER_PURPOSES = ['DevTest', 'FastProd', 'DenseProd'] as const;
export type ClusterPurpose = (typeof CLUSTER_PURPOSES)[number];

/** A load the user expects a service to carry: what max-replicas-cover-load checks against. */
export interface DeclaredLoad {
  /** Deployment name, namespace/name, or * for every model service. */
  service: string;
  rps: number;
  requestSeconds: number;
}

/** What the compliance rules need beyond the cluster's objects. */
export interface ComplianceSettings {
  clusterPurpose?: ClusterPurpose;
  firstNodePool?: string;
  loads: DeclaredLoad[];
  clusterRegion?: string;
  workspaceRegion?: string;
  /** The profile's endpoint.auth: token auth declared by the user. */
  auth?: 'key' | 'token' | 'none';
  /** The namespace the Kubernetes compute is (or will be) attached in (--compute-namespace): the migration rules check it. */
  computeNamespace?: string;
}

export function parseClusterPurpose(value: string | undefined): ClusterPurpose | undefined {
  if (value === undefined) return undefined;
  const found = CLUSTER_PURPOSES.find((p) => p.toLowerCase() === value.toLowerCase());
  if (!found) throw new InputError(`--cluster-purpose: must be one of ${CLUSTER_PURPOSES.join(', ')} (got ${JSON.stringify(value)})`);
  return found;
}

/** --load SERVICE:RPS:SECONDS, e.g. my-model:20:0.5 or azureml-ws/my-model:20:0.5 or *:20:0.5 */
export function parseLoad(text: string): DeclaredLoad {
  const m = /^(\*|(?:[a-z0-9][a-z0-9-]{0,62}\/)?[a-z0-9][a-z0-9.-]{0,252}):(\d+(?:\.\d+)?):(\d+(?:\.\d+)?)$/.exec(text);
  const rps = Number(m?.[2]);
  const requestSeconds = Number(m?.[3]);
  if (!m || !(rps > 0) || !(requestSeconds > 0)) {
    throw new InputError(
      `--load: expected SERVICE:RPS:SECONDS with positive numbers, e.g. my-model:20:0.5 or *:20:0.5 (got ${JSON.stringify(text)})`,
    );
  }
  return { service: m[1], rps, requestSeconds };
}
