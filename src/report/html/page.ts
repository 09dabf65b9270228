// `-o html`: one self-contained page drawn from the JSON report, to attach to a
// ticket. The header says the verdict, the root cause and what to do; then the
// phase timeline, the connectivity map, the matrix, and for cluster runs and
// audit history the pools and the strip. Inline CSS and SVG, one small script
// (open every detail when printing), and a Content-Security-Policy that allows
// only those two by hash: the page fetches nothing and, should an escape ever
// be missed, runs nothing a report's text brings.
import { createHash } from 'node:crypto';
import type { Report } from '../../types.ts';
import { formatMs } from '../fit.ts';
import { problemsOf, type Problem } from '../problems.ts';
import { PHASE_TITLES } from '../labels.ts';
import { esc, join, type Html } from './escape.ts';
import { renderHistory } from './history.ts';
import { renderMaps } from './map.ts';
import { renderMatrix } from './matrix.ts';
import { renderPools } from './pools.ts';
import { STYLE } from './style.ts';
import { renderTimeline } from './timeline.ts';

const PRINT_SCRIPT = `addEventListener('beforeprint',()=>{for(const d of document.querySelectorAll('details:not([open])')){d.open=true;d.dataset.printOpened='1';}});addEventListener('afterprint',()=>{for(const d of document.querySelectorAll('details[data-print-opened]')){d.open=false;delete d.dataset.printOpened;}});`;

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
const POLICY = `default-src 'none'; style-src ${sha256(STYLE)}; script-src ${sha256(PRINT_SCRIPT)}; img-src data:; base-uri 'none'; form-action 'none'`;

export interface HtmlOptions {
  /** Earlier runs of the same target, oldest first (audit history). */
  history?: Report[];
}

/** A target's settings as one line each: "cluster: apiServerFqdn myaks…, region eastus". */
const isEmpty = (v: unknown): boolean =>
  v === undefined ||
  v === null ||
  v === '' ||
  (Array.isArray(v) && !v.length) ||
  (typeof v === 'object' && !Array.isArray(v) && Object.values(v as object).every(isEmpty));

function targetFacts(target: Record<string, unknown>): Html {
  return Object.entries(target)
    .filter(([, value]) => !isEmpty(value))
    .map(([key, value]) => {
      const text =
        value && typeof value === 'object' && !Array.isArray(value)
          ? Object.entries(value as Record<string, unknown>)
              .filter(([, v]) => !isEmpty(v))
              .map(([k, v]) => `${k} ${Array.isArray(v) ? v.join(', ') : typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
              .join(' · ')
          : Array.isArray(value)
            ? value.map((v) => (typeof v === 'object' ? JSON.stringify(v) : String(v))).join(', ')
            : String(value);
      return `<dt>${esc(key)}</dt><dd>${esc(text)}</dd>`;
    })
    .join('');
}

function problemItem(p: Problem, roots: Set<string>): Html {
  const [c] = p.checks;
  const where = [c.host && `${c.host}${c.port ? `:${c.port}` : ''}`, c.phase, c.vantage?.nodePool && `pool ${c.vantage.nodePool}`]
    .filter(Boolean)
    .join(' · ');
  const others = p.checks.slice(1);
  return (
    `<li data-check="${esc(c.id)}"><span class="code">${esc(c.code ?? c.status.toUpperCase())}</span>${p.checks.some((x) => roots.has(x.id)) ? '<span class="root">ROOT CAUSE</span>' : ''}` +
    ` <code>${esc(c.id)}</code> <span class="where">${esc(where)}</span>${others.length ? `<span class="tag">and ${others.length} more</span>` : ''}${p.blocked ? `<span class="tag">blocks ${p.blocked}</span>` : ''}` +
    `<div>${esc(c.message)}</div>${p.fix ? `<p class="fix"><b>Fix:</b> ${esc(p.fix)}</p>` : ''}` +
    (others.length ? `<div class="where">also: ${others.map((x) => `<code>${esc(x.id)}</code>`).join(', ')}</div>` : '') +
    '</li>'
  );
}

const SHOWN_PROBLEMS = 6;

/** The problems, root causes first; past the first few, one click away. */
function problemList(problems: Problem[], roots: Set<string>): Html {
  const items = problems.map((p) => problemItem(p, roots));
  const more = items.length - SHOWN_PROBLEMS;
  return (
    `<ul class="failures">${items.slice(0, more > 1 ? SHOWN_PROBLEMS : items.length).join('')}</ul>` +
    (more > 1
      ? `<details class="more"><summary>${more} more problems</summary><ul class="failures">${items.slice(SHOWN_PROBLEMS).join('')}</ul></details>`
      : '')
  );
}

function header(report: Report): Html {
  const s = report.summary;
  const verdict = s.fail ? 'fail' : s.warn ? 'warn' : 'pass';
  const verdictText = s.fail ? `FAIL · ${s.fail} failed` : s.warn ? `WARN · ${s.warn} warnings` : 'PASS';
  const v = report.vantage;
  const roots = new Set(report.rootCause?.checks ?? []);
  const isRoot = (p: Problem) => p.checks.some((c) => roots.has(c.id));
  // Root causes first, then the rest in report order (which is phase order).
  const problems = problemsOf(report).sort((a, b) => Number(isRoot(b)) - Number(isRoot(a)));
  const cause = report.rootCause
    ? `<section class="cause" id="root-cause"><h2>Root cause: phase ${esc(report.rootCause.phase)} — ${esc(PHASE_TITLES[report.rootCause.phase] ?? '')}</h2>` +
      `<p class="lead">The earliest phase that broke; the checks after a failure are blocked by it. ${problems.length} problem${problems.length === 1 ? '' : 's'} in all:</p>` +
      problemList(problems, roots) +
      '</section>'
    : problems.length
      ? `<section class="cause warn" id="root-cause"><h2>No check failed; ${problems.length} warning${problems.length === 1 ? '' : 's'}</h2>${problemList(problems, roots)}</section>`
      : '<section class="cause ok" id="root-cause"><h2>No check failed</h2></section>';
  return (
    `<header class="top"><div><h1>aml-preflight report <span class="tag">${esc(report.tool.name)} ${esc(report.tool.version)}</span></h1>` +
    `<dl class="facts"><dt>vantage</dt><dd>${esc(`${v.kind} ${v.host}${v.nodePool ? ` (pool ${v.nodePool})` : ''}`)}</dd>` +
    `<dt>started</dt><dd>${esc(report.startedAt)}, took ${esc(formatMs(report.durationMs))}</dd>` +
    `<dt>checks</dt><dd>${s.pass} passed · ${s.warn} warnings · ${s.fail} failed · ${s.skip} skipped</dd>${targetFacts(report.target)}</dl></div>` +
    `<div class="verdict ${verdict}">${esc(verdictText)}</div></header>${cause}`
  );
}

export function formatHtml(report: Report, options: HtmlOptions = {}): string {
  const runs = [...(options.history ?? []), report].sort((a, b) => a.startedAt.localeCompare(b.startedAt));
  const hasTimings = report.checks.some((c) => c.startedMs !== undefined);
  const maps = renderMaps(report);
  const body = join([
    header(report),
    renderHistory(runs),
    // Compliance rules are judged from objects, not timed: a compliance-only report has no timeline.
    report.checks.some((c) => c.kind !== 'compliance') &&
      `<section id="timeline-section"><h2>Phase timeline</h2><p class="lead">Each check is a bar from its start to its end${hasTimings ? '' : ' (this report has no start times: each step is drawn after the one before it)'}; hatched marks are checks blocked by the failure before them, outlined is the root cause.</p><div class="figure">${renderTimeline(report)}</div></section>`,
    // A report with no host (compliance rules only) has no path to draw.
    maps &&
      `<section id="map-section"><h2>Connectivity map</h2><p class="lead">From the vantage through the resolver and the egress to each host; an edge takes the colour of the step that failed on it.</p><div class="figure">${maps}</div></section>`,
    renderPools(report),
    `<section id="matrix-section"><h2>${maps ? 'Hosts and steps' : 'Checks'}</h2><p class="lead">Click a cell for the message, the remediation and the evidence.</p>${renderMatrix(report)}</section>`,
  ]);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${POLICY}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(`aml-preflight: ${report.summary.fail ? `${report.summary.fail} failed` : 'no check failed'} (${report.vantage.host}, ${report.startedAt})`)}</title>
<style>${STYLE}</style></head>
<body><main>
${body}
<footer>Drawn from the JSON report (schema/report.schema.json) by ${esc(report.tool.name)} ${esc(report.tool.version)}. Secrets are redacted as in every format.</footer>
</main><script>${PRINT_SCRIPT}</script></body></html>
`;
}
