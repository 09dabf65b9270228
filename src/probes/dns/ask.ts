// One resolver, both address types at once, as glibc asks them. A resolver
// that answers A and never AAAA (a firewall dropping AAAA queries) must not
// hold the check for its whole deadline: once A has answered, AAAA gets a
// grace of AAAA_GRACE_MS or as long as A took, whichever is longer, is asked
// once more halfway through it (so one lost datagram is not a drop), and is
// then given up on and reported as dropped.

import type { Deadline } from '../deadline.ts';
import { TYPE_A, TYPE_AAAA } from './packet.ts';
import { query, serverLabel, type DnsServer, type QueryResult } from './transport.ts';

/** How long AAAA may lag behind an answered A before it counts as dropped (documented in the README). */
export const AAAA_GRACE_MS = 500;

export interface ResolverAnswers {
  label: string;
  a: QueryResult;
  aaaa: QueryResult;
  /** When each answer (or give-up) came, in ms since the probe started. */
  aMs: number;
  aaaaMs: number;
  /** Set when the grace ran out: AAAA was given up on this long after A had answered. */
  aaaaAbandonedAfterMs?: number;
  durationMs: number;
}

export async function askResolver(server: DnsServer, qname: string, deadline: Deadline): Promise<ResolverAnswers> {
  // Each type has its own deadline inside the probe's, so AAAA can be given up on alone.
  const aDeadline = deadline.child();
  const aaaaDeadline = deadline.child();
  const aaaa = firstAnswer(deadline);
  let reask: NodeJS.Timeout | undefined;
  let grace: NodeJS.Timeout | undefined;
  let graceRanOut = false;
  try {
    aaaa.add(query(server, qname, TYPE_AAAA, aaaaDeadline));
    const a = await query(server, qname, TYPE_A, aDeadline);
    const aMs = deadline.elapsedMs();
    if (a.kind === 'answer' && !aaaa.settled()) {
      const wait = Math.max(AAAA_GRACE_MS, aMs);
      reask = setTimeout(() => aaaa.settled() || aaaa.add(query(server, qname, TYPE_AAAA, aaaaDeadline)), wait / 2);
      grace = setTimeout(() => {
        graceRanOut = true;
        aaaaDeadline.dispose();
      }, wait);
    }
    const aaaaResult = await aaaa.result;
    const aaaaMs = aaaa.settledAtMs ?? deadline.elapsedMs();
    const answers: ResolverAnswers = { label: serverLabel(server), a, aaaa: aaaaResult, aMs, aaaaMs, durationMs: deadline.elapsedMs() };
    // Cut by the probe's own deadline before the grace ended, AAAA is only late, not known to be dropped.
    if (graceRanOut && aaaaResult.kind === 'timeout') answers.aaaaAbandonedAfterMs = Math.max(0, aaaaMs - aMs);
    return answers;
  } finally {
    clearTimeout(reask);
    clearTimeout(grace);
    aDeadline.dispose();
    aaaaDeadline.dispose();
  }
}

interface Tries {
  result: Promise<QueryResult>;
  settledAtMs?: number;
  settled(): boolean;
  add(attempt: Promise<QueryResult>): void;
}

/** The first of several tries of one question that is not silence; silence once every try is silent. */
function firstAnswer(deadline: Deadline): Tries {
  let settle: (r: QueryResult) => void = () => {};
  let pending = 0;
  let done = false;
  const tries: Tries = {
    result: new Promise<QueryResult>((resolve) => (settle = resolve)),
    settled: () => done,
    add(attempt) {
      pending++;
      void attempt.then((r) => {
        pending--;
        if (done || (r.kind === 'timeout' && pending > 0)) return;
        done = true;
        tries.settledAtMs = deadline.elapsedMs();
        settle(r);
      });
    },
  };
  return tries;
}
