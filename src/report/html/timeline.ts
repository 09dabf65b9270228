// The phase timeline: the phases in order, a row per host, each check a bar on
// one time axis from its start to its end, coloured by status. A blocked check
// is drawn after the check that blocked it, hatched, and says so; the root
// cause is outlined. Reports older than `startedMs` are laid out by dependency
// order: each step of a host starts when the step before it ended.
import type { CheckResult, Report } from '../../types.ts';
import { formatMs } from '../fit.ts';
import { checksOf, instancesOf, nameOf, notApplicable, type Instance } from '../instances.ts';
import { PHASE_TITLES } from '../labels.ts';
import { esc, type Html } from './escape.ts';
import { STATUS_COLOR } from './palette.ts';

const LABEL_W = 290;
const AXIS_W = 640;
const RIGHT_W = 190;
const ROW_H = 20;
const BLOCKED_W = 9;

interface Span {
  check: CheckResult;
  start: number;
  end: number;
}

/** Where each check starts and ends, in ms from the report's start. */
export function spansOf(report: Report): Map<string, Span> {
  const spans = new Map<string, Span>();
  for (const i of instancesOf(report)) {
    let cursor = 0;
    for (const c of checksOf(i)) {
      if (c.status === 'skip') continue;
      const start = c.startedMs ?? cursor;
      spans.set(c.id, { check: c, start, end: start + c.durationMs });
      cursor = start + c.durationMs;
    }
  }
  // Blocked checks follow their cause (which may be in another host's row, e.g. a DNS check shared by requirements).
  for (const c of report.checks) {
    if (c.status !== 'skip' || spans.has(c.id)) continue;
    const cause = c.blockedBy ? spans.get(c.blockedBy) : undefined;
    const at = cause?.end ?? 0;
    spans.set(c.id, { check: c, start: at, end: at });
  }
  return spans;
}

function niceStep(totalMs: number): number {
  const raw = totalMs / 6;
  const pow = 10 ** Math.floor(Math.log10(Math.max(raw, 1)));
  return [1, 2, 5, 10].map((m) => m * pow).find((s) => s >= raw) ?? 10 * pow;
}

export function renderTimeline(report: Report): Html {
  const spans = spansOf(report);
  const total = Math.max(report.durationMs, ...[...spans.values()].map((s) => s.end), 1);
  const x = (ms: number) => LABEL_W + (ms / total) * AXIS_W;
  const roots = new Set(report.rootCause?.checks ?? []);
  const instances = instancesOf(report);
  const rows: Html[] = [];
  let y = 28;

  for (const phase of report.phases) {
    const members = instances.filter((i) => i.phase === phase.id);
    if (!members.length) continue;
    rows.push(
      `<g class="phase" data-phase="${esc(phase.id)}"><rect x="0" y="${y}" width="${LABEL_W + AXIS_W + RIGHT_W}" height="${ROW_H}" class="band"/>` +
        `<circle cx="10" cy="${y + ROW_H / 2}" r="5" fill="${STATUS_COLOR[phase.status]}"/>` +
        `<text x="22" y="${y + 14}" class="phase-title">${esc(PHASE_TITLES[phase.id] ?? phase.id)}</text></g>`,
    );
    y += ROW_H + 2;
    for (const i of members) {
      rows.push(instanceRow(i, y, spans, x, roots));
      y += ROW_H;
    }
    y += 6;
  }

  const step = niceStep(total);
  const ticks: Html[] = [];
  for (let t = 0; t <= total; t += step) {
    ticks.push(
      `<line x1="${x(t)}" x2="${x(t)}" y1="22" y2="${y}" class="grid"/><text x="${x(t)}" y="16" class="tick">${esc(formatMs(t))}</text>`,
    );
  }
  const height = y + 4;
  const width = LABEL_W + AXIS_W + RIGHT_W;
  return `<svg id="timeline" class="timeline" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="Timeline of the checks, phase by phase">
<defs><pattern id="hatch" width="4" height="4" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="4" height="4" fill="#edf2f7"/><line x1="0" y1="0" x2="0" y2="4" stroke="#a0aec0" stroke-width="2"/></pattern></defs>
${ticks.join('')}${rows.join('\n')}
</svg>`;
}

function instanceRow(i: Instance, y: number, spans: Map<string, Span>, x: (ms: number) => number, roots: Set<string>): Html {
  const name = i.pool ? `${i.pool} · ${nameOf(i)}` : nameOf(i);
  const parts: Html[] = [
    `<text x="22" y="${y + 14}" class="row-label">${esc(name.length > 40 ? `${name.slice(0, 18)}…${name.slice(-21)}` : name)}<title>${esc(i.key)}</title></text>`,
  ];
  let note = '';
  let noteClass = 'note';
  let blockedSlot = 0;
  for (const c of checksOf(i)) {
    const s = spans.get(c.id)!;
    const title = `<title>${esc(`${c.id}: ${c.status}${c.code ? ` ${c.code}` : ''}, ${formatMs(c.durationMs)}${c.blockedBy ? `, blocked by ${c.blockedBy}` : ''}`)}</title>`;
    const common = `data-check="${esc(c.id)}" data-status="${c.status}"`;
    if (c.status === 'skip') {
      const bx = x(s.start) + 2 + blockedSlot++ * (BLOCKED_W + 2);
      const cls = notApplicable(c) ? 'mark na' : 'mark blocked';
      parts.push(`<rect ${common} class="${cls}" x="${bx}" y="${y + 4}" width="${BLOCKED_W}" height="${ROW_H - 8}">${title}</rect>`);
      if (!note) note = c.blockedBy ? `blocked by ${c.blockedBy}` : c.code === 'RUN_DEADLINE' ? 'run deadline passed' : c.message;
      continue;
    }
    const bx = x(s.start);
    const w = Math.max(2, x(s.end) - bx);
    const root = roots.has(c.id) ? ' root' : '';
    parts.push(
      `<rect ${common} class="mark ${c.status}${root}" x="${bx}" y="${y + 3}" width="${w}" height="${ROW_H - 6}" rx="2" fill="${STATUS_COLOR[c.status]}">${title}</rect>`,
    );
    if (c.status === 'fail' || c.status === 'warn') {
      note = `${c.code ?? c.status}${root ? ' — ROOT CAUSE' : ''}`;
      noteClass = `note ${c.status}${root ? ' root-note' : ''}`;
      blockedSlot = 0;
    }
  }
  const end = Math.max(...checksOf(i).map((c) => spans.get(c.id)!.end));
  const skips = checksOf(i).filter((c) => c.status === 'skip').length;
  // After the row's last bar and its blocked marks; RIGHT_W leaves room for it past the axis.
  const noteX = x(end) + 6 + skips * (BLOCKED_W + 2);
  if (note)
    parts.push(`<text x="${noteX}" y="${y + 14}" class="${noteClass}">${esc(note.length > 48 ? `${note.slice(0, 47)}…` : note)}</text>`);
  return `<g class="row" data-instance="${esc(i.key)}">${parts.join('')}</g>`;
}
