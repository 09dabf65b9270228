// The `compliance` runner: each compliance requirement is an ordinary planned
// check that the engine runs, so --only, severity, phase order and crash
// containment are the engine's. The cluster's objects are read once per run.
import type { Catalog } from '../catalog/types.ts';
import type { Runner, RunnerOutcome } from '../engine/run.ts';
import type { KubeResult } from '../kube/errors.ts';
import { modelServices, type ModelService } from './model-services.ts';
import { COMPLIANCE_RULES } from './rules/index.ts';
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

export interface ComplianceRunnerOptions {
  catalog: Catalog;
  settings: ComplianceSettings;
  /** The cluster's objects (listed live, or read from --from-manifests): asked for once, when the first rule runs. */
  snapshot: () => Promise<KubeResult<ClusterSnapshot>>;
}

/** A violation is a `fail` (the engine makes it a `warn` by the requirement's severity); a rule that cannot decide is a `skip`. */
export function createComplianceRunner(o: ComplianceRunnerOptions): Runner {
  let objects: Promise<KubeResult<{ snapshot: ClusterSnapshot; services: ModelService[] }>> | undefined;
  const read = () =>
    (objects ??= o.snapshot().then((r) => (r.ok ? { ok: true, value: { snapshot: r.value, services: modelServices(r.value) } } : r)));
  return async (check): Promise<RunnerOutcome> => {
    const spec = o.catalog.byId.get(check.requirement)!.compliance!;
    const listed = await read();
    if (!listed.ok)
      return {
        status: 'skip',
        code: listed.failure.code,
        message: `not run: cannot list the cluster's objects: ${listed.failure.message}`,
        evidence: {},
      };
    const { snapshot, services } = listed.value;
    const rule = COMPLIANCE_RULES[spec.rule];
    // Every real cluster has nodes, deployments and DaemonSets in kube-system: an empty list means the dump left them out.
    const missing = rule.needs.filter((k) => snapshot[k].length === 0);
    const verdict = missing.length
      ? {
          outcome: 'unknown',
          message: `the objects hold no ${missing.map((k) => KIND_NAMES[k]).join(' or ')}: cannot decide`,
          evidence: {},
        }
      : rule.evaluate({ snapshot, settings: o.settings, spec, services, catalog: o.catalog });
    return {
      status: verdict.outcome === 'pass' ? 'pass' : verdict.outcome === 'unknown' ? 'skip' : 'fail',
      code: verdict.outcome === 'violation' ? spec.code : undefined,
      message: verdict.message,
      evidence: { source: snapshot.source, ...verdict.evidence },
    };
  };
}
