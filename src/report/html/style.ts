// The page's one stylesheet, inline: system fonts only (nothing is fetched), and
// print rules so a ticket's printout keeps the drawings and opens every detail.
import { STATUS_COLOR } from './palette.ts';

export const STYLE = `
:root { --pass: ${STATUS_COLOR.pass}; --warn: ${STATUS_COLOR.warn}; --fail: ${STATUS_COLOR.fail}; --skip: ${STATUS_COLOR.skip}; --ink: #1a202c; --muted: #4a5568; --line: #e2e8f0; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--ink); background: #f7fafc; }
main { max-width: 1180px; margin: 0 auto; padding: 20px 24px 48px; }
h1 { font-size: 20px; margin: 0; }
h2 { font-size: 17px; margin: 28px 0 8px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 15px; margin: 16px 0 6px; }
code, pre, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; font-size: 12.5px; }
.lead { color: var(--muted); margin: 4px 0 10px; }
header.top { display: flex; gap: 20px; align-items: flex-start; justify-content: space-between; background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 16px 20px; }
.verdict { font-size: 22px; font-weight: 700; padding: 6px 14px; border-radius: 6px; color: #fff; white-space: nowrap; }
.verdict.fail { background: var(--fail); } .verdict.pass { background: var(--pass); } .verdict.warn { background: var(--warn); }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 8px 0 0; color: var(--muted); }
dl.facts dt { font-weight: 600; } dl.facts dd { margin: 0; word-break: break-all; }
.cause { margin-top: 14px; background: #fff5f5; border: 1px solid #feb2b2; border-left: 6px solid var(--fail); border-radius: 8px; padding: 12px 16px; }
.cause.warn { background: #fffaf0; border-color: #fbd38d; border-left-color: var(--warn); }
.cause.ok { background: #f0fff4; border-color: #9ae6b4; border-left-color: var(--pass); }
.cause h2 { border: 0; margin: 0 0 6px; padding: 0; font-size: 16px; }
.failures { list-style: none; margin: 8px 0 0; padding: 0; }
.failures li { padding: 6px 0; border-top: 1px solid #fed7d7; }
.failures li:first-child { border-top: 0; }
.failures .code { font-weight: 700; font-family: ui-monospace, monospace; }
.failures .root { background: var(--fail); color: #fff; border-radius: 4px; padding: 0 6px; font-size: 11px; font-weight: 700; margin-left: 6px; }
.failures .where { color: var(--muted); }
.failures .fix { margin: 2px 0 0; }
.cause details.more summary { cursor: pointer; font-weight: 600; margin-top: 6px; }
.tag { display: inline-block; font-size: 11px; padding: 0 6px; border-radius: 4px; background: #edf2f7; color: var(--muted); margin-left: 4px; }
.figure { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 8px; overflow-x: auto; }
svg text { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; font-size: 12px; }
:where(svg text:not([fill])) { fill: var(--ink); }
svg .band { fill: #edf2f7; } svg .phase-title { font-weight: 700; }
svg .grid { stroke: #edf2f7; } svg .tick { fill: #718096; font-size: 11px; text-anchor: middle; }
svg .row-label { fill: var(--muted); }
svg .mark.blocked { fill: url(#hatch); stroke: #a0aec0; }
svg .mark.na { fill: #fff; stroke: #cbd5e0; stroke-dasharray: 2 2; }
svg .mark.pass, svg .mark.fail, svg .mark.warn { stroke: #fff; stroke-width: 1; }
svg .mark.root { stroke: #1a202c; stroke-width: 2; }
svg .note { fill: var(--muted); font-size: 11.5px; } svg .note.fail { fill: var(--fail); font-weight: 600; } svg .note.warn { fill: var(--warn); font-weight: 600; } svg .root-note { fill: var(--fail); font-weight: 700; }
svg .edge { fill: none; stroke-width: 2; opacity: .8; } svg .edge.broken { stroke-width: 3.5; opacity: 1; }
svg .node rect { fill: #fff; stroke: #a0aec0; } svg .node.bad rect { stroke: #805ad5; stroke-width: 2; } svg .node.vantage rect { fill: #ebf8ff; stroke: #3182ce; }
svg .node-title { font-weight: 700; } svg .node-sub { fill: var(--muted); font-size: 11px; }
svg .edge-label { font-weight: 700; font-size: 12px; } svg .legend { font-size: 11px; fill: var(--muted); }
table { border-collapse: collapse; background: #fff; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: 4px 8px; border-bottom: 1px solid var(--line); }
thead th { background: #edf2f7; font-size: 12px; text-transform: uppercase; letter-spacing: .03em; }
.phase-row th { background: #f7fafc; font-weight: 700; padding-top: 8px; }
.dot { display: inline-block; width: 10px; height: 10px; border-radius: 50%; margin-right: 6px; background: var(--skip); }
.dot.pass { background: var(--pass); } .dot.fail { background: var(--fail); } .dot.warn { background: var(--warn); }
.matrix .host { font-weight: 600; word-break: break-all; } .req { color: #718096; font-size: 12px; }
.pool { background: #ebf8ff; color: #2b6cb0; border-radius: 4px; padding: 0 4px; font-size: 12px; }
.cell { white-space: nowrap; } .cell details > :not(summary) { white-space: normal; }
.cell summary { list-style: none; } .cell summary::-webkit-details-marker { display: none; }
.cell summary { cursor: pointer; font-family: ui-monospace, monospace; font-size: 12.5px; }
.cell.pass summary { color: var(--pass); } .cell.fail { background: #fff5f5; } .cell.fail summary { color: var(--fail); font-weight: 700; }
.cell.warn { background: #fffaf0; } .cell.warn summary { color: var(--warn); font-weight: 700; } .cell.skip summary, .cell.none, .cell.absent { color: #a0aec0; }
.cell details[open] { min-width: 320px; max-width: 520px; }
.cell .code { font-weight: 700; font-family: ui-monospace, monospace; margin-top: 4px; }
.cell .msg, .cell .fix, .cell .meta, .cell .blocked-by { margin: 4px 0; }
.cell .meta { color: #718096; font-size: 12px; }
pre.evidence { background: #f7fafc; border: 1px solid var(--line); padding: 6px; max-height: 260px; overflow: auto; white-space: pre-wrap; word-break: break-all; }
.pools tr.differs { background: #fffbea; } .pools tr.differs th { border-left: 4px solid var(--warn); }
.diff-mark { color: var(--warn); font-weight: 700; }
.strip { display: flex; gap: 6px; list-style: none; padding: 0; margin: 0; overflow-x: auto; }
.strip .run { min-width: 150px; border-radius: 6px; padding: 6px 8px; background: #fff; border: 1px solid var(--line); border-top: 6px solid var(--skip); font-size: 12px; }
.strip .run.fail { border-top-color: var(--fail); } .strip .run.pass { border-top-color: var(--pass); } .strip .run.warn { border-top-color: var(--warn); }
.strip .when { font-weight: 600; } .strip .broke { color: var(--fail); font-weight: 700; } .strip .recovered { color: var(--pass); font-weight: 700; }
table.flaps { width: auto; } table.flaps td { padding-right: 24px; }
.tile { display: inline-block; width: 14px; height: 14px; margin-right: 2px; border-radius: 2px; background: #e2e8f0; }
.tile.pass { background: var(--pass); } .tile.fail { background: var(--fail); } .tile.warn { background: var(--warn); } .tile.skip { background: var(--skip); }
footer { margin-top: 32px; color: #718096; font-size: 12px; }
@media print {
  body { background: #fff; font-size: 11px; } main { max-width: none; padding: 0; }
  .figure, header.top, .cause { break-inside: avoid; border-color: #ccc; }
  .figure { overflow: visible; } svg { max-width: 100%; height: auto; }
  .cell details[open] { max-width: none; } pre.evidence { max-height: none; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
`;
