// Audit history: the last runs as a strip, oldest to newest, each tile saying
// what broke and what recovered since the run before, then the checks that
// flap (went bad and good again) over the whole window. The judgement is the
// audit's own (src/audit/diff.ts), so the page and `audit diff` never disagree.
import { diffRuns, type Seen } from '../../audit/diff.ts';
import type { Report } from '../../types.ts';
import { esc, type Html } from './escape.ts';

const TILE_CLASS: Record<Seen, string> = { pass: 'pass', warn: 'warn', fail: 'fail', skip: 'skip', absent: 'absent' };

/** Empty for a single run. `runs` oldest first, the report being drawn last. */
export function renderHistory(runs: Report[]): Html {
  if (runs.length < 2) return '';
  const refs = runs.map((report) => ({ id: report.startedAt, report }));
  const tiles = refs.map((r, k) => {
    const s = r.report.summary;
    let change = '<div class="change">first run shown</div>';
    if (k > 0) {
      const d = diffRuns([refs[k - 1], r]);
      const parts = [
        d.broke.length && `<span class="broke">${d.broke.length} broke</span>`,
        d.recovered.length && `<span class="recovered">${d.recovered.length} recovered</span>`,
      ].filter(Boolean);
      const detail = [...d.broke.map((t) => `broke: ${t.key} ${t.code ?? ''}`), ...d.recovered.map((t) => `recovered: ${t.key}`)].join(
        '\n',
      );
      change = `<div class="change" title="${esc(detail)}">${parts.length ? parts.join(' ') : 'no change'}</div>`;
    }
    return (
      `<li class="run ${s.fail ? 'fail' : s.warn ? 'warn' : 'pass'}" data-run="${esc(r.id)}"><div class="when">${esc(r.report.startedAt.replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC'))}</div>` +
      `<div class="counts">${s.fail} failed · ${s.warn} warn · ${s.pass} passed</div>${change}</li>`
    );
  });
  const window = diffRuns(refs);
  const flaps = window.flapping.length
    ? `<h3>Flapping over these ${runs.length} runs</h3><table class="flaps"><tbody>${window.flapping
        .map(
          (f) =>
            `<tr><th scope="row">${esc(f.key)}</th><td>${f.history.map((h) => `<span class="tile ${TILE_CLASS[h]}" title="${esc(h)}"></span>`).join('')}</td><td>${f.changes} changes</td></tr>`,
        )
        .join('')}</tbody></table>`
    : '<p class="lead">No check flaps over these runs.</p>';
  return `<section id="history"><h2>History</h2><ol class="strip">${tiles.join('')}</ol>${flaps}</section>`;
}
