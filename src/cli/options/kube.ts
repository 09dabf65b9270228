// The one Kubernetes option group: which cluster (kubeconfig, context), which
// namespace in it, and the deadline of each API request. Each command says what
// its namespace holds and whether it falls back to the pod's service account.
import { DEFAULT_IMAGE, DEFAULT_NAMESPACE } from '../../cluster/manifests.ts';
import { group } from '../command.ts';

export { parseImage, parseNamespace, parseNodePoolName } from '../../kube/names.ts';

/** Which cluster, and each API request's deadline. `inCluster`: without a kubeconfig, the pod's service account. */
export function kubeConnection(inCluster: boolean) {
  return {
    kubeconfig: {
      type: 'string',
      value: 'FILE',
      help: 'kubeconfig',
      default: inCluster ? 'KUBECONFIG, ~/.kube/config, in-cluster' : 'KUBECONFIG, then ~/.kube/config',
    },
    context: { type: 'string', value: 'NAME', help: 'kubeconfig context', default: 'the current one' },
    'request-timeout': { type: 'string', value: 'MS', help: 'deadline of each Kubernetes API request', default: '15000' },
  } as const;
}

interface NamespaceOption {
  readonly type: 'string';
  readonly short: 'n';
  readonly value: 'NS';
  readonly help: string;
  readonly default: string;
}

/** The group: the connection, and the namespace the command works in. */
export function kubeGroup(title: string, namespace: NamespaceOption, inCluster: boolean) {
  const { 'request-timeout': requestTimeout, ...cluster } = kubeConnection(inCluster);
  return group(title, { ...cluster, namespace, 'request-timeout': requestTimeout });
}

/** Where the preflight's Jobs run (cluster run, cluster manifests). */
export const JOBS_NAMESPACE: NamespaceOption = {
  type: 'string',
  short: 'n',
  value: 'NS',
  help: "namespace of the preflight's Jobs",
  default: DEFAULT_NAMESPACE,
};

/** Where scheduled audits keep their runs (audit run, history, diff). */
export const RUNS_NAMESPACE: NamespaceOption = {
  type: 'string',
  short: 'n',
  value: 'NS',
  help: 'where runs are kept',
  default: `the pod's namespace, the context's, else ${DEFAULT_NAMESPACE}`,
};

/** The image the preflight's pods run. */
export const IMAGE_OPTION = {
  type: 'string',
  value: 'REF',
  help: 'the aml-preflight image the pods run (build it from the Dockerfile)',
  default: DEFAULT_IMAGE,
} as const;
