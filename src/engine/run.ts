import type { PlannedCheck } from '../plan/check.ts';
import type { CheckKind, CheckResult, ProbeOutcome, ResolvedAddress, Vantage } from '../types.ts';
import type { HostSession, RunContext } from './context.ts';
import { createPool } from './pool.ts';

/** `skip`: the runner could not decide (a compliance rule without the objects it reads); it says why. */
export type RunnerOutcome = Omit<ProbeOutcome, 'status'> & { status: ProbeOutcome['status'] | 'skip'; addresses?: ResolvedAddress[] };
/** `session`: what the steps of one host share (its one connection); runners of other kinds ignore it. */
export type Runner = (check: PlannedCheck, ctx: RunContext, session: HostSession) => Promise<RunnerOutcome>;

export interface EngineOptions {
  runners: Partial<Record<CheckKind, Runner>>;
  context: Omit<RunContext, 'signal' | 'addresses'>;
  /** Hosts in flight at once: each holds at most one connection. */
  concurrency?: number;
  /** The whole run's deadline: checks not finished by then end as skip/fail, never hang. */
  deadlineMs: number;
  vantage?: Vantage;
  /** Called as each check settles, with how many of the run's checks are done: the progress line. */
  onCheckDone?: (result: CheckResult, progress: { done: number; total: number }) => void;
  /** performance.now() at the report's startedAt: each result's startedMs counts from it. */
  origin?: number;
}

// One connection per host in flight: 64 hides the round trips of a real network (each host waits about
// four) while staying far below a default ulimit of 1,024 descriptors and the SNAT ports an Azure load
// balancer gives a node; on loopback, where the work is CPU-bound, 32 and 64 measure the same.
export const DEFAULT_CONCURRENCY = 64;

const NETWORK_STEPS: ReadonlySet<CheckKind> = new Set(['dns', 'tcp', 'tls', 'http']);

/**
 * The checks one worker runs in a row: a host's dns → tcp → tls → http (one
 * connection, so the pool's limit counts connections), or any other check alone.
 */
function chainsOf(checks: PlannedCheck[]): PlannedCheck[][] {
  const chains = new Map<string, PlannedCheck[]>();
  for (const check of checks) {
    const key = NETWORK_STEPS.has(check.kind) ? `host:${check.id.slice(0, check.id.lastIndexOf('/'))}` : `check:${check.id}`;
    const chain = chains.get(key);
    if (chain) chain.push(check);
    else chains.set(key, [check]);
  }
  return [...chains.values()];
}

/** A check's result: what identifies it, then how it went (`how`, in the order the report shows it). */
function checkResult(
  check: PlannedCheck,
  vantage: Vantage | undefined,
  how: Omit<CheckResult, 'id' | 'requirement' | 'phase' | 'kind' | 'host' | 'port' | 'vantage'>,
): CheckResult {
  return {
    id: check.id,
    requirement: check.requirement,
    phase: check.phase,
    kind: check.kind,
    host: check.host,
    port: check.port,
    vantage,
    ...how,
  };
}

/** The result of a check that did not run, and why. */
function skipped(check: PlannedCheck, vantage: Vantage | undefined, message: string, blockedBy?: string): CheckResult {
  return checkResult(check, vantage, { status: 'skip', message, blockedBy, durationMs: 0, evidence: {} });
}

/** Runs every check once the checks it depends on are done, concurrently, in a bounded pool of hosts. */
export async function runChecks(checks: PlannedCheck[], options: EngineOptions): Promise<CheckResult[]> {
  const limit = options.concurrency ?? DEFAULT_CONCURRENCY;
  const pool = createPool(limit);
  const abort = new AbortController();
  const deadline = setTimeout(() => abort.abort(), options.deadlineMs);
  const ctx: RunContext = { ...options.context, signal: abort.signal, addresses: new Map() };
  const origin = options.origin ?? performance.now();
  let settled = 0;
  const byId = new Map(checks.map((c) => [c.id, c]));
  // Results as they settle; a promise only for a check another host's chain waits on.
  const finished = new Map<string, CheckResult>();
  const waiting = new Map<string, ((r: CheckResult) => void)[]>();
  const chainOf = new Map<string, PlannedCheck[]>();
  const chains = chainsOf(checks);
  for (const chain of chains) for (const c of chain) chainOf.set(c.id, chain);
  const started = new Set<PlannedCheck[]>();
  // Chains started out of plan order, because another chain waits on one of their checks.
  const startedEarly: Promise<void>[] = [];

  /** A check's result, starting its chain first if nothing has yet (a check of another host waits on it). */
  const resultOf = (id: string): Promise<CheckResult> => {
    const result = finished.get(id);
    if (result) return Promise.resolve(result);
    const chain = chainOf.get(id)!;
    if (!started.has(chain)) startedEarly.push(runChain(chain));
    return new Promise((resolve) => {
      const waiters = waiting.get(id);
      if (waiters) waiters.push(resolve);
      else waiting.set(id, [resolve]);
    });
  };

  const settle = (result: CheckResult): void => {
    finished.set(result.id, result);
    const waiters = waiting.get(result.id);
    if (waiters) {
      waiting.delete(result.id);
      for (const resolve of waiters) resolve(result);
    }
    options.onCheckDone?.(result, { done: ++settled, total: checks.length });
  };

  const runChain = async (chain: PlannedCheck[]): Promise<void> => {
    started.add(chain);
    // Wait for other hosts' checks first, so a slot is never held while waiting.
    const outside: string[] = [];
    for (const c of chain) for (const d of c.dependsOn) if (byId.has(d) && chainOf.get(d) !== chain) outside.push(d);
    if (outside.length > 0) await Promise.all(outside.map(resultOf));
    const kinds = chain.map((c) => c.kind);
    const steps = async (): Promise<void> => {
      const session: HostSession = { remaining: [] };
      try {
        for (let i = 0; i < chain.length; i++) {
          session.remaining = kinds.slice(i + 1);
          settle(await step(chain[i]!, session));
        }
      } finally {
        session.connection?.destroy();
      }
    };
    // A chain with nothing to run (all skipped by the plan) needs no slot.
    if (chain.every((c) => c.skipReason)) await steps();
    else await pool(steps);
  };

  const step = async (check: PlannedCheck, session: HostSession): Promise<CheckResult> => {
    if (check.skipReason) return skipped(check, options.vantage, check.skipReason);
    let blocker: CheckResult | undefined;
    let skippedDep: CheckResult | undefined;
    for (const d of check.dependsOn) {
      const dep = finished.get(d);
      if (!dep) continue;
      if (dep.status === 'fail' || (dep.status === 'skip' && dep.blockedBy)) {
        blocker = dep;
        break;
      }
      if (dep.status === 'skip') skippedDep ??= dep;
    }
    if (blocker) {
      const root = blocker.blockedBy ?? blocker.id;
      return skipped(check, options.vantage, `not run: ${root} failed${blocker.code ? ` (${blocker.code})` : ''}`, root);
    }
    if (skippedDep) return skipped(check, options.vantage, `not run: ${skippedDep.id} was skipped (${skippedDep.message})`, skippedDep.id);
    const runner = options.runners[check.kind];
    if (!runner) return skipped(check, options.vantage, `no runner for ${check.kind} checks in this vantage`);
    if (abort.signal.aborted) {
      return { ...skipped(check, options.vantage, `not run: the run's deadline of ${options.deadlineMs} ms passed`), code: 'RUN_DEADLINE' };
    }
    const started = performance.now();
    let outcome: RunnerOutcome;
    try {
      outcome = await runner(check, ctx, session);
    } catch (e) {
      // Runners are written never to throw; if one does, the report says so rather than the process dying.
      outcome = {
        status: 'fail',
        code: 'INTERNAL_ERROR',
        message: `the ${check.kind} check crashed: ${(e as Error).message}`,
        evidence: {},
      };
    }
    if (outcome.addresses) {
      // Other hosts' checks read it by id (the cluster checks ask for the API server's); this host's steps from the session.
      ctx.addresses.set(check.id, outcome.addresses);
      session.addresses = outcome.addresses;
    }
    const status = outcome.status === 'fail' && check.severity === 'warn' ? 'warn' : outcome.status;
    return checkResult(check, options.vantage, {
      status,
      code: outcome.code,
      message: outcome.message,
      remediation: status === 'fail' || status === 'warn' ? check.remediation : undefined,
      startedMs: Math.round(started - origin),
      durationMs: Math.round(performance.now() - started),
      evidence: outcome.evidence,
    });
  };

  // Chains start in plan order as earlier ones finish, never all at once: a thousand hosts queued for a
  // slot would each hold their promises and maps for the whole run, and the young heap grows to fit them.
  let next = 0;
  const feed = async (): Promise<void> => {
    while (next < chains.length) {
      const chain = chains[next++]!;
      if (!started.has(chain)) await runChain(chain);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(limit, chains.length) }, feed));
    while (startedEarly.length > 0) await startedEarly.pop();
    return checks.map((c) => finished.get(c.id)!);
  } finally {
    clearTimeout(deadline);
  }
}
