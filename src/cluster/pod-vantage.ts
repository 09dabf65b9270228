// Where an in-cluster run stands: the pod, its node and the node's pool, from
// the downward API env the Job sets (POD_NAME, NODE_NAME) and the pool the Job
// pinned it to, else the node's own agentpool label.
import { hostname } from 'node:os';
import type { Vantage } from '../types.ts';
import type { Kube } from '../kube/client.ts';
import { kubeCall } from '../kube/errors.ts';
import { nodePoolOf } from '../kube/node-pools.ts';

export const VANTAGE_ENV = { pod: 'POD_NAME', namespace: 'POD_NAMESPACE', node: 'NODE_NAME', nodePool: 'AML_PREFLIGHT_NODE_POOL' } as const;

/** Running in a pod: the kubelet sets KUBERNETES_SERVICE_HOST in every container, our Jobs set POD_NAME. */
export const inPod = (env: NodeJS.ProcessEnv): boolean => !!(env.KUBERNETES_SERVICE_HOST || env[VANTAGE_ENV.pod]);

export async function podVantage(env: NodeJS.ProcessEnv, kube: Kube | undefined, timeoutMs: number): Promise<Vantage> {
  const node = env[VANTAGE_ENV.node] || undefined;
  let nodePool = env[VANTAGE_ENV.nodePool] || undefined;
  if (!nodePool && node && kube) {
    const r = await kubeCall(kube, `get node ${node}`, { timeoutMs }, (o) => kube.core.readNode({ name: node }, o));
    if (r.ok) nodePool = nodePoolOf(r.value);
  }
  return {
    kind: 'pod',
    host: env[VANTAGE_ENV.pod] || env.HOSTNAME || hostname(),
    ...(nodePool ? { nodePool } : {}),
    ...(node ? { node } : {}),
  };
}
