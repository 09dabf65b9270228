// What runs inside the pod (`aml-preflight cluster probe`): the whole preflight
// from the pod's vantage, the cluster-vantage checks through the pod's service
// account, and, for one pod of a run, the compliance rules over the live objects.
import { loadCatalog } from '../catalog/load.ts';
import type { Profile } from '../config/profile.ts';
import { evaluateCompliance } from '../compliance/evaluate.ts';
import { liveSnapshot } from '../compliance/live-snapshot.ts';
import { assembleReport } from '../compliance/report.ts';
import type { ComplianceSettings } from '../compliance/settings.ts';
import { DEFAULT_TIMEOUT_MS, runPreflight } from '../preflight.ts';
import { targetOf } from '../plan/target.ts';
import { PHASES, type CheckResult, type Report } from '../types.ts';
import { createClusterRunners } from './cluster-runners.ts';
import { connectKube, type Kube } from './kube.ts';
import { podVantage } from './pod-vantage.ts';

export interface PodProbeOptions {
  profile: Profile;
  env: NodeJS.ProcessEnv;
  /** Outside a pod: talk to the cluster through this kubeconfig. */
  kubeconfig?: string;
  /** No API access at all (the dependency probe in a model's namespace has no token). */
  noKube?: boolean;
  /** Evaluate the compliance rules too, with these settings. */
  compliance?: ComplianceSettings;
  only?: string[];
  timeoutMs?: number;
  deadlineMs?: number;
  extraRuleFiles?: string[];
}

export async function runPodProbe(o: PodProbeOptions): Promise<Report> {
  const startedAt = new Date();
  const started = performance.now();
  const catalog = loadCatalog(o.extraRuleFiles);
  const timeoutMs = o.timeoutMs ?? o.profile.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const kube: Kube | undefined = o.noKube ? undefined : await connectKube({ inCluster: true, kubeconfig: o.kubeconfig });
  const inCluster = !o.kubeconfig && !o.env.KUBECONFIG && !!o.env.KUBERNETES_SERVICE_HOST;
  const vantage = await podVantage(o.env, kube, timeoutMs);
  // Compliance rules are evaluated over a snapshot below, not planned as network checks.
  const profile = { ...o.profile, ruleSets: o.profile.ruleSets?.filter((s) => s !== 'compliance') };
  const network = await runPreflight(profile, {
    catalog,
    only: o.only,
    timeoutMs,
    deadlineMs: o.deadlineMs,
    env: o.env,
    vantage,
    clusterRunners: kube ? createClusterRunners({ kube, inCluster, apiServerFqdn: targetOf(o.profile).values.apiServerFqdn }) : undefined,
  });
  if (!o.compliance || !kube) return network;
  const snapshot = await liveSnapshot(kube, { timeoutMs: timeoutMs * 4 });
  let compliance: CheckResult[];
  if (snapshot.ok) compliance = evaluateCompliance(catalog, snapshot.value, o.compliance, vantage);
  else {
    const reason = `not run: cannot list the cluster's objects (${snapshot.failure.code}: ${snapshot.failure.message})`;
    compliance = evaluateCompliance(catalog, { source: 'none', nodes: [], deployments: [], pods: [], daemonSets: [], hpas: [], configMaps: [] }, o.compliance, vantage).map((c) => ({
      ...c,
      status: 'skip',
      code: undefined,
      message: reason,
      remediation: undefined,
      evidence: {},
    }));
  }
  const checks = [...network.checks, ...compliance].map((c, i) => ({ c, i })).sort((a, b) => PHASES.indexOf(a.c.phase) - PHASES.indexOf(b.c.phase) || a.i - b.i).map(({ c }) => c);
  return assembleReport(checks, { target: network.target, vantage, startedAt, durationMs: performance.now() - started });
}
