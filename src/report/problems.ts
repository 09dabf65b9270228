// The problems of a report as a person reads them: failures that say the same
// (same code, same message: a proxy that is down, seen from every host of a
// pool) are one problem, with one fix. The compact table and the HTML header
// both list them this way.
import { CODES, isCode } from '../codes.ts';
import type { CheckResult, Report } from '../types.ts';

export interface Problem {
  /** The checks that failed (or warned) alike, in report order. */
  checks: CheckResult[];
  /** How many checks did not run because of these. */
  blocked: number;
  /** The checks' remediation when they agree, else the code's own action from the registry. */
  fix?: string;
}

export function problemsOf(report: Report): Problem[] {
  const groups = new Map<string, CheckResult[]>();
  for (const c of report.checks) {
    if (c.status !== 'fail' && c.status !== 'warn') continue;
    const key = `${c.status}\0${c.code}\0${c.message}`;
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  return [...groups.values()].map((checks) => {
    const ids = new Set(checks.map((c) => c.id));
    const fixes = new Set(checks.map((c) => c.remediation).filter(Boolean));
    const first = checks[0];
    const fix =
      fixes.size <= 1
        ? first.remediation
        : ((first.code && isCode(first.code) ? CODES[first.code].action : undefined) ?? first.remediation);
    return { checks, blocked: report.checks.filter((c) => c.blockedBy && ids.has(c.blockedBy)).length, fix };
  });
}
