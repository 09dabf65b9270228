// A cluster run checks the same hosts from every node pool: a row per host,
// a column per pool, and the rows where the pools disagree highlighted first,
// because a difference between pools points at the pool's own subnet, NSG,
// route table or proxy settings.
import type { CheckResult, Report, Status } from '../../types.ts';
import { brokenStep, checksOf, instancesOf, nameOf, type Instance } from '../instances.ts';
import { MARKS } from '../table.ts';
import { esc, type Html } from './escape.ts';

/** The key of an instance without its pool: the same host from each pool. */
const bareKey = (i: Instance) => (i.pool && i.key.startsWith(`${i.pool}:`) ? i.key.slice(i.pool.length + 1) : i.key);

/** One pool's verdict on a host: the step that broke, else pass (or skip when nothing ran). */
function verdictOf(i: Instance): { status: Status | 'absent'; text: string; check?: CheckResult } {
  const broken = brokenStep(i);
  if (broken)
    return {
      status: broken.status,
      text: `${MARKS[broken.status]} ${broken.kind.toUpperCase()} ${broken.code ?? ''}`.trim(),
      check: broken,
    };
  const all = checksOf(i);
  if (all.some((c) => c.status === 'pass')) return { status: 'pass', text: `${MARKS.pass} pass` };
  const blocked = all.find((c) => c.blockedBy);
  return blocked
    ? { status: 'skip', text: `${MARKS.skip} blocked`, check: blocked }
    : { status: 'skip', text: `${MARKS.skip} skip`, check: all[0] };
}

/** Empty unless the report holds checks from two or more pools. */
export function renderPools(report: Report): Html {
  const instances = instancesOf(report).filter((i) => i.pool);
  const pools = [...new Set(instances.map((i) => i.pool!))];
  if (pools.length < 2) return '';
  const rows = new Map<string, { name: string; phase: string; byPool: Map<string, Instance> }>();
  for (const i of instances) {
    const key = bareKey(i);
    if (!rows.has(key)) rows.set(key, { name: nameOf(i), phase: i.phase, byPool: new Map() });
    rows.get(key)!.byPool.set(i.pool!, i);
  }
  const lines = [...rows.entries()].map(([key, r]) => {
    const verdicts = pools.map((p) =>
      r.byPool.has(p) ? verdictOf(r.byPool.get(p)!) : { status: 'absent' as const, text: '– not checked' },
    );
    const differs = new Set(verdicts.map((v) => v.text)).size > 1;
    return { key, r, verdicts, differs };
  });
  lines.sort((a, b) => Number(b.differs) - Number(a.differs));
  const differing = lines.filter((l) => l.differs).length;
  const body = lines
    .map(
      ({ key, r, verdicts, differs }) =>
        `<tr class="${differs ? 'differs' : ''}" data-instance="${esc(key)}"><th scope="row">${differs ? '<span class="diff-mark" title="the pools disagree">≠</span> ' : ''}${esc(r.name)}<div class="req">${esc(key)} · ${esc(r.phase)}</div></th>` +
        verdicts
          .map(
            (v) =>
              `<td class="cell ${v.status}"${v.check ? ` title="${esc(`${v.check.id}: ${v.check.message}`)}"` : ''}>${esc(v.text)}</td>`,
          )
          .join('') +
        '</tr>',
    )
    .join('');
  return (
    `<section id="pools"><h2>Node pools</h2><p class="lead">${differing ? `${differing} host${differing === 1 ? '' : 's'} differ between the pools (highlighted, first): look at what the pools do not share, their subnet, NSG, route table or proxy.` : 'Every pool sees the same.'}</p>` +
    `<table class="pools"><thead><tr><th>host</th>${pools.map((p) => `<th>${esc(p)}</th>`).join('')}</tr></thead><tbody>${body}</tbody></table></section>`
  );
}
