import type { Code } from '../../codes.ts';
import type { RunContext } from '../../engine/context.ts';
import type { RunnerOutcome } from '../../engine/run.ts';
import type { Router } from '../azureml-router.ts';
import type { Kube } from '../../kube/client.ts';

/** What the in-cluster checks of one run share: the client, and what one check found for the next. */
export interface ClusterSession {
  kube: Kube;
  apiServerFqdn?: string;
  /** router-peer-discovery's result, memoized: router-peer-connect and router-model-discovery read it. */
  discoverRouter(ctx: RunContext): Promise<{ outcome: RunnerOutcome; router?: Router }>;
}

export const limitsOf = (ctx: RunContext) => ({ timeoutMs: ctx.timeoutMs, signal: ctx.signal });

export const failed = (code: Code, message: string, evidence: Record<string, unknown> = {}): RunnerOutcome => ({
  status: 'fail',
  code,
  message,
  evidence,
});
