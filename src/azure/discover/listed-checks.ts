// The hosts Azure lists that the catalog lacks, as report entries: a warn
// check each (azure-listed@HOST/catalog, AZURE_UNLISTED_HOST), so a pipeline
// reading the JSON report sees them, not only a human reading stderr.
import { countStatuses, phaseSummaries } from '../../engine/summarize.ts';
import { CODES } from '../../codes.ts';
import type { CheckResult, Report } from '../../types.ts';
import type { ListedHost } from './profile-from-snapshot.ts';
import { unlistedLine } from './unlisted-hosts.ts';

/** The report with a warn check for each host; check --all-computes puts each compute before the ids when it merges. */
export function withUnlistedHosts(report: Report, unlisted: ListedHost[] = []): Report {
  if (unlisted.length === 0) return report;
  // Said in the run's first phase: what the cluster needs before anything else is deployed.
  const phase = report.phases[0]?.id ?? 'router-deploy';
  const extra: CheckResult[] = unlisted.map((l) => ({
    id: `azure-listed@${l.host}/catalog`,
    requirement: `azure-listed@${l.host}`,
    phase,
    kind: 'catalog',
    host: l.host,
    ...(l.ports.length ? { port: l.ports[0] } : {}),
    status: 'warn',
    code: 'AZURE_UNLISTED_HOST',
    message: unlistedLine(l),
    remediation: CODES.AZURE_UNLISTED_HOST.action,
    durationMs: 0,
    evidence: { listedBy: l.listedBy, ports: l.ports, ...(l.category ? { category: l.category } : {}) },
  }));
  const checks = [...report.checks, ...extra];
  return {
    ...report,
    checks,
    summary: countStatuses(checks),
    phases: phaseSummaries(
      checks,
      report.phases.map((p) => p.id),
    ),
  };
}
