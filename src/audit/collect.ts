// What one audit run checks: the network preflight from where it runs and,
// given a cluster, the in-cluster checks (src/cluster) and the compliance rules
// over the cluster's live objects (src/compliance), merged into one report.
import type { Catalog } from '../catalog/types.ts';
import type { ComplianceSettings } from '../compliance/settings.ts';
import type { Profile } from '../config/profile.ts';
import { runPreflight, type PreflightOptions } from '../preflight.ts';
import { PHASES, type CheckResult, type Report } from '../types.ts';
import type { Kube } from './kube.ts';

export interface CollectOptions {
  profile: Profile;
  catalog: Catalog;
  settings: ComplianceSettings;
  runOptions: Pick<PreflightOptions, 'only' | 'timeoutMs' | 'deadlineMs' | 'concurrency' | 'extraRuleFiles'>;
  kube?: Kube;
  /** Lines for the log: a part of the run that could not be done. */
  problems?: string[];
}

export async function collectAuditReport(options: CollectOptions): Promise<Report> {
  const { profile, catalog, runOptions, kube } = options;
  if (!kube) return runPreflight(profile, { ...runOptions, catalog });

  const started = new Date();
  const t0 = performance.now();
  const { timeoutMs } = kube;
  const [{ podVantage }, { createClusterRunners }, { liveSnapshot }, { evaluateCompliance }, { assembleReport }] = await Promise.all([
    import('../cluster/pod-vantage.ts'),
    import('../cluster/cluster-runners.ts'),
    import('../compliance/live-snapshot.ts'),
    import('../compliance/evaluate.ts'),
    import('../compliance/report.ts'),
  ]);
  const inPod = !!process.env.KUBERNETES_SERVICE_HOST;
  const vantage = inPod ? await podVantage(process.env, kube.cluster, timeoutMs) : undefined;
  const preflight = await runPreflight(profile, {
    ...runOptions,
    catalog,
    vantage,
    clusterRunners: createClusterRunners({ kube: kube.cluster, inCluster: inPod, apiServerFqdn: profile.cluster?.apiServerFqdn }),
  });

  let compliance: CheckResult[];
  const snapshot = await liveSnapshot(kube.cluster, { timeoutMs });
  if (snapshot.ok) {
    compliance = evaluateCompliance(catalog, snapshot.value, options.settings, preflight.vantage);
  } else {
    // Without the objects no rule can decide: each says why, and the run reports the problem.
    options.problems?.push(snapshot.failure.message);
    compliance = [...catalog.byId.values()]
      .filter((r) => r.compliance)
      .map((r) => ({ id: `${r.id}/compliance`, requirement: r.id, phase: r.phase, kind: 'compliance', status: 'skip', code: snapshot.failure.code, message: `not run: ${snapshot.failure.message}`, durationMs: 0, evidence: {}, vantage: preflight.vantage }));
  }
  const checks = [...preflight.checks, ...compliance].map((c, i) => ({ c, i })).sort((a, b) => PHASES.indexOf(a.c.phase) - PHASES.indexOf(b.c.phase) || a.i - b.i).map(({ c }) => c);
  return assembleReport(checks, { target: preflight.target, vantage: preflight.vantage, startedAt: started, durationMs: performance.now() - t0 });
}
