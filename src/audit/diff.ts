// What changed between runs. A check is known by its id and, for in-cluster
// runs, its node pool (the same check runs from every pool). "Broke" is a
// check that fails now and did not fail before; "recovered" one that failed or
// warned and passes now; "flapping" one whose status went both bad and good
// again within the window of recent runs — a firewall or DNS that is only
// sometimes right, which a single diff would report as fixed.
import type { CheckResult, Report, Status } from '../types.ts';

export type Seen = Status | 'absent';

export interface Transition {
  key: string;
  id: string;
  nodePool?: string;
  from: Seen;
  to: Seen;
  code?: CheckResult['code'];
  message: string;
  blockedBy?: string;
}

export interface Flap {
  key: string;
  id: string;
  nodePool?: string;
  /** Statuses oldest to newest over the window ('absent' where the check did not run). */
  history: Seen[];
  changes: number;
}

export interface RunRef {
  id: string;
  startedAt: string;
}

export interface Drift {
  old: RunRef;
  new: RunRef;
  broke: Transition[];
  degraded: Transition[];
  recovered: Transition[];
  /** Passed before, not run now because something it depends on failed. */
  blocked: Transition[];
  added: Transition[];
  removed: Transition[];
  flapping: Flap[];
  window: number;
}

const BADNESS: Record<Status, number> = { skip: 0, pass: 1, warn: 2, fail: 3 };

export const keyOf = (c: CheckResult) => (c.vantage?.nodePool ? `${c.id} [${c.vantage.nodePool}]` : c.id);

/** One state per key: where a check ran from several nodes of a pool, the worst counts. */
function statesOf(report: Report): Map<string, CheckResult> {
  const out = new Map<string, CheckResult>();
  for (const c of report.checks) {
    const k = keyOf(c);
    const seen = out.get(k);
    if (!seen || BADNESS[c.status] > BADNESS[seen.status]) out.set(k, c);
  }
  return out;
}

const isBad = (s: Seen) => s === 'fail' || s === 'warn';

/** `runs` oldest first, with their ids; the last two are compared, all of them are the flapping window. */
export function diffRuns(runs: { id: string; report: Report }[]): Drift {
  if (runs.length < 2) throw new Error('diffRuns needs two runs');
  const older = runs[runs.length - 2];
  const newer = runs[runs.length - 1];
  const before = statesOf(older.report);
  const after = statesOf(newer.report);
  const drift: Drift = {
    old: { id: older.id, startedAt: older.report.startedAt },
    new: { id: newer.id, startedAt: newer.report.startedAt },
    broke: [],
    degraded: [],
    recovered: [],
    blocked: [],
    added: [],
    removed: [],
    flapping: [],
    window: runs.length,
  };
  const transition = (key: string, from: Seen, to: Seen, c: CheckResult): Transition => ({
    key,
    id: c.id,
    nodePool: c.vantage?.nodePool,
    from,
    to,
    code: to === 'absent' ? undefined : c.code,
    message: to === 'absent' ? 'no longer checked' : c.message,
    blockedBy: c.blockedBy,
  });
  for (const [key, now] of after) {
    const was = before.get(key);
    const from: Seen = was?.status ?? 'absent';
    if (now.status === 'fail' && from !== 'fail') drift.broke.push(transition(key, from, now.status, now));
    else if (now.status === 'warn' && (from === 'pass' || from === 'skip' || from === 'absent'))
      drift.degraded.push(transition(key, from, now.status, now));
    else if (now.status === 'pass' && isBad(from)) drift.recovered.push(transition(key, from, now.status, now));
    else if (now.status === 'skip' && now.blockedBy && from === 'pass') drift.blocked.push(transition(key, from, now.status, now));
    if (!was) drift.added.push(transition(key, 'absent', now.status, now));
  }
  for (const [key, was] of before) if (!after.has(key)) drift.removed.push(transition(key, was.status, 'absent', was));

  const states = runs.map((r) => statesOf(r.report));
  const keys = new Set(states.flatMap((s) => [...s.keys()]));
  for (const key of keys) {
    const history: Seen[] = states.map((s) => s.get(key)?.status ?? 'absent');
    // Only pass and fail/warn count: a skip says nothing about the check itself.
    const judged = history.filter((s) => s === 'pass' || isBad(s));
    let wentBad = false;
    let wentGood = false;
    let changes = 0;
    for (let i = 1; i < judged.length; i++) {
      if (isBad(judged[i]) === isBad(judged[i - 1])) continue;
      changes++;
      if (isBad(judged[i])) wentBad = true;
      else wentGood = true;
    }
    if (wentBad && wentGood) {
      const sample = states.findLast((s) => s.has(key))!.get(key)!;
      drift.flapping.push({ key, id: sample.id, nodePool: sample.vantage?.nodePool, history, changes });
    }
  }
  return drift;
}

/** True when the newest run has a failure the one before did not: the exit 1 of `audit diff`. */
export const somethingBroke = (d: Drift) => d.broke.length > 0;
