import type { PlannedCheck } from '../plan/check.ts';
import type { CheckKind, CheckResult, ProbeOutcome, ResolvedAddress, Vantage } from '../types.ts';
import type { RunContext } from './context.ts';
import { createPool } from './pool.ts';

export type RunnerOutcome = ProbeOutcome & { addresses?: ResolvedAddress[] };
export type Runner = (check: PlannedCheck, ctx: RunContext) => Promise<RunnerOutcome>;

export interface EngineOptions {
  runners: Partial<Record<CheckKind, Runner>>;
  context: Omit<RunContext, 'signal' | 'addresses'>;
  concurrency?: number;
  /** The whole run's deadline: checks not finished by then end as skip/fail, never hang. */
  deadlineMs: number;
  vantage?: Vantage;
}

/** Runs every check once the checks it depends on are done, concurrently, in a bounded pool. */
export async function runChecks(checks: PlannedCheck[], options: EngineOptions): Promise<CheckResult[]> {
  const pool = createPool(options.concurrency ?? 32);
  const abort = new AbortController();
  const deadline = setTimeout(() => abort.abort(), options.deadlineMs);
  const ctx: RunContext = { ...options.context, signal: abort.signal, addresses: new Map() };
  const byId = new Map(checks.map((c) => [c.id, c]));
  const running = new Map<string, Promise<CheckResult>>();

  const resultOf = (id: string): Promise<CheckResult> => {
    let p = running.get(id);
    if (!p) {
      p = settle(byId.get(id)!);
      running.set(id, p);
    }
    return p;
  };

  const settle = async (check: PlannedCheck): Promise<CheckResult> => {
    const deps = await Promise.all(check.dependsOn.filter((d) => byId.has(d)).map(resultOf));
    const base = { id: check.id, requirement: check.requirement, phase: check.phase, kind: check.kind, host: check.host, port: check.port, vantage: options.vantage };
    const skip = (message: string, blockedBy?: string): CheckResult => ({ ...base, status: 'skip', message, blockedBy, durationMs: 0, evidence: {} });
    if (check.skipReason) return skip(check.skipReason);
    const blocker = deps.find((d) => d.status === 'fail' || (d.status === 'skip' && d.blockedBy));
    if (blocker) {
      const root = blocker.blockedBy ?? blocker.id;
      return skip(`not run: ${root} failed${blocker.code ? ` (${blocker.code})` : ''}`, root);
    }
    const skipped = deps.find((d) => d.status === 'skip');
    if (skipped) return skip(`not run: ${skipped.id} was skipped (${skipped.message})`, skipped.id);
    const runner = options.runners[check.kind];
    if (!runner) return skip(`no runner for ${check.kind} checks in this vantage`);
    return pool(async () => {
      if (abort.signal.aborted) return { ...skip(`not run: the run's deadline of ${options.deadlineMs} ms passed`), code: 'RUN_DEADLINE' };
      const started = performance.now();
      let outcome: RunnerOutcome;
      try {
        outcome = await runner(check, ctx);
      } catch (e) {
        // Runners are written never to throw; if one does, the report says so rather than the process dying.
        outcome = { status: 'fail', code: 'INTERNAL_ERROR', message: `the ${check.kind} check crashed: ${(e as Error).message}`, evidence: {} };
      }
      if (outcome.addresses) ctx.addresses.set(check.id, outcome.addresses);
      const status = outcome.status === 'fail' && check.severity === 'warn' ? 'warn' : outcome.status;
      return {
        ...base,
        status,
        code: outcome.code,
        message: outcome.message,
        remediation: status === 'pass' ? undefined : check.remediation,
        durationMs: Math.round(performance.now() - started),
        evidence: outcome.evidence,
      };
    });
  };

  try {
    return await Promise.all(checks.map((c) => resultOf(c.id)));
  } finally {
    clearTimeout(deadline);
  }
}
