import { inPhaseOrder } from '../catalog/phases.ts';
import { PHASES, type CheckResult, type PhaseId, type PhaseSummary, type Report, type Status } from '../types.ts';

const WORST: Status[] = ['fail', 'warn', 'pass', 'skip'];

/** A phase is as bad as its worst check; a phase with nothing run is skip. The report lists the
 *  phases given (those of the run's rule sets) and any other its checks are in. */
export function phaseSummaries(checks: CheckResult[], phases: PhaseId[] = []): PhaseSummary[] {
  return inPhaseOrder([...phases, ...checks.map((c) => c.phase)]).map((id) => {
    const statuses = new Set(checks.filter((c) => c.phase === id).map((c) => c.status));
    return { id, status: WORST.find((s) => statuses.has(s)) ?? 'skip' };
  });
}

/** The earliest phase with a failure explains the failures after it: that phase and its failing checks. */
export function rootCause(checks: CheckResult[]): Report['rootCause'] {
  for (const phase of PHASES) {
    const failing = checks.filter((c) => c.phase === phase && c.status === 'fail').map((c) => c.id);
    if (failing.length) return { phase, checks: failing };
  }
  return null;
}

export function countStatuses(checks: CheckResult[]): Report['summary'] {
  const summary = { pass: 0, warn: 0, fail: 0, skip: 0 };
  for (const c of checks) summary[c.status]++;
  return summary;
}
