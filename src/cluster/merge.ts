// One report from the pods of a run. Each pod's checks keep their vantage and
// get its node pool (or model namespace) in front of their id, so the same
// check from two pools stays two rows; a check whose result differs between
// pools is called out, in the report (evidence.acrossNodePools) and apart.
import { assembleReport } from '../report/assemble.ts';
import { PHASES, type CheckResult, type Report, type Status, type Vantage } from '../types.ts';

export interface PodReport {
  /** The node pool, or the model namespace for the dependency probe. */
  label: string;
  /** True for node-pool pods: their results are compared with each other. */
  nodePool: boolean;
  report: Report;
}

export interface Difference {
  check: string;
  results: Record<string, { status: Status | 'absent'; code?: CheckResult['code'] }>;
}

const prefixed = (label: string, id: string): string => `${label}:${id}`;
const KIND_ORDER = ['dns', 'tcp', 'tls', 'http', 'k8s', 'compliance'];

export function mergePodReports(
  pods: PodReport[],
  meta: { target: Record<string, unknown>; startedAt: Date; durationMs: number },
): { report: Report; differences: Difference[] } {
  const poolLabels = pods.filter((p) => p.nodePool).map((p) => p.label);
  const seen = new Map<string, Map<string, CheckResult>>();
  const checks: { c: CheckResult; order: number; base: string }[] = [];
  const clusterWide = new Set<string>();
  let order = 0;
  for (const pod of pods) {
    for (const c of pod.report.checks) {
      const vantage: Vantage = c.vantage ?? pod.report.vantage;
      // Compliance results are about the cluster, not about where they were evaluated: listed once.
      if (c.kind === 'compliance') {
        if (clusterWide.has(c.id)) continue;
        clusterWide.add(c.id);
        checks.push({ c: { ...c, vantage }, order: order++, base: c.id });
        continue;
      }
      const merged = { ...c, id: prefixed(pod.label, c.id), blockedBy: c.blockedBy && prefixed(pod.label, c.blockedBy), vantage };
      if (pod.nodePool) {
        if (!seen.has(c.id)) seen.set(c.id, new Map());
        seen.get(c.id)!.set(pod.label, merged);
      }
      checks.push({ c: merged, order: order++, base: c.id });
    }
  }
  const differences: Difference[] = [];
  if (poolLabels.length > 1) {
    for (const [id, byPool] of seen) {
      const results = Object.fromEntries(
        poolLabels.map((l) => [
          l,
          byPool.has(l) ? { status: byPool.get(l)!.status, code: byPool.get(l)!.code } : { status: 'absent' as const },
        ]),
      );
      const distinct = new Set(Object.values(results).map((r) => `${r.status}/${r.code ?? ''}`));
      if (distinct.size < 2) continue;
      differences.push({ check: id, results });
      for (const c of byPool.values()) c.evidence = { ...c.evidence, acrossNodePools: results };
    }
  }
  // Phase order, then requirement, then probe (dns before tcp...), then the same check from each pool side by side:
  // pools may plan different probes (no DNS check behind a proxy), so no single pod's order will do.
  const requirementOrder = new Map<string, number>();
  for (const x of checks) if (!requirementOrder.has(x.c.requirement)) requirementOrder.set(x.c.requirement, x.order);
  const base = (id: string) => id.slice(0, id.lastIndexOf('/'));
  checks.sort(
    (a, b) =>
      PHASES.indexOf(a.c.phase) - PHASES.indexOf(b.c.phase) ||
      requirementOrder.get(a.c.requirement)! - requirementOrder.get(b.c.requirement)! ||
      base(a.base).localeCompare(base(b.base)) ||
      KIND_ORDER.indexOf(a.c.kind) - KIND_ORDER.indexOf(b.c.kind) ||
      a.order - b.order,
  );
  const vantages = pods.map((p) => p.report.vantage);
  const report = assembleReport(
    checks.map((x) => x.c),
    {
      target: meta.target,
      vantage: { kind: 'pod', host: vantages.map((v) => v.host).join(', ') },
      startedAt: meta.startedAt,
      durationMs: meta.durationMs,
      phases: pods.flatMap((p) => p.report.phases.map((s) => s.id)),
    },
  );
  return { report, differences };
}

/** The table view's extra section: the checks that fail or warn on some pools only (their consequences, counted). */
export function formatDifferences(differences: Difference[]): string {
  if (!differences.length) return '';
  const causes = differences.filter((d) => Object.values(d.results).some((r) => r.status === 'fail' || r.status === 'warn'));
  const lines = ['Differences between node pools:'];
  for (const d of causes) {
    lines.push(
      `  ${d.check}: ${Object.entries(d.results)
        .map(([pool, r]) => `${pool} ${r.status}${r.code ? ` (${r.code})` : ''}`)
        .join(', ')}`,
    );
  }
  const rest = differences.length - causes.length;
  if (rest)
    lines.push(
      `  and ${rest} more that follow from these (skipped, or not planned behind a proxy): see evidence.acrossNodePools in the JSON report`,
    );
  return `${lines.join('\n')}\n`;
}
