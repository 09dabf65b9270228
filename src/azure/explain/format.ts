import type { Explanation } from './explain.ts';
import type { MinimalFix } from './minimal-fix.ts';

// explain's two outputs: the JSON document (schema/explain.schema.json) and
// the table a person reads, both from the same values.

export interface ExplainDocument extends Explanation {
  snapshot: string;
  /** resources: every changed or new resource as it should be (ARM shape, what to PUT); diff: the same as a unified diff. */
  fix: { steps: MinimalFix['steps']; unfixed: MinimalFix['unfixed']; resources: MinimalFix['changes'][number]['after'][]; diff: string };
}

export function explainDocument(x: Explanation, fix: MinimalFix, snapshot: string): ExplainDocument {
  return { ...x, snapshot, fix: { steps: fix.steps, unfixed: fix.unfixed, resources: fix.changes.map((c) => c.after), diff: fix.diff } };
}

const MARK = { allow: 'allow  ', deny: 'DENY   ', unknown: 'unknown' } as const;

export function formatExplainTable(d: ExplainDocument): string {
  const lines = [
    `Cluster ${d.cluster.name}, from ${d.snapshot}: ${d.summary.allow} allow, ${d.summary.deny} deny, ${d.summary.unknown} unknown`,
    '',
  ];
  const width = Math.max(...d.entries.map((e) => e.requirement.length), 11);
  for (const e of d.entries) {
    const by = e.decidedBy ? e.decidedBy.name : e.verdict === 'deny' ? 'default deny (no rule matches)' : 'no decider';
    lines.push(`${MARK[e.verdict]}  ${e.requirement.padEnd(width)}  ${by}${e.required ? '' : ' (not required)'}`);
    lines.push(`         ${' '.repeat(width)}  ${e.path.map((h) => `${h.hop} ${h.name}`).join(' → ')}`);
    for (const h of e.path.filter((h) => h.hop !== 'subnet' && h.hop !== 'egress' && h.hop !== 'firewall'))
      lines.push(`         ${' '.repeat(width)}    ${h.hop}: ${h.detail}`);
    for (const f of e.findings) lines.push(`         ${' '.repeat(width)}  ! ${f.code}: ${f.message}`);
  }
  if (d.fix.steps.length || d.fix.unfixed.length) {
    lines.push('', 'Minimal fix (each change proved against the snapshot):');
    for (const s of d.fix.steps) lines.push(`  ${s.requirement}: ${s.change}`);
    for (const u of d.fix.unfixed) lines.push(`  ${u.requirement}: not fixed: ${u.why}`);
    if (d.fix.diff) lines.push('', d.fix.diff.trimEnd());
  }
  return `${lines.join('\n')}\n`;
}
