// `check --all-computes`: one report from the runs of several computes. Each
// check keeps its own result and names its compute, in its id (as a node
// pool's name is put before the id in a cluster run) and in `compute`.
import { assembleReport } from '../../report/assemble.ts';
import { PHASES, type PhaseId, type Report } from '../../types.ts';

export function mergeComputeReports(runs: { compute: string; report: Report }[], startedAt: Date, durationMs: number): Report {
  const checks = runs.flatMap(({ compute, report }) =>
    report.checks.map((c) => ({
      ...c,
      id: `${compute}:${c.id}`,
      ...(c.blockedBy ? { blockedBy: `${compute}:${c.blockedBy}` } : {}),
      compute,
    })),
  );
  const phases = PHASES.filter((p) => runs.some((r) => r.report.phases.some((x) => x.id === p))) as PhaseId[];
  // Phase order first, as every report; computes side by side within a phase.
  checks.sort((a, b) => PHASES.indexOf(a.phase) - PHASES.indexOf(b.phase));
  return assembleReport(checks, {
    target: { computes: Object.fromEntries(runs.map((r) => [r.compute, r.report.target])) },
    vantage: runs[0].report.vantage,
    startedAt,
    durationMs,
    phases,
  });
}
