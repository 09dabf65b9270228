// The matrix: a row per host, a column per step (DNS, TCP, TLS, HTTP), each cell
// a mark with its time or its code; the message, the remediation and the raw
// evidence are one click away in a <details>, so the page needs no script.
import type { CheckResult, Report } from '../../types.ts';
import { formatMs } from '../fit.ts';
import { checksOf, instancesOf, nameOf, notApplicable, STEPS, type Instance } from '../instances.ts';
import { cellText } from '../table.ts';
import { esc, type Html } from './escape.ts';

/** The cell of one check: its mark and time or code, and what it saw. */
export function checkCell(c: CheckResult | undefined, step?: (typeof STEPS)[number]): Html {
  if (!c) return '<td class="cell none" title="not planned for this host">–</td>';
  const open = c.status === 'fail' || c.status === 'warn';
  // A check that does not apply here says why in its cell; the others say their mark and time or code.
  const summary = notApplicable(c) ? `${cellText(c)}: ${c.message}` : cellText(c, step);
  const full = c.code && c.status !== 'pass' ? `<div class="code">${esc(c.code)}</div>` : '';
  return (
    `<td class="cell ${c.status}" data-check="${esc(c.id)}"><details${open ? ' class="problem"' : ''}><summary>${esc(summary)}</summary>${full}` +
    `<p class="msg">${esc(c.message)}</p>` +
    (c.remediation ? `<p class="fix"><b>Fix:</b> ${esc(c.remediation)}</p>` : '') +
    (c.blockedBy ? `<p class="blocked-by">Blocked by <code>${esc(c.blockedBy)}</code></p>` : '') +
    `<p class="meta"><code>${esc(c.id)}</code> · ${esc(formatMs(c.durationMs))}${c.vantage?.nodePool ? ` · pool ${esc(c.vantage.nodePool)}` : ''}</p>` +
    (Object.keys(c.evidence).length ? `<pre class="evidence">${esc(JSON.stringify(c.evidence, null, 2))}</pre>` : '') +
    '</details></td>'
  );
}

function row(i: Instance): Html {
  const hasSteps = STEPS.some((s) => i.steps[s]);
  const name = `${i.pool ? `<span class="pool">${esc(i.pool)}</span> ` : ''}${esc(nameOf(i))}${i.port && i.port !== 443 ? `:${esc(i.port)}` : ''}`;
  const head = `<th scope="row"><div class="host">${name}</div><div class="req">${esc(i.requirement)}</div></th>`;
  if (!hasSteps) {
    // In-cluster and compliance checks have one result each, across the step columns.
    return checksOf(i)
      .map((c) => `<tr>${head}${checkCell(c).replace('<td class="cell', '<td colspan="4" class="cell')}</tr>`)
      .join('');
  }
  return `<tr>${head}${STEPS.map((s) => checkCell(i.steps[s], s)).join('')}</tr>`;
}

export function renderMatrix(report: Report): Html {
  const instances = instancesOf(report);
  const body = report.phases
    .map((p) => {
      const members = instances.filter((i) => i.phase === p.id);
      if (!members.length) return '';
      return `<tbody><tr class="phase-row"><th colspan="5"><span class="dot ${p.status}"></span>${esc(p.id)}</th></tr>${members.map(row).join('')}</tbody>`;
    })
    .join('');
  const steps = instances.some((i) => STEPS.some((s) => i.steps[s]));
  const head = steps ? STEPS.map((s) => `<th>${s.toUpperCase()}</th>`).join('') : '<th colspan="4">result</th>';
  return `<table class="matrix"><thead><tr><th>${steps ? 'host · requirement' : 'rule'}</th>${head}</tr></thead>${body}</table>`;
}
