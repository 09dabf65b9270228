// The default terminal view: where it breaks and what to do, on one screen.
// One line per host with its DNS/TCP/TLS/HTTP cells, then a block per failure
// (code, evidence, remediation), then the root cause and the summary. Every
// line fits the terminal; `--wide` keeps the bordered table of every check.
import type { CheckResult, Report, Status } from '../types.ts';
import { formatMs, padTo, shortenMiddle, widthOf, wrap } from './fit.ts';
import { brokenStep, checksOf, instancesOf, nameOf, notApplicable, STEPS, type Instance, type Step } from './instances.ts';
import { STATUS_WORDS } from './labels.ts';
import { problemsOf, type Problem } from './problems.ts';

const COLORS: Record<Status, string> = { pass: '\x1b[32m', warn: '\x1b[33m', fail: '\x1b[31m', skip: '\x1b[90m' };
export const MARKS: Record<Status, string> = { pass: '✓', warn: '!', fail: '✗', skip: '·' };

/** What a step's cell says: a mark and the time, the code (without the column's own prefix), or why it did not run. */
export function cellText(c: CheckResult | undefined, step?: Step): string {
  if (!c) return '-';
  // A compliance rule is judged from objects, not timed: its time says nothing.
  if (c.status === 'pass') return `${MARKS.pass} ${c.kind === 'compliance' ? 'pass' : formatMs(c.durationMs)}`;
  if (c.status === 'skip') return `${MARKS.skip} ${c.code === 'RUN_DEADLINE' ? 'deadline' : c.blockedBy ? 'blocked' : 'skip'}`;
  const code = c.code ?? STATUS_WORDS[c.status];
  const prefix = step ? `${step.toUpperCase()}_` : '';
  return `${MARKS[c.status]} ${prefix && code.startsWith(prefix) ? code.slice(prefix.length) : code}`;
}

export function formatTable(report: Report, options: { color: boolean; width?: number }): string {
  const width = Math.max(40, options.width || 80);
  const paint = (status: Status, text: string) => (options.color ? `${COLORS[status]}${text}\x1b[0m` : text);
  const bold = (text: string) => (options.color ? `\x1b[1m${text}\x1b[0m` : text);
  const cellWidth = width >= 120 ? 16 : width >= 100 ? 14 : width >= 64 ? 11 : Math.min(9, Math.floor((width - 2) / STEPS.length) - 1);
  // On a narrow terminal the host takes a line of its own, its cells the next.
  const stacked = width - STEPS.length * (cellWidth + 1) < 16;
  const nameWidth = stacked ? 2 : width - STEPS.length * (cellWidth + 1);
  const instances = instancesOf(report);
  const out: string[] = [];

  const s = report.summary;
  const verdict = s.fail ? paint('fail', `${MARKS.fail} ${s.fail} failed`) : paint('pass', `${MARKS.pass} no check failed`);
  out.push(shortenLine(`aml-preflight ${verdict}`, width, options.color));
  if (instances.some((i) => STEPS.some((st) => i.steps[st])))
    out.push(
      padTo('', nameWidth) +
        STEPS.map((st) => ` ${padTo(st.toUpperCase(), cellWidth)}`)
          .join('')
          .trimEnd(),
    );

  const notRun: CheckResult[] = [];
  for (const { id: phase, status } of report.phases) {
    const shown = instances.filter((i) => i.phase === phase && !checksOf(i).every(notApplicable));
    notRun.push(...instances.filter((i) => i.phase === phase && checksOf(i).every(notApplicable)).flatMap(checksOf));
    if (!shown.length) continue;
    out.push(`${paint(status, MARKS[status])} ${bold(phase)}`);
    for (const i of shown) {
      if (stacked) out.push(shortenMiddle(i.pool ? `${i.pool} ${nameOf(i)}` : nameOf(i), width, 0.65));
      out.push(instanceLine(i, nameWidth, cellWidth, paint, stacked));
    }
  }
  if (notRun.length) {
    const reasons = new Map<string, string[]>();
    for (const c of notRun) {
      const ids = reasons.get(c.message) ?? [];
      if (!ids.includes(c.requirement)) reasons.set(c.message, [...ids, c.requirement]);
    }
    for (const [why, ids] of reasons) out.push(...wrap(`${ids.join(', ')}: ${why}`, width, paint('skip', `${MARKS.skip} not run: `), '  '));
  }

  for (const problem of problemsOf(report)) out.push('', ...failureBlock(problem, width, paint));

  out.push('');
  if (report.rootCause) {
    const codes = report.rootCause.checks.map((id) => {
      const c = report.checks.find((x) => x.id === id);
      return c?.code ? `${id} (${c.code})` : id;
    });
    out.push(...wrap(codes.join(', '), width, paint('fail', `Root cause: phase ${report.rootCause.phase} — `), '  '));
  }
  const v = report.vantage;
  out.push(
    ...wrap(
      `${s.pass} passed, ${s.warn} warnings, ${s.fail} failed, ${s.skip} skipped in ${report.durationMs} ms (from ${v.kind} ${v.host})`,
      width,
      '',
      '  ',
    ),
  );
  return `${out.join('\n')}\n`;
}

function instanceLine(
  i: Instance,
  nameWidth: number,
  cellWidth: number,
  paint: (s: Status, t: string) => string,
  stacked: boolean,
): string {
  const label = i.pool ? `${i.pool} ${nameOf(i)}` : nameOf(i);
  const name = stacked ? padTo('', nameWidth) : padTo(shortenMiddle(label, nameWidth - 1, 0.65), nameWidth);
  const hasSteps = STEPS.some((st) => i.steps[st]);
  if (!hasSteps) {
    // In-cluster and compliance checks: one cell across the step columns.
    const c = brokenStep(i) ?? i.others[0];
    return `${name} ${paint(c.status, shortenMiddle(cellText(c), STEPS.length * (cellWidth + 1) - 1))}`;
  }
  const cells = STEPS.map((st) => {
    const c = i.steps[st];
    // A code keeps its start when cut: "✗ PROXY_UNRE…" reads, "✗ PRO…ABLE" does not.
    const text = padTo(shortenMiddle(cellText(c, st), cellWidth, 1), cellWidth);
    return ` ${c ? paint(c.status, text) : text}`;
  });
  return (name + cells.join('')).trimEnd();
}

function failureBlock(problem: Problem, width: number, paint: (s: Status, t: string) => string): string[] {
  const { checks: group, blocked, fix } = problem;
  const [c] = group;
  const suffix = `${group.length > 1 ? ` and ${group.length - 1} more` : ''}${blocked ? ` (blocks ${blocked})` : ''}`;
  const lead = `${MARKS[c.status]} ${c.code ?? STATUS_WORDS[c.status]}  `;
  const head = `${lead}${shortenMiddle(c.id, Math.max(8, width - widthOf(lead) - widthOf(suffix)))}${suffix}`;
  const lines = [paint(c.status, shortenMiddle(head, width))];
  lines.push(...wrap(c.message.split('\n')[0], width, '    ', '    ', 4));
  if (fix) lines.push(...wrap(fix, width, '    fix: ', '         '));
  if (group.length > 1)
    lines.push(
      ...wrap(
        `also: ${group
          .slice(1)
          .map((x) => x.id)
          .join(', ')}`,
        width,
        '    ',
        '      ',
        3,
      ),
    );
  return lines;
}

/** A line holding colour codes: shortened on its visible text only when it would not fit. */
function shortenLine(line: string, width: number, color: boolean): string {
  const visible = line.replace(/\x1b\[[0-9;]*m/g, '');
  if (widthOf(visible) <= width) return line;
  return color ? shortenMiddle(visible, width) : shortenMiddle(line, width);
}
