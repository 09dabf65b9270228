// Where azureml-fe lives and who its peers are. SDK v1 clusters: namespace
// default, services azureml-fe (LoadBalancer) and azureml-fe-int-http (9001),
// deployment azureml-fe. The v2 extension: namespace azureml, deployment
// azureml-fe-v2. Peers are the addresses behind the service's endpoints.
import type { Kube } from '../kube/client.ts';
import { kubeCall, type KubeResult } from '../kube/errors.ts';
import { ROUTER_LOCATIONS, type RouterLocation } from '../kube/azureml-router.ts';

export interface Peer {
  address: string;
  port: number;
  pod?: string;
  node?: string;
}

export interface Router {
  location: RouterLocation;
  service: string;
  peers: Peer[];
  notReady: Peer[];
  /** The router pods' service account, from its deployment (undefined when the deployment cannot be read). */
  serviceAccount?: string;
}

type Limits = { timeoutMs: number; signal?: AbortSignal };

/** The first azureml-fe service with endpoints, or undefined when none is deployed. */
export async function findRouter(kube: Kube, limits: Limits): Promise<KubeResult<Router | undefined>> {
  for (const location of ROUTER_LOCATIONS) {
    for (const service of location.services) {
      const r = await kubeCall(kube, `get endpoints ${location.namespace}/${service}`, limits, (o) =>
        kube.core.readNamespacedEndpoints({ name: service, namespace: location.namespace }, o),
      );
      if (!r.ok && r.failure.code === 'K8S_NOT_FOUND') continue;
      if (!r.ok) return r;
      const peers: Peer[] = [];
      const notReady: Peer[] = [];
      for (const subset of r.value.subsets ?? []) {
        const port = (subset.ports ?? []).find((p) => (p.protocol ?? 'TCP') === 'TCP')?.port;
        if (!port) continue;
        const toPeer = (a: { ip: string; nodeName?: string; targetRef?: { name?: string } }): Peer => ({
          address: a.ip,
          port,
          pod: a.targetRef?.name,
          node: a.nodeName,
        });
        peers.push(...(subset.addresses ?? []).map(toPeer));
        notReady.push(...(subset.notReadyAddresses ?? []).map(toPeer));
      }
      const deployment = await kubeCall(kube, `get deployment ${location.namespace}/${location.deployment}`, limits, (o) =>
        kube.apps.readNamespacedDeployment({ name: location.deployment, namespace: location.namespace }, o),
      );
      const serviceAccount = deployment.ok ? (deployment.value.spec?.template?.spec?.serviceAccountName ?? 'default') : undefined;
      return { ok: true, value: { location, service, peers, notReady, serviceAccount } };
    }
  }
  return { ok: true, value: undefined };
}
