import Table from 'cli-table3';
import type { Report, Status } from '../types.ts';
import { PHASE_TITLES, STATUS_WORDS } from './labels.ts';

const COLORS: Record<Status, string> = { pass: '\x1b[32m', warn: '\x1b[33m', fail: '\x1b[31m', skip: '\x1b[90m' };

/** The wide terminal view (`--wide`, `-o table --verbose`): one bordered table per phase, every check a row. */
export function formatWideTable(report: Report, options: { color: boolean; width?: number }): string {
  const paint = (status: Status, text: string) => (options.color ? `${COLORS[status]}${text}\x1b[0m` : text);
  const width = Math.max(80, options.width ?? 120);
  const widths = [8, 32, 24];
  const detail = width - widths.reduce((a, b) => a + b, 0) - 5;
  const out: string[] = [];
  for (const { id: phase } of report.phases) {
    const checks = report.checks.filter((c) => c.phase === phase);
    if (!checks.length) continue;
    const status = report.phases.find((p) => p.id === phase)!.status;
    out.push(`${paint(status, STATUS_WORDS[status])} ${PHASE_TITLES[phase]}`);
    const table = new Table({
      head: ['status', 'check', 'code', 'detail'],
      style: { head: options.color ? ['bold'] : [], border: options.color ? ['grey'] : [] },
      colWidths: [...widths, detail],
      wordWrap: true,
      // No rule between rows: a phase reads as one block.
      chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
    });
    for (const c of checks) {
      table.push([paint(c.status, STATUS_WORDS[c.status]), c.id, c.code ?? '', c.message]);
    }
    out.push(table.toString(), '');
  }
  if (report.rootCause) {
    out.push(paint('fail', `Root cause: phase ${report.rootCause.phase} — ${report.rootCause.checks.join(', ')}`));
    for (const id of report.rootCause.checks) {
      const c = report.checks.find((x) => x.id === id);
      if (c?.remediation) out.push(`  ${id}: ${c.remediation}`);
    }
  }
  const s = report.summary;
  out.push(
    `${s.pass} passed, ${s.warn} warnings, ${s.fail} failed, ${s.skip} skipped in ${report.durationMs} ms (from ${report.vantage.kind} ${report.vantage.host})`,
  );
  return `${out.join('\n')}\n`;
}
