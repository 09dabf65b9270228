// One hard deadline per probe. When it fires (or the caller's signal aborts)
// every resource the probe registered is destroyed at once, so no socket the
// probe opened can outlive it; when the probe finishes first, the timer is
// cleared and it stops watching the caller's signal, so nothing keeps the
// process alive or piles up on a shared signal. A run makes several per host,
// so one is a plain object: its AbortController and expiry promise are made
// only when asked for, and one abort listener serves every deadline under a signal.

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
  /** A deadline inside this one, for a part of the probe that may be given up on alone (dispose it):
   *  it ends, as aborted, when this one does. */
  child(): Deadline;
  /** Clear the timer and run every pending cleanup. Idempotent. */
  dispose(): void;
}

// setTimeout overflows above 2^31-1 ms and then fires at once.
const MAX_TIMER_MS = 2 ** 31 - 1;

export function startDeadline(timeoutMs: number, signal?: AbortSignal): Deadline {
  const ms = Math.min(Math.max(0, Number.isFinite(timeoutMs) ? timeoutMs : MAX_TIMER_MS), MAX_TIMER_MS);
  return new ProbeDeadline(ms, signal, true);
}

/** The deadlines running under each caller signal, and the one listener that ends them all. */
const underSignal = new WeakMap<AbortSignal, { live: Set<ProbeDeadline>; onAbort: () => void }>();

function watch(signal: AbortSignal, deadline: ProbeDeadline): void {
  let watched = underSignal.get(signal);
  if (!watched) {
    const live = new Set<ProbeDeadline>();
    const onAbort = (): void => {
      underSignal.delete(signal);
      for (const d of live) d.expire('aborted');
    };
    watched = { live, onAbort };
    underSignal.set(signal, watched);
    signal.addEventListener('abort', onAbort, { once: true });
  }
  watched.live.add(deadline);
}

function unwatch(signal: AbortSignal, deadline: ProbeDeadline): void {
  const watched = underSignal.get(signal);
  if (!watched?.live.delete(deadline) || watched.live.size > 0) return;
  underSignal.delete(signal);
  signal.removeEventListener('abort', watched.onAbort);
}

const expireOnTimeout = (deadline: ProbeDeadline): void => deadline.expire('timeout');

class ProbeDeadline implements Deadline {
  readonly timeoutMs: number;
  readonly #started = performance.now();
  readonly #parent: AbortSignal | ProbeDeadline | undefined;
  readonly #timer: NodeJS.Timeout | undefined;
  #reason: ExpiryReason | undefined;
  #controller: AbortController | undefined;
  #expiry: PromiseWithResolvers<ExpiryReason> | undefined;
  #cleanups: Set<() => void> | undefined;
  #children: Set<ProbeDeadline> | undefined;

  /** `timed`: false for a child, which ends with its parent instead of a timer of its own. */
  constructor(ms: number, parent: AbortSignal | ProbeDeadline | undefined, timed: boolean) {
    this.timeoutMs = ms;
    this.#parent = parent;
    if (parent instanceof ProbeDeadline) {
      if (parent.#reason !== undefined) this.expire('aborted');
      else {
        parent.#children ??= new Set();
        parent.#children.add(this);
      }
    } else if (parent?.aborted) this.expire('aborted');
    else if (parent) watch(parent, this);
    if (timed && this.#reason === undefined) this.#timer = setTimeout(expireOnTimeout, ms, this);
  }

  get signal(): AbortSignal {
    if (!this.#controller) {
      this.#controller = new AbortController();
      if (this.#reason !== undefined) this.#controller.abort(this.#abortReason());
    }
    return this.#controller.signal;
  }

  get whenExpired(): Promise<ExpiryReason> {
    if (this.#reason !== undefined) return Promise.resolve(this.#reason);
    this.#expiry ??= Promise.withResolvers<ExpiryReason>();
    return this.#expiry.promise;
  }

  expired(): ExpiryReason | undefined {
    return this.#reason;
  }

  elapsedMs(): number {
    return Math.round(performance.now() - this.#started);
  }

  remainingMs(): number {
    return Math.max(0, Math.round(this.timeoutMs - (performance.now() - this.#started)));
  }

  onCleanup(cleanup: () => void): () => void {
    if (this.#reason !== undefined) {
      cleanup();
      return () => {};
    }
    this.#cleanups ??= new Set();
    const cleanups = this.#cleanups;
    cleanups.add(cleanup);
    return () => cleanups.delete(cleanup);
  }

  child(): Deadline {
    return new ProbeDeadline(this.remainingMs(), this, false);
  }

  /** End it now: every cleanup runs, children end too, and the signal and the expiry promise fire. */
  expire(why: ExpiryReason): void {
    if (this.#reason !== undefined) return;
    this.#reason = why;
    this.#release();
    if (this.#children) for (const child of this.#children) child.expire('aborted');
    this.#controller?.abort(this.#abortReason());
    this.#expiry?.resolve(why);
  }

  dispose(): void {
    this.#release();
  }

  #release(): void {
    clearTimeout(this.#timer);
    const parent = this.#parent;
    if (parent instanceof ProbeDeadline) parent.#children?.delete(this);
    else if (parent) unwatch(parent, this);
    const cleanups = this.#cleanups;
    if (!cleanups) return;
    for (const cleanup of [...cleanups]) {
      cleanups.delete(cleanup);
      try {
        cleanup();
      } catch {
        // A failing cleanup must not stop the others.
      }
    }
  }

  #abortReason(): Error {
    return new Error(this.#reason === 'timeout' ? `deadline of ${this.timeoutMs} ms expired` : 'aborted by caller');
  }
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
