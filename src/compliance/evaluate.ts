import type { Catalog } from '../catalog/types.ts';
import { PHASES, type CheckResult, type Vantage } from '../types.ts';
import { modelServices } from './model-services.ts';
import { complianceRuleSets } from './rule-sets.ts';
import { COMPLIANCE_RULES } from './rules/index.ts';
import type { Verdict } from './rules/rule.ts';
import type { ComplianceSettings } from './settings.ts';
import type { ClusterSnapshot } from './snapshot.ts';

const KIND_NAMES: Record<string, string> = {
  nodes: 'Nodes',
  deployments: 'Deployments',
  pods: 'Pods',
  daemonSets: 'DaemonSets',
  hpas: 'HorizontalPodAutoscalers',
  configMaps: 'ConfigMaps',
};

/** The compliance requirements of the given rule sets (default: the platform's rules) over one snapshot, in phase order. */
export function evaluateCompliance(catalog: Catalog, snapshot: ClusterSnapshot, settings: ComplianceSettings, vantage?: Vantage, ruleSets = complianceRuleSets(catalog)): CheckResult[] {
  const services = modelServices(snapshot);
  const requirements = [...catalog.byId.values()].filter((r) => r.compliance && ruleSets.includes(r.ruleSet));
  const results = requirements.map((r): CheckResult => {
    const started = performance.now();
    const rule = COMPLIANCE_RULES[r.compliance!.rule];
    // Every real cluster has nodes, deployments and DaemonSets in kube-system: an empty list means the dump left them out.
    const missing = rule.needs.filter((k) => snapshot[k].length === 0);
    let verdict: Verdict;
    try {
      verdict = missing.length
        ? { outcome: 'unknown', message: `the objects hold no ${missing.map((k) => KIND_NAMES[k]).join(' or ')}: cannot decide`, evidence: {} }
        : rule.evaluate({ snapshot, settings, spec: r.compliance!, services, catalog });
    } catch (e) {
      verdict = { outcome: 'unknown', message: `the rule crashed: ${(e as Error).message}`, evidence: {} };
    }
    const status = verdict.outcome === 'pass' ? 'pass' : verdict.outcome === 'unknown' ? 'skip' : r.severity;
    return {
      id: `${r.id}/compliance`,
      requirement: r.id,
      phase: r.phase,
      kind: 'compliance',
      status,
      code: verdict.outcome === 'violation' ? r.compliance!.code : undefined,
      message: verdict.message,
      remediation: verdict.outcome === 'violation' ? r.remediation : undefined,
      durationMs: Math.round(performance.now() - started),
      evidence: { source: snapshot.source, ...verdict.evidence },
      vantage,
    };
  });
  return results.map((c, i) => ({ c, i })).sort((a, b) => PHASES.indexOf(a.c.phase) - PHASES.indexOf(b.c.phase) || a.i - b.i).map(({ c }) => c);
}
