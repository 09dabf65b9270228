// The audit's and defender's view of a cluster: the shared client
// (src/cluster/kube.ts: kubeconfig or service account, deadlines), plus the
// namespace where runs are kept and the two API groups only they use
// (custom objects for the PolicyReport, discovery to see whether its CRD is
// installed). Every call goes out with `opts()`, the per-request deadline.
import { existsSync, readFileSync } from 'node:fs';
import type * as K8s from '@kubernetes/client-node';
import { parseNamespace } from '../kube/names.ts';
import { DEFAULT_REQUEST_TIMEOUT_MS, type Kube as ClusterKube } from '../kube/client.ts';
import { DEFAULT_NAMESPACE } from '../cluster/manifests.ts';

export interface KubeFlags {
  kubeconfig?: string;
  context?: string;
  namespace?: string;
  /** Deadline of each API request. */
  timeoutMs?: number;
}

export interface Kube {
  cluster: ClusterKube;
  k8s: ClusterKube['k8s'];
  namespace: string;
  /** Deadline of each API request. */
  timeoutMs: number;
  core: K8s.CoreV1Api;
  apps: K8s.AppsV1Api;
  custom: K8s.CustomObjectsApi;
  discovery: K8s.ApisApi;
  /** Options for one call: its deadline. */
  opts(): K8s.ConfigurationOptions;
}

export const SERVICE_ACCOUNT_NAMESPACE_FILE = '/var/run/secrets/kubernetes.io/serviceaccount/namespace';

export async function connectKube(flags: KubeFlags): Promise<Kube> {
  const { connectKube: connect } = await import('../kube/client.ts');
  const cluster = await connect({ kubeconfig: flags.kubeconfig, context: flags.context, inCluster: true });
  const namespace = parseNamespace(flags.namespace ?? inClusterNamespace() ?? cluster.kc.getContextObject(cluster.context)?.namespace ?? DEFAULT_NAMESPACE);
  const timeoutMs = flags.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  return {
    cluster,
    k8s: cluster.k8s,
    namespace,
    timeoutMs,
    core: cluster.core,
    apps: cluster.apps,
    custom: cluster.kc.makeApiClient(cluster.k8s.CustomObjectsApi),
    discovery: cluster.kc.makeApiClient(cluster.k8s.ApisApi),
    opts: () => cluster.within(timeoutMs),
  };
}

function inClusterNamespace(): string | undefined {
  if (!process.env.KUBERNETES_SERVICE_HOST || process.env.KUBECONFIG || !existsSync(SERVICE_ACCOUNT_NAMESPACE_FILE)) return undefined;
  return readFileSync(SERVICE_ACCOUNT_NAMESPACE_FILE, 'utf8').trim() || undefined;
}

export const isNotFound = (e: unknown) => (e as { code?: number })?.code === 404;
export const isConflict = (e: unknown) => (e as { code?: number })?.code === 409;
