import type { RunContext } from '../../engine/context.ts';
import type { RunnerOutcome } from '../../engine/run.ts';
import { createPool } from '../../engine/pool.ts';
import { probeTcp } from '../../probes/tcp.ts';

export interface PodTarget {
  name: string;
  address: string;
  port: number;
  node?: string;
  namespace?: string;
}

// A model may have hundreds of replicas; a few connections at a time is plenty.
const PARALLEL = 16;

/** TCP to each pod; POD_UNREACHABLE names the pods that did not answer and why. */
export async function reachPods(targets: PodTarget[], what: string, ctx: RunContext, hint: string): Promise<RunnerOutcome> {
  const pool = createPool(PARALLEL);
  const results = await Promise.all(
    targets.map((t) =>
      pool(async () => {
        const outcome = await probeTcp({ host: t.name, address: t.address, port: t.port, timeoutMs: ctx.timeoutMs, signal: ctx.signal });
        return { ...t, status: outcome.status, code: outcome.code, message: outcome.message };
      }),
    ),
  );
  const evidence = { pods: results };
  const unreachable = results.filter((r) => r.status === 'fail');
  if (unreachable.length) {
    const first = unreachable[0];
    return {
      status: 'fail',
      code: 'POD_UNREACHABLE',
      message: `cannot connect to ${unreachable.length} of ${results.length} ${what}(s): ${unreachable
        .slice(0, 3)
        .map((u) => `${u.namespace ? `${u.namespace}/` : ''}${u.name} ${u.address}:${u.port} (${u.code})`)
        .join(
          ', ',
        )}${unreachable.length > 3 ? ', ...' : ''}; ${first.code === 'TCP_TIMEOUT' ? 'packets are dropped: check NetworkPolicies and NSGs between the pools' : 'nothing accepts the connection'}; ${hint}`,
      evidence,
    };
  }
  return {
    status: 'pass',
    message: `connected to ${results.length} ${what}(s): ${results
      .slice(0, 3)
      .map((r) => `${r.address}:${r.port}`)
      .join(', ')}${results.length > 3 ? ', ...' : ''}`,
    evidence,
  };
}
