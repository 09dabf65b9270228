// Phase 2: each azureml-fe instance connects to the others, pod to pod.
import type { RunContext } from '../../engine/context.ts';
import type { RunnerOutcome } from '../../engine/run.ts';
import { reachPods } from './reach-pods.ts';
import type { ClusterSession } from './session.ts';

export async function routerPeerConnect(s: ClusterSession, ctx: RunContext): Promise<RunnerOutcome> {
  const { router } = await s.discoverRouter(ctx);
  if (!router?.peers.length) return { status: 'warn', message: 'no azureml-fe instance to connect to', evidence: {} };
  return reachPods(
    router.peers.map((p) => ({ name: p.pod ?? p.address, address: p.address, port: p.port, node: p.node })),
    'azureml-fe instance',
    ctx,
    `a NetworkPolicy in ${router.location.namespace} that admits only the router's own pods also refuses this pod: allow namespace aml-preflight, or trust the router's own logs`,
  );
}
