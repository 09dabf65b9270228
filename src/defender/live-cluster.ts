// The objects the defender inventory reads, listed from a live cluster: the
// router's deployments, every model deployment (label isazuremlapp=true, any
// namespace), the pods of their namespaces, and the sensor's DaemonSets.
import type { Kube } from '../kube/client.ts';
import { isNotFound, kubeFailure } from '../kube/errors.ts';
import { MODEL_LABEL, ROUTER_DEPLOYMENTS, type DeploymentLike, type PodLike } from './inventory.ts';
import { SENSOR_NAMESPACE, type DaemonSetLike } from './sensor.ts';

export interface ClusterObjects {
  deployments: DeploymentLike[];
  pods: PodLike[];
  daemonSets: DaemonSetLike[];
}

export async function listClusterObjects(kube: Kube): Promise<ClusterObjects> {
  const { apps, core } = kube;
  const fail =
    (what: string) =>
    (e: unknown): never => {
      throw new Error(kubeFailure(e, what, kube.server).message);
    };
  const deployments: DeploymentLike[] = [];
  for (const r of ROUTER_DEPLOYMENTS) {
    try {
      deployments.push(await apps.readNamespacedDeployment({ name: r.name, namespace: r.namespace }, kube.opts()));
    } catch (e) {
      if (!isNotFound(e)) fail(`cannot read deployment ${r.namespace}/${r.name}`)(e);
    }
  }
  const models = await apps
    .listDeploymentForAllNamespaces({ labelSelector: `${MODEL_LABEL}=true` }, kube.opts())
    .catch(fail('cannot list model deployments'));
  deployments.push(...models.items);
  const namespaces = [...new Set(deployments.map((d) => d.metadata?.namespace ?? 'default'))];
  const pods: PodLike[] = [];
  for (const namespace of namespaces) {
    const list = await core.listNamespacedPod({ namespace }, kube.opts()).catch(fail(`cannot list pods in namespace ${namespace}`));
    pods.push(...list.items);
  }
  const daemonSets: DaemonSetLike[] = [];
  for (const namespace of ['kube-system', SENSOR_NAMESPACE]) {
    const list = await apps
      .listNamespacedDaemonSet({ namespace }, kube.opts())
      .catch(fail(`cannot list DaemonSets in namespace ${namespace}`));
    daemonSets.push(...list.items);
  }
  return { deployments, pods, daemonSets };
}
