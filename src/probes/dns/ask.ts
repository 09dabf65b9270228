// One resolver, both address types at once, as glibc asks them. A resolver
// that answers A and never AAAA (a firewall dropping AAAA queries) must not
// hold the check for its whole deadline: once A has answered, AAAA gets a
// grace of AAAA_GRACE_MS or as long as A took, whichever is longer, and is
// then given up on and reported as dropped.

import { startDeadline, type Deadline } from '../deadline.ts';
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
  /** Set when AAAA was given up on this long after A had answered (the grace ran out, or the deadline did). */
  aaaaAbandonedAfterMs?: number;
  durationMs: number;
}

export async function askResolver(server: DnsServer, qname: string, deadline: Deadline): Promise<ResolverAnswers> {
  // Each type has its own deadline inside the probe's, so AAAA can be given up on alone.
  const aDeadline = startDeadline(deadline.remainingMs(), deadline.signal);
  const aaaaDeadline = startDeadline(deadline.remainingMs(), deadline.signal);
  let grace: NodeJS.Timeout | undefined;
  let aMs = 0;
  let aaaaMs = 0;
  let aaaaDone = false;
  try {
    const [a, aaaa] = await Promise.all([
      query(server, qname, TYPE_A, aDeadline).then((result) => {
        aMs = deadline.elapsedMs();
        if (result.kind === 'answer' && !aaaaDone) grace = setTimeout(() => aaaaDeadline.dispose(), Math.max(AAAA_GRACE_MS, aMs));
        return result;
      }),
      query(server, qname, TYPE_AAAA, aaaaDeadline).then((result) => {
        aaaaDone = true;
        aaaaMs = deadline.elapsedMs();
        return result;
      }),
    ]);
    const answers: ResolverAnswers = { label: serverLabel(server), a, aaaa, aMs, aaaaMs, durationMs: deadline.elapsedMs() };
    if (a.kind === 'answer' && aaaa.kind === 'timeout') answers.aaaaAbandonedAfterMs = Math.max(0, aaaaMs - aMs);
    return answers;
  } finally {
    clearTimeout(grace);
    aDeadline.dispose();
    aaaaDeadline.dispose();
  }
}
