// The compliance rules' objects, listed live from the API (read-only calls the
// ClusterRole in deploy/ grants: list nodes, deployments, daemonsets, pods,
// horizontalpodautoscalers; get the azuremlfeconfig config map).
import type { Kube } from '../kube/client.ts';
import { ROUTER_LOCATIONS } from '../kube/azureml-router.ts';
import { kubeCall, type KubeResult } from '../kube/errors.ts';
import { ROUTER_CONFIG_MAP } from './cluster-purpose.ts';
import { MODEL_LABEL } from './model-services.ts';
import type { ConfigMap, Deployment, HorizontalPodAutoscaler, KubeObject, Node, Pod } from '../kube/objects.ts';
import type { ClusterSnapshot } from './snapshot.ts';

type Limits = { timeoutMs: number; signal?: AbortSignal };

/** Lists everything the rules read; the first failure (unreachable, forbidden) is returned as is. */
export async function liveSnapshot(kube: Kube, limits: Limits): Promise<KubeResult<ClusterSnapshot>> {
  const [nodes, deployments, pods, daemonSets, hpas] = await Promise.all([
    kubeCall(kube, 'list nodes', limits, (o) => kube.core.listNode({}, o)),
    kubeCall(kube, 'list deployments', limits, (o) => kube.apps.listDeploymentForAllNamespaces({}, o)),
    kubeCall(kube, `list pods -l ${MODEL_LABEL}=true`, limits, (o) =>
      kube.core.listPodForAllNamespaces({ labelSelector: `${MODEL_LABEL}=true` }, o),
    ),
    kubeCall(kube, 'list daemonsets', limits, (o) => kube.apps.listDaemonSetForAllNamespaces({}, o)),
    kubeCall(kube, 'list horizontalpodautoscalers', limits, (o) => kube.autoscaling.listHorizontalPodAutoscalerForAllNamespaces({}, o)),
  ]);
  for (const r of [nodes, deployments, pods, daemonSets, hpas]) if (!r.ok) return r;
  const configMaps: ConfigMap[] = [];
  for (const { namespace } of ROUTER_LOCATIONS) {
    const cm = await kubeCall(kube, `get configmap ${namespace}/${ROUTER_CONFIG_MAP}`, limits, (o) =>
      kube.core.readNamespacedConfigMap({ name: ROUTER_CONFIG_MAP, namespace }, o),
    );
    if (cm.ok) configMaps.push(cm.value as ConfigMap);
    else if (cm.failure.code !== 'K8S_NOT_FOUND') return cm;
  }
  const items = <T>(r: KubeResult<{ items: unknown[] }>): T[] => (r.ok ? (r.value.items as T[]) : []);
  return {
    ok: true,
    value: {
      source: `cluster (context ${kube.context})`,
      nodes: items<Node>(nodes),
      deployments: items<Deployment>(deployments),
      pods: items<Pod>(pods),
      daemonSets: items<KubeObject>(daemonSets),
      hpas: items<HorizontalPodAutoscaler>(hpas),
      configMaps,
    },
  };
}
