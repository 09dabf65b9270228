// Where scheduled audits keep their runs: ConfigMaps in the cluster, or report files in --dir.
import { dirStore } from '../../audit/dir-store.ts';
import type { AuditStore } from '../../audit/store.ts';
import { group, type ValuesOf } from '../../cli/command.ts';
import { parseMs } from '../../cli/numbers.ts';
import { kubeGroup, RUNS_NAMESPACE } from '../../cli/options/kube.ts';
import { DEFAULT_NAMESPACE } from '../../cluster/manifests.ts';
import { InputError } from '../../errors.ts';
import type { Kube } from '../../kube/client.ts';

const kube = kubeGroup("Cluster (kubeconfig, or the pod's service account when run in the cluster):", RUNS_NAMESPACE, true);

export const STORE = group(kube.title, {
  ...kube.options,
  dir: { type: 'string', value: 'DIR', help: 'keep or read runs as report files in DIR instead of the cluster' },
});

export async function openStore(values: ValuesOf<typeof STORE.options>): Promise<{ store: AuditStore; kube?: Kube }> {
  if (values.dir !== undefined) {
    if (values.namespace || values.kubeconfig || values.context)
      throw new InputError('--dir: runs are kept either in a directory or in the cluster, not both');
    return { store: dirStore(values.dir) };
  }
  const { connectKube } = await import('../../kube/client.ts');
  const { configMapStore } = await import('../../audit/configmap-store.ts');
  const kube = await connectKube({
    kubeconfig: values.kubeconfig,
    context: values.context,
    inCluster: true,
    namespace: values.namespace,
    fallbackNamespace: DEFAULT_NAMESPACE,
    timeoutMs: parseMs('request-timeout', values['request-timeout'], 100, 300_000),
  });
  return { store: configMapStore(kube), kube };
}
