// The one Kubernetes client, loaded only by the commands that talk to a cluster
// (@kubernetes/client-node is heavy): credentials from a kubeconfig or, in a
// pod, from the service account, the namespace the command works in, and every
// call under a deadline.
import { existsSync, readFileSync } from 'node:fs';
import type * as K8s from '@kubernetes/client-node';
import { InputError } from '../errors.ts';
import { parseNamespace } from './names.ts';

export type KubeModule = typeof K8s;

/** Deadline of one API request unless a flag says otherwise (--request-timeout). */
export const DEFAULT_REQUEST_TIMEOUT_MS = 15_000;

export interface KubeSource {
  /** A kubeconfig file; default: KUBECONFIG, then ~/.kube/config, then the pod's service account. */
  kubeconfig?: string;
  context?: string;
  /** In a pod: the service account and KUBERNETES_SERVICE_HOST, unless KUBECONFIG says otherwise. */
  inCluster?: boolean;
  /** The namespace the command works in (-n); else the pod's, then the context's, then `fallbackNamespace`. */
  namespace?: string;
  /** Default: "default", as kubectl. */
  fallbackNamespace?: string;
  /** Deadline of each API request (--request-timeout); default DEFAULT_REQUEST_TIMEOUT_MS. */
  timeoutMs?: number;
}

const SERVICE_ACCOUNT_NAMESPACE_FILE = '/var/run/secrets/kubernetes.io/serviceaccount/namespace';

export interface Kube {
  k8s: KubeModule;
  kc: K8s.KubeConfig;
  /** The API server's URL as this client reaches it. */
  server: string;
  context: string;
  /** Credentials from the pod's service account (KUBERNETES_SERVICE_HOST), not from a kubeconfig. */
  inCluster: boolean;
  namespace: string;
  /** Deadline of each API request. */
  timeoutMs: number;
  core: K8s.CoreV1Api;
  apps: K8s.AppsV1Api;
  batch: K8s.BatchV1Api;
  authz: K8s.AuthorizationV1Api;
  autoscaling: K8s.AutoscalingV2Api;
  rbac: K8s.RbacAuthorizationV1Api;
  /** Custom resources (the PolicyReport). */
  custom: K8s.CustomObjectsApi;
  /** The API groups the server serves (is the PolicyReport CRD installed?). */
  discovery: K8s.ApisApi;
  /** Options for one call under the request deadline (timeoutMs). */
  opts(): K8s.ConfigurationOptions;
  /** Per-call options: the request is aborted after timeoutMs, or when `signal` aborts. */
  within(timeoutMs: number, signal?: AbortSignal): K8s.ConfigurationOptions;
}

let loaded: Promise<KubeModule> | undefined;
export const loadKubeModule = (): Promise<KubeModule> => (loaded ??= import('@kubernetes/client-node'));

function make(k8s: KubeModule, kc: K8s.KubeConfig, inCluster: boolean, namespace: string, timeoutMs: number): Kube {
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new InputError(`kubeconfig: context "${kc.getCurrentContext()}" names no cluster`);
  const kube: Kube = {
    k8s,
    kc,
    server: cluster.server,
    context: kc.getCurrentContext(),
    inCluster,
    namespace,
    timeoutMs,
    core: kc.makeApiClient(k8s.CoreV1Api),
    apps: kc.makeApiClient(k8s.AppsV1Api),
    batch: kc.makeApiClient(k8s.BatchV1Api),
    authz: kc.makeApiClient(k8s.AuthorizationV1Api),
    autoscaling: kc.makeApiClient(k8s.AutoscalingV2Api),
    rbac: kc.makeApiClient(k8s.RbacAuthorizationV1Api),
    custom: kc.makeApiClient(k8s.CustomObjectsApi),
    discovery: kc.makeApiClient(k8s.ApisApi),
    opts: () => kube.within(timeoutMs),
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
  return kube;
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
    throw new InputError(
      `kubeconfig${source.kubeconfig ? ` ${source.kubeconfig}` : ''}: cannot load: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message.split('\n')[0]}`,
    );
  }
  if (source.context) {
    if (!kc.getContextObject(source.context)) {
      throw new InputError(
        `--context: no context "${source.context}" in the kubeconfig (known: ${
          kc
            .getContexts()
            .map((c) => c.name)
            .join(', ') || 'none'
        })`,
      );
    }
    kc.setCurrentContext(source.context);
  }
  if (!kc.getCurrentCluster() || kc.getCurrentCluster()!.server === 'http://localhost:8080') {
    throw new InputError('no cluster to talk to: no kubeconfig (set KUBECONFIG or --kubeconfig) and not running in a pod');
  }
  const namespace = parseNamespace(
    source.namespace ??
      (source.inCluster ? serviceAccountNamespace() : undefined) ??
      kc.getContextObject(kc.getCurrentContext())?.namespace ??
      source.fallbackNamespace ??
      'default',
  );
  return make(k8s, kc, fromServiceAccount, namespace, source.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS);
}

/** In a pod (even with --kubeconfig), the namespace it runs in. */
function serviceAccountNamespace(): string | undefined {
  if (!process.env.KUBERNETES_SERVICE_HOST || process.env.KUBECONFIG || !existsSync(SERVICE_ACCOUNT_NAMESPACE_FILE)) return undefined;
  return readFileSync(SERVICE_ACCOUNT_NAMESPACE_FILE, 'utf8').trim() || undefined;
}

/** The same credentials, another address for the API server (its public FQDN rather than the in-cluster service). */
export function kubeAt(kube: Kube, server: string, tlsServerName?: string): Kube {
  const cluster = kube.kc.getCurrentCluster()!;
  const user = kube.kc.getCurrentUser()!;
  const kc = new kube.k8s.KubeConfig();
  kc.loadFromClusterAndUser({ ...cluster, name: `${cluster.name}-via-${server}`, server, tlsServerName }, user);
  return make(kube.k8s, kc, false, kube.namespace, kube.timeoutMs);
}
