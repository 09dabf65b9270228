// One in-cluster run, built in one place for both commands that make one:
// `cluster probe` (what the pods of `cluster run` execute) and `audit run` (the
// scheduled CronJob). The profile's rule sets are planned as they are and the
// engine runs every kind with its runner: the network checks from where it
// runs, the `k8s` checks through the given client, and the compliance rules
// over the cluster's live objects, listed once.
import { selectedRuleSets } from '../catalog/phases.ts';
import type { Catalog } from '../catalog/types.ts';
import { createComplianceRunner } from '../compliance/evaluate.ts';
import { liveSnapshot } from '../compliance/live-snapshot.ts';
import { complianceRuleSets } from '../compliance/rule-sets.ts';
import type { ComplianceSettings } from '../compliance/settings.ts';
import type { Profile } from '../config/profile.ts';
import type { Runner } from '../engine/run.ts';
import type { Kube } from '../kube/client.ts';
import { targetOf } from '../plan/target.ts';
import { runPreflight, type PreflightOptions } from '../preflight.ts';
import type { CheckKind, Report } from '../types.ts';
import { joinHealthCheck } from './checks/extension-healthcheck.ts';
import { createClusterRunner } from './cluster-runners.ts';
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
  const { kube, catalog } = o;
  // In a pod (the Job's downward-API env, or the kubelet's service env) the pod, its node and pool are the vantage.
  const vantage = inPod(o.env) ? await podVantage(o.env, kube, o.apiTimeoutMs) : undefined;
  const problems: string[] = [];
  const runners: Partial<Record<CheckKind, Runner>> = {};
  let ruleSets = o.profile.ruleSets;
  if (kube) {
    runners.k8s = createClusterRunner({ kube, apiServerFqdn: targetOf(o.profile).values.apiServerFqdn });
    if (o.compliance) {
      // The platform's rules join the run unless the profile names compliance rule sets of its own.
      ruleSets = [...new Set([...selectedRuleSets(catalog, o.profile.ruleSets), ...complianceRuleSets(catalog, o.profile.ruleSets)])];
      runners.compliance = createComplianceRunner({
        catalog,
        settings: o.compliance,
        snapshot: async () => {
          const listed = await liveSnapshot(kube, { timeoutMs: o.apiTimeoutMs });
          if (!listed.ok)
            problems.push(
              `the compliance rules did not run: cannot list the cluster's objects: ${listed.failure.code}: ${listed.failure.message}`,
            );
          return listed;
        },
      });
    }
  }
  const report = await runPreflight(o.profile, {
    ...o.run,
    catalog,
    env: o.env,
    vantage,
    ruleSets,
    clusterRunners: kube ? runners : undefined,
  });
  // The extension's HealthCheck names no host behind E45003: this run's failing outbound checks do.
  report.checks = joinHealthCheck(report.checks);
  return { report, problems };
}
