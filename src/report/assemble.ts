import { countStatuses, phaseSummaries, rootCause } from '../engine/summarize.ts';
import { TOOL } from '../tool.ts';
import type { CheckResult, PhaseId, Report, Vantage } from '../types.ts';

/** A report around checks that did not come from runPreflight (compliance, merged pod reports). */
export function assembleReport(
  checks: CheckResult[],
  meta: { target: Record<string, unknown>; vantage: Vantage; startedAt: Date; durationMs: number; /** the phases of the run's rule sets */ phases?: PhaseId[] },
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
