// One hard deadline per probe. When it fires (or the caller's signal aborts)
// every resource the probe registered is destroyed at once, so no socket the
// probe opened can outlive it; when the probe finishes first, the timer is
// cleared and the listener on the caller's signal removed, so nothing keeps
// the process alive or piles up on a shared signal.

export type ExpiryReason = 'timeout' | 'aborted';

export interface Deadline {
  /** Aborted when the deadline fires or the caller's signal aborts. */
  readonly signal: AbortSignal;
  readonly timeoutMs: number;
  /** Why the deadline ended, or undefined while it runs. */
  expired(): ExpiryReason | undefined;
  /** Resolves (never rejects) when the deadline ends early. */
  readonly whenExpired: Promise<ExpiryReason>;
  elapsedMs(): number;
  remainingMs(): number;
  /** Run `cleanup` on expiry or dispose; the returned function forgets it
   *  (for a socket handed over to a caller). */
  onCleanup(cleanup: () => void): () => void;
  /** Clear the timer and run every pending cleanup. Idempotent. */
  dispose(): void;
}

// setTimeout overflows above 2^31-1 ms and then fires at once.
const MAX_TIMER_MS = 2 ** 31 - 1;

export function startDeadline(timeoutMs: number, signal?: AbortSignal): Deadline {
  const ms = Math.min(Math.max(0, Number.isFinite(timeoutMs) ? timeoutMs : MAX_TIMER_MS), MAX_TIMER_MS);
  const started = performance.now();
  // Made when first asked for: most probes never read the signal, and an AbortController per step adds up at 1,000 hosts.
  let controller: AbortController | undefined;
  const abortReason = (why: ExpiryReason): Error => new Error(why === 'timeout' ? `deadline of ${ms} ms expired` : 'aborted by caller');
  const cleanups = new Set<() => void>();
  let reason: ExpiryReason | undefined;
  let resolveExpired: (why: ExpiryReason) => void = () => {};
  const whenExpired = new Promise<ExpiryReason>((resolve) => (resolveExpired = resolve));

  const runCleanups = (): void => {
    for (const cleanup of [...cleanups]) {
      cleanups.delete(cleanup);
      try {
        cleanup();
      } catch {
        // A failing cleanup must not stop the others.
      }
    }
  };
  const expire = (why: ExpiryReason): void => {
    if (reason !== undefined) return;
    reason = why;
    clearTimeout(timer);
    signal?.removeEventListener('abort', onCallerAbort);
    runCleanups();
    controller?.abort(abortReason(why));
    resolveExpired(why);
  };
  const onCallerAbort = (): void => expire('aborted');

  const timer = setTimeout(() => expire('timeout'), ms);
  if (signal?.aborted) expire('aborted');
  else signal?.addEventListener('abort', onCallerAbort, { once: true });

  return {
    get signal() {
      if (!controller) {
        controller = new AbortController();
        if (reason !== undefined) controller.abort(abortReason(reason));
      }
      return controller.signal;
    },
    timeoutMs: ms,
    expired: () => reason,
    whenExpired,
    elapsedMs: () => Math.round(performance.now() - started),
    remainingMs: () => Math.max(0, Math.round(ms - (performance.now() - started))),
    onCleanup(cleanup) {
      if (reason !== undefined) {
        cleanup();
        return () => {};
      }
      cleanups.add(cleanup);
      return () => cleanups.delete(cleanup);
    },
    dispose() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onCallerAbort);
      runCleanups();
    },
  };
}

/**
 * Run `body` under a deadline. Resolves with the body's result, or with
 * `onExpiry(reason)` the moment the deadline ends, whatever the body is still
 * waiting for (its resources are destroyed; a late rejection is swallowed).
 */
export async function withDeadline<T>(
  opts: { timeoutMs: number; signal?: AbortSignal },
  body: (deadline: Deadline) => Promise<T>,
  onExpiry: (reason: ExpiryReason, deadline: Deadline) => T,
): Promise<T> {
  const deadline = startDeadline(opts.timeoutMs, opts.signal);
  const work = Promise.resolve().then(() => body(deadline));
  work.catch(() => {});
  try {
    return await Promise.race([work, deadline.whenExpired.then((why) => onExpiry(why, deadline))]);
  } finally {
    deadline.dispose();
  }
}

/** A Node error's `code`, looking inside AggregateError (happy eyeballs) and `cause`. */
export function errorCode(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const e = err as { code?: unknown; errors?: unknown[]; cause?: unknown };
  if (typeof e.code === 'string') return e.code;
  if (Array.isArray(e.errors)) {
    for (const inner of e.errors) {
      const code = errorCode(inner);
      if (code) return code;
    }
  }
  return e.cause !== undefined && e.cause !== err ? errorCode(e.cause) : undefined;
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
