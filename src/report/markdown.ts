import type { Report } from '../types.ts';
import { PHASE_TITLES, STATUS_WORDS } from './labels.ts';

// Peer text (DNS labels, status lines, deny pages) goes into table cells: it must stay one row and plain text.
// A line break would end the row. Every character GitHub-flavoured Markdown gives a meaning to is backslash-escaped
// (emphasis, code, links and images, raw HTML, entities, strikethrough, math, pipes; "(" only means something after
// an escaped "]"), and so are the ":" of "://", the "." of "www." and every "@": GFM's autolinks (https://x, www.x,
// a@b.c) never turn peer text into a link.
const oneLine = (s: string | undefined): string => (s ?? '').replace(/\r\n|[\r\n\u2028\u2029]/g, ' ');
const cell = (s: string | undefined): string =>
  oneLine(s)
    .replace(/[\\`*_[\]!<>|~#&$@]/g, '\\$&')
    .replace(/:\/\//g, '\\://')
    .replace(/\b(www)\./gi, '$1\\.');

/** A failure code as it is (CODE_LIKE_THIS: intraword "_" is no emphasis); anything else as cell text. */
const codeCell = (s: string | undefined): string => (s && /^[A-Z][A-Z0-9_]*$/.test(s) ? s : cell(s));

/** Text as an inline code span in a table cell: a fence longer than any backtick run inside, pipes escaped (GFM
 *  splits cells on them even in code). */
function code(s: string | undefined): string {
  const text = oneLine(s).replace(/\|/g, '\\|');
  const fence = '`'.repeat(Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length)) + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** For pull requests and wikis: a section per phase and the root cause first. */
export function formatMarkdown(report: Report): string {
  const s = report.summary;
  const out = [
    `# aml-preflight report`,
    '',
    `${s.pass} passed, ${s.warn} warnings, ${s.fail} failed, ${s.skip} skipped — from ${report.vantage.kind} ${code(report.vantage.host)} at ${report.startedAt}, ${report.durationMs} ms.`,
    '',
  ];
  if (report.rootCause) {
    out.push(`**Root cause:** phase \`${report.rootCause.phase}\` — ${report.rootCause.checks.map(code).join(', ')}`, '');
  }
  for (const { id: phase } of report.phases) {
    const checks = report.checks.filter((c) => c.phase === phase);
    if (!checks.length) continue;
    const status = report.phases.find((p) => p.id === phase)!.status;
    out.push(
      `## ${PHASE_TITLES[phase]} — ${STATUS_WORDS[status]}`,
      '',
      '| status | check | target | code | detail | fix |',
      '|---|---|---|---|---|---|',
    );
    for (const c of checks) {
      const target = c.port ? `${c.host}:${c.port}` : c.host;
      out.push(
        `| ${STATUS_WORDS[c.status]} | ${code(c.id)} | ${cell(target)} | ${codeCell(c.code)} | ${cell(c.message)} | ${cell(c.remediation)} |`,
      );
    }
    out.push('');
  }
  return out.join('\n');
}
