import type { Report } from '../types.ts';
import { PHASE_TITLES, STATUS_WORDS } from './labels.ts';

const cell = (s: string | undefined): string => (s ?? '').replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ').replace(/</g, '&lt;');

/** For pull requests and wikis: a section per phase and the root cause first. */
export function formatMarkdown(report: Report): string {
  const s = report.summary;
  const out = [
    `# aml-preflight report`,
    '',
    `${s.pass} passed, ${s.warn} warnings, ${s.fail} failed, ${s.skip} skipped — from ${report.vantage.kind} \`${cell(report.vantage.host)}\` at ${report.startedAt}, ${report.durationMs} ms.`,
    '',
  ];
  if (report.rootCause) {
    out.push(`**Root cause:** phase \`${report.rootCause.phase}\` — ${report.rootCause.checks.map((c) => `\`${c}\``).join(', ')}`, '');
  }
  for (const { id: phase } of report.phases) {
    const checks = report.checks.filter((c) => c.phase === phase);
    if (!checks.length) continue;
    const status = report.phases.find((p) => p.id === phase)!.status;
    out.push(`## ${PHASE_TITLES[phase]} — ${STATUS_WORDS[status]}`, '', '| status | check | target | code | detail | fix |', '|---|---|---|---|---|---|');
    for (const c of checks) {
      const target = c.port ? `${c.host}:${c.port}` : c.host;
      out.push(`| ${STATUS_WORDS[c.status]} | \`${cell(c.id)}\` | ${cell(target)} | ${cell(c.code)} | ${cell(c.message)} | ${cell(c.remediation)} |`);
    }
    out.push('');
  }
  return out.join('\n');
}
