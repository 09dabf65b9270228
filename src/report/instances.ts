// The unit people read a report by: a requirement instance (one host, from one
// vantage) with its DNS, TCP, TLS and HTTP steps side by side. The compact
// table and the HTML matrix, map and timeline all group checks this way.
import { PHASES, type CheckResult, type PhaseId, type Report } from '../types.ts';
import { instanceOfCheck } from './read.ts';

export const STEPS = ['dns', 'tcp', 'tls', 'http'] as const;
export type Step = (typeof STEPS)[number];

export interface Instance {
  /** The check id without its "/kind" suffix: "acr@demoacr", "gpu:mcr/…" for a cluster run. */
  key: string;
  requirement: string;
  phase: PhaseId;
  host?: string;
  port?: number;
  /** The node pool (or model namespace) the checks ran from, in a merged cluster run. */
  pool?: string;
  steps: Partial<Record<Step, CheckResult>>;
  /** In-cluster and compliance checks: no network steps. */
  others: CheckResult[];
}

/** The instance a check belongs to, its pool kept in front ("gpu:acr@myacr") so each pool's row stays its own. */
export function instanceKeyOf(c: CheckResult): { key: string; pool?: string } {
  const { instance, pool } = instanceOfCheck(c.id, c.requirement);
  return { key: pool ? `${pool}:${instance}` : instance, pool: pool ?? c.vantage?.nodePool };
}

const isStep = (kind: string): kind is Step => (STEPS as readonly string[]).includes(kind);

/** Instances in report order within each phase, phases in platform order. */
export function instancesOf(report: Report): Instance[] {
  const byKey = new Map<string, Instance>();
  for (const c of report.checks) {
    const { key, pool } = instanceKeyOf(c);
    let i = byKey.get(key);
    if (!i) {
      i = { key, requirement: c.requirement, phase: c.phase, host: c.host, port: c.port, pool, steps: {}, others: [] };
      byKey.set(key, i);
    }
    i.port ??= c.port;
    if (isStep(c.kind) && !i.steps[c.kind]) i.steps[c.kind] = c;
    else i.others.push(c);
  }
  return [...byKey.values()].sort((a, b) => PHASES.indexOf(a.phase) - PHASES.indexOf(b.phase));
}

/** Every check of an instance, network steps first in probe order. */
export const checksOf = (i: Instance): CheckResult[] => [...STEPS.flatMap((s) => (i.steps[s] ? [i.steps[s]] : [])), ...i.others];

/** The first step that failed (or warned), the one that says where the path breaks. */
export function brokenStep(i: Instance): CheckResult | undefined {
  const all = checksOf(i);
  return all.find((c) => c.status === 'fail') ?? all.find((c) => c.status === 'warn');
}

/** Skipped for a reason of its own (needs an in-cluster run), not blocked by another check. */
export const notApplicable = (c: CheckResult): boolean => c.status === 'skip' && !c.blockedBy && c.code === undefined;

/** What a person calls the instance: its host, else its requirement. */
export const nameOf = (i: Instance): string => i.host ?? i.requirement;
