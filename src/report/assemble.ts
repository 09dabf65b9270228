import { countStatuses, phaseSummaries, rootCause } from '../engine/summarize.ts';
import { TOOL } from '../tool.ts';
import type { CheckResult, PhaseId, Report, Vantage } from '../types.ts';

// The one place a report is put together around its checks: a local check, an in-cluster
// run, a merged cluster run, an audit and a multi-compute run all build it here.

/** The report around a run's checks: counts, root cause and phases are derived from them. */
export function assembleReport(
  checks: CheckResult[],
  meta: {
    target: Record<string, unknown>;
    vantage: Vantage;
    startedAt: Date;
    durationMs: number /** the phases of the run's rule sets */;
    phases?: PhaseId[];
  },
): Report {
  return {
    schemaVersion: 1,
    tool: TOOL,
    target: meta.target,
    vantage: meta.vantage,
    startedAt: meta.startedAt.toISOString(),
    durationMs: Math.round(meta.durationMs),
    summary: countStatuses(checks),
    rootCause: rootCause(checks),
    phases: phaseSummaries(checks, meta.phases),
    checks,
  };
}
