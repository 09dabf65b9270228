// How history and drift read in a terminal or a CronJob log.
import type { Drift, Flap, Transition } from './diff.ts';
import type { StoredRun } from './store.ts';

const pad = (s: string, n: number) => s.padEnd(n);

export function formatHistory(runs: StoredRun[], describe: string): string {
  if (!runs.length) return `no audit runs in ${describe}\n`;
  const rows = runs.map((r) => [
    r.id,
    r.startedAt,
    `${(r.durationMs / 1000).toFixed(1)}s`,
    String(r.summary.pass),
    String(r.summary.warn),
    String(r.summary.fail),
    String(r.summary.skip),
    r.rootCausePhase ?? '-',
    r.trimmed?.length ? `trimmed: ${r.trimmed.join(',')}` : '',
  ]);
  const head = ['RUN', 'STARTED', 'TOOK', 'PASS', 'WARN', 'FAIL', 'SKIP', 'ROOT CAUSE', ''];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) =>
    r
      .map((c, i) => pad(c, widths[i]))
      .join('  ')
      .trimEnd();
  return `${[line(head), ...rows.map(line)].join('\n')}\n${runs.length} run(s) in ${describe}\n`;
}

const where = (t: { id: string; nodePool?: string }) => (t.nodePool ? `${t.id} [${t.nodePool}]` : t.id);

function section(title: string, items: Transition[]): string[] {
  if (!items.length) return [];
  return [
    `${title} (${items.length}):`,
    ...items.map(
      (t) => `  ${where(t)}: ${t.from} -> ${t.to}${t.code ? ` ${t.code}` : ''}${t.to === 'absent' ? '' : ` — ${t.message.split('\n')[0]}`}`,
    ),
  ];
}

const flapLine = (f: Flap) => `  ${where(f)}: ${f.history.join(' -> ')} (${f.changes} changes)`;

export function formatDrift(d: Drift): string {
  const out = [`Comparing run ${d.old.id} (${d.old.startedAt}) with run ${d.new.id} (${d.new.startedAt})`];
  out.push(
    ...section('Broke', d.broke),
    ...section('Degraded (now warning)', d.degraded),
    ...section('Recovered', d.recovered),
    ...section('Blocked by a new failure', d.blocked),
    ...section('New checks', d.added),
    ...section('No longer checked', d.removed),
  );
  if (d.flapping.length) out.push(`Flapping over the last ${d.window} runs (${d.flapping.length}):`, ...d.flapping.map(flapLine));
  if (out.length === 1) out.push('No change.');
  return `${out.join('\n')}\n`;
}
