// One in-cluster run, built in one place for both commands that make one:
// `cluster probe` (what the pods of `cluster run` execute) and `audit run` (the
// scheduled CronJob). It is the network preflight from where it runs, the
// checks that need the Kubernetes API through the given client, and the
// compliance rules over the cluster's live objects, merged into one report.
import type { Catalog } from '../catalog/types.ts';
import { phasesOfRuleSets } from '../catalog/phases.ts';
import { evaluateCompliance } from '../compliance/evaluate.ts';
import { complianceRuleSets, isComplianceSet } from '../compliance/rule-sets.ts';
import { liveSnapshot } from '../compliance/live-snapshot.ts';
import { assembleReport } from '../compliance/report.ts';
import type { ComplianceSettings } from '../compliance/settings.ts';
import type { Profile } from '../config/profile.ts';
import { targetOf } from '../plan/target.ts';
import { runPreflight, type PreflightOptions } from '../preflight.ts';
import { PHASES, type CheckResult, type Report, type Vantage } from '../types.ts';
import type { KubeFailure } from '../kube/errors.ts';
import { joinHealthCheck } from './checks/extension-healthcheck.ts';
import { createClusterRunners } from './cluster-runners.ts';
import type { Kube } from '../kube/client.ts';
import { inPod, podVantage } from './pod-vantage.ts';

export interface InClusterPreflightOptions {
  profile: Profile;
  catalog: Catalog;
  /** --only, --timeout, --deadline, --concurrency, --rules-file (the command layer's Run group). */
  run: Pick<PreflightOptions, 'only' | 'timeoutMs' | 'deadlineMs' | 'concurrency' | 'extraRuleFiles'>;
  env: NodeJS.ProcessEnv;
  /** The cluster's API; undefined: the network checks only (a pod without a token, --no-cluster-checks). */
  kube?: Kube;
  /** Deadline of each API request made besides the checks: the node lookup, the listing of the cluster's objects. */
  apiTimeoutMs: number;
  /** Evaluate the compliance rules too (with a client only), with these settings. */
  compliance?: ComplianceSettings;
}

export interface InClusterPreflight {
  report: Report;
  /** A part of the run that could not be done (the cluster's objects could not be listed), one line each. */
  problems: string[];
}

export async function runInClusterPreflight(o: InClusterPreflightOptions): Promise<InClusterPreflight> {
  const startedAt = new Date();
  const started = performance.now();
  const { kube } = o;
  // In a pod (the Job's downward-API env, or the kubelet's service env) the pod, its node and pool are the vantage.
  const vantage = inPod(o.env) ? await podVantage(o.env, kube, o.apiTimeoutMs) : undefined;
  // The compliance rules are evaluated over the objects below, never planned as network checks.
  const profile = { ...o.profile, ruleSets: o.profile.ruleSets?.filter((s) => !isComplianceSet(o.catalog, s)) };
  const complianceSets = complianceRuleSets(o.catalog, o.profile.ruleSets);
  const network = await runPreflight(profile, {
    ...o.run,
    catalog: o.catalog,
    env: o.env,
    vantage,
    clusterRunners: kube ? createClusterRunners({ kube, apiServerFqdn: targetOf(o.profile).values.apiServerFqdn }) : undefined,
  });
  // The extension's HealthCheck names no host behind E45003: this run's failing outbound checks do.
  network.checks = joinHealthCheck(network.checks);
  if (!o.compliance || !kube) return { report: network, problems: [] };

  const problems: string[] = [];
  const snapshot = await liveSnapshot(kube, { timeoutMs: o.apiTimeoutMs });
  let compliance: CheckResult[];
  if (snapshot.ok) compliance = evaluateCompliance(o.catalog, snapshot.value, o.compliance, network.vantage, complianceSets);
  else {
    problems.push(`the compliance rules did not run: cannot list the cluster's objects: ${snapshot.failure.code}: ${snapshot.failure.message}`);
    compliance = notRun(o.catalog, complianceSets, snapshot.failure, network.vantage);
  }
  const checks = [...network.checks, ...compliance].map((c, i) => ({ c, i })).sort((a, b) => PHASES.indexOf(a.c.phase) - PHASES.indexOf(b.c.phase) || a.i - b.i).map(({ c }) => c);
  const phases = [...network.phases.map((p) => p.id), ...phasesOfRuleSets(o.catalog, complianceSets)];
  return { report: assembleReport(checks, { target: network.target, vantage: network.vantage, startedAt, durationMs: performance.now() - started, phases }), problems };
}

/** Without the objects no rule can decide: each is a skip that carries the API's failure code and says why. */
function notRun(catalog: Catalog, ruleSets: string[], failure: KubeFailure, vantage: Vantage): CheckResult[] {
  return [...catalog.byId.values()]
    .filter((r) => r.compliance && ruleSets.includes(r.ruleSet))
    .map((r) => ({ id: `${r.id}/compliance`, requirement: r.id, phase: r.phase, kind: 'compliance', status: 'skip', code: failure.code, message: `not run: cannot list the cluster's objects: ${failure.message}`, durationMs: 0, evidence: {}, vantage }));
}
