// The Kubernetes client, loaded only by the commands that talk to a cluster
// (@kubernetes/client-node is heavy): credentials from a kubeconfig or, in a
// pod, from the service account, and every call under a deadline.
import type * as K8s from '@kubernetes/client-node';
import { InputError } from '../errors.ts';

export type KubeModule = typeof K8s;

/** Deadline of one API request unless a flag says otherwise (--request-timeout). */
export const DEFAULT_REQUEST_TIMEOUT_MS = 15_000;

export interface KubeSource {
  /** A kubeconfig file; default: KUBECONFIG, then ~/.kube/config, then the pod's service account. */
  kubeconfig?: string;
  context?: string;
  /** In a pod: the service account and KUBERNETES_SERVICE_HOST, unless KUBECONFIG says otherwise. */
  inCluster?: boolean;
}

export interface Kube {
  k8s: KubeModule;
  kc: K8s.KubeConfig;
  /** The API server's URL as this client reaches it. */
  server: string;
  context: string;
  /** Credentials from the pod's service account (KUBERNETES_SERVICE_HOST), not from a kubeconfig. */
  inCluster: boolean;
  core: K8s.CoreV1Api;
  apps: K8s.AppsV1Api;
  batch: K8s.BatchV1Api;
  authz: K8s.AuthorizationV1Api;
  autoscaling: K8s.AutoscalingV2Api;
  rbac: K8s.RbacAuthorizationV1Api;
  /** Per-call options: the request is aborted after timeoutMs, or when `signal` aborts. */
  within(timeoutMs: number, signal?: AbortSignal): K8s.ConfigurationOptions;
}

let loaded: Promise<KubeModule> | undefined;
export const loadKubeModule = (): Promise<KubeModule> => (loaded ??= import('@kubernetes/client-node'));

function make(k8s: KubeModule, kc: K8s.KubeConfig, inCluster: boolean): Kube {
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new InputError(`kubeconfig: context "${kc.getCurrentContext()}" names no cluster`);
  return {
    k8s,
    kc,
    server: cluster.server,
    context: kc.getCurrentContext(),
    inCluster,
    core: kc.makeApiClient(k8s.CoreV1Api),
    apps: kc.makeApiClient(k8s.AppsV1Api),
    batch: kc.makeApiClient(k8s.BatchV1Api),
    authz: kc.makeApiClient(k8s.AuthorizationV1Api),
    autoscaling: kc.makeApiClient(k8s.AutoscalingV2Api),
    rbac: kc.makeApiClient(k8s.RbacAuthorizationV1Api),
    within(timeoutMs, signal) {
      const deadline = AbortSignal.timeout(timeoutMs);
      const combined = signal ? AbortSignal.any([deadline, signal]) : deadline;
      const middleware: K8s.ObservableMiddleware = {
        pre: (ctx) => {
          ctx.setSignal(combined);
          return new k8s.Observable(Promise.resolve(ctx));
        },
        post: (res) => new k8s.Observable(Promise.resolve(res)),
      };
      return { middleware: [middleware], middlewareMergeStrategy: 'append' };
    },
  };
}

export async function connectKube(source: KubeSource = {}): Promise<Kube> {
  const k8s = await loadKubeModule();
  const kc = new k8s.KubeConfig();
  const fromServiceAccount = !source.kubeconfig && !!source.inCluster && !!process.env.KUBERNETES_SERVICE_HOST && !process.env.KUBECONFIG;
  try {
    if (source.kubeconfig) kc.loadFromFile(source.kubeconfig);
    else if (fromServiceAccount) kc.loadFromCluster();
    else kc.loadFromDefault();
  } catch (e) {
    throw new InputError(`kubeconfig${source.kubeconfig ? ` ${source.kubeconfig}` : ''}: cannot load: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message.split('\n')[0]}`);
  }
  if (source.context) {
    if (!kc.getContextObject(source.context)) {
      throw new InputError(`--context: no context "${source.context}" in the kubeconfig (known: ${kc.getContexts().map((c) => c.name).join(', ') || 'none'})`);
    }
    kc.setCurrentContext(source.context);
  }
  if (!kc.getCurrentCluster() || kc.getCurrentCluster()!.server === 'http://localhost:8080') {
    throw new InputError('no cluster to talk to: no kubeconfig (set KUBECONFIG or --kubeconfig) and not running in a pod');
  }
  return make(k8s, kc, fromServiceAccount);
}

/** The same credentials, another address for the API server (its public FQDN rather than the in-cluster service). */
export function kubeAt(kube: Kube, server: string, tlsServerName?: string): Kube {
  const cluster = kube.kc.getCurrentCluster()!;
  const user = kube.kc.getCurrentUser()!;
  const kc = new kube.k8s.KubeConfig();
  kc.loadFromClusterAndUser({ ...cluster, name: `${cluster.name}-via-${server}`, server, tlsServerName }, user);
  return make(kube.k8s, kc, false);
}
