import type { Report } from '../types.ts';

const xml = (s: string): string =>
  s
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');

/** JUnit XML for CI dashboards: one testsuite per phase, one testcase per check. */
export function formatJunit(report: Report): string {
  const suites = report.phases.map(({ id: phase }) => {
    const checks = report.checks.filter((c) => c.phase === phase);
    const count = (s: string) => checks.filter((c) => c.status === s).length;
    const time = checks.reduce((t, c) => t + c.durationMs, 0) / 1000;
    const cases = checks.map((c) => {
      const attrs = `name="${xml(c.id)}" classname="${xml(`aml-preflight.${phase}`)}" time="${(c.durationMs / 1000).toFixed(3)}"`;
      const detail = xml([c.message, c.remediation && `Fix: ${c.remediation}`].filter(Boolean).join('\n'));
      if (c.status === 'fail')
        return `    <testcase ${attrs}>\n      <failure message="${xml(c.message)}" type="${xml(c.code ?? 'FAIL')}">${detail}</failure>\n    </testcase>`;
      if (c.status === 'skip') return `    <testcase ${attrs}>\n      <skipped message="${xml(c.message)}"/>\n    </testcase>`;
      if (c.status === 'warn')
        return `    <testcase ${attrs}>\n      <system-out>WARN ${xml(c.code ?? '')}: ${detail}</system-out>\n    </testcase>`;
      return `    <testcase ${attrs}/>`;
    });
    return `  <testsuite name="${phase}" tests="${checks.length}" failures="${count('fail')}" errors="0" skipped="${count('skip')}" time="${time.toFixed(3)}" timestamp="${report.startedAt.replace(/Z$/, '')}" hostname="${xml(report.vantage.host)}">\n${cases.join('\n')}${cases.length ? '\n' : ''}  </testsuite>`;
  });
  const s = report.summary;
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="aml-preflight" tests="${report.checks.length}" failures="${s.fail}" errors="0" skipped="${s.skip}" time="${(report.durationMs / 1000).toFixed(3)}">\n${suites.join('\n')}\n</testsuites>\n`;
}
