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

export function kubeGroup(use: KubeUse) {
  return group(use.title, {
    kubeconfig: { type: 'string', value: 'FILE', help: 'kubeconfig', default: use.inCluster ? 'KUBECONFIG, ~/.kube/config, in-cluster' : 'KUBECONFIG, then ~/.kube/config' },
    context: { type: 'string', value: 'NAME', help: 'kubeconfig context', default: 'the current one' },
    namespace: { type: 'string', short: 'n', value: 'NS', help: use.namespace.help, default: use.namespace.default },
    'request-timeout': { type: 'string', value: 'MS', help: 'deadline of each Kubernetes API request', default: '15000' },
  });
}

/** The image the preflight's pods run. */
export const IMAGE_OPTION = { type: 'string', value: 'REF', help: 'the aml-preflight image the pods run (build it from the Dockerfile)', default: DEFAULT_IMAGE } as const;

/** Where the preflight's Jobs run (cluster run, cluster manifests). */
export const JOBS_NAMESPACE = { help: "namespace of the preflight's Jobs", default: 'aml-preflight' };
