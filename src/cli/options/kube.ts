// The one Kubernetes option group: which cluster (kubeconfig, context), which
// namespace in it, and the deadline of each API request. Each command says what
// its namespace holds and whether it falls back to the pod's service account.
import { DEFAULT_IMAGE } from '../../cluster/manifests.ts';
import { group } from '../command.ts';

export { parseImage, parseNamespace, parseNodePoolName } from '../../cluster/names.ts';

export interface KubeUse {
  title: string;
  /** What the namespace holds, and where it is when not given. */
  namespace: { help: string; default: string };
  /** Without a kubeconfig, the pod's service account (audit run in a CronJob, defender in a pod). */
  inCluster: boolean;
}

/** Which cluster, and each API request's deadline: for a command that keeps nothing in a namespace. */
export function kubeConnection(inCluster: boolean) {
  return {
    kubeconfig: { type: 'string', value: 'FILE', help: 'kubeconfig', default: inCluster ? 'KUBECONFIG, ~/.kube/config, in-cluster' : 'KUBECONFIG, then ~/.kube/config' },
    context: { type: 'string', value: 'NAME', help: 'kubeconfig context', default: 'the current one' },
    'request-timeout': { type: 'string', value: 'MS', help: 'deadline of each Kubernetes API request', default: '15000' },
  } as const;
}

/** The group: the connection, and the namespace the command works in. */
export function kubeGroup(use: KubeUse) {
  const { 'request-timeout': requestTimeout, ...cluster } = kubeConnection(use.inCluster);
  return group(use.title, {
    ...cluster,
    namespace: { type: 'string', short: 'n', value: 'NS', help: use.namespace.help, default: use.namespace.default },
    'request-timeout': requestTimeout,
  });
}

/** The image the preflight's pods run. */
export const IMAGE_OPTION = { type: 'string', value: 'REF', help: 'the aml-preflight image the pods run (build it from the Dockerfile)', default: DEFAULT_IMAGE } as const;

/** Where the preflight's Jobs run (cluster run, cluster manifests). */
export const JOBS_NAMESPACE = { help: "namespace of the preflight's Jobs", default: 'aml-preflight' };
