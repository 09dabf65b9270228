import { hostname } from 'node:os';
import { defineCommand, group } from '../cli/command.ts';
import { parseMs } from '../cli/numbers.ts';
import { COMPLIANCE, complianceSettingsFrom } from '../cli/options/compliance.ts';
import { DISCOVERY } from '../cli/options/discovery.ts';
import { kubeConnection } from '../cli/options/kube.ts';
import { emitReport, REPORT_OUTPUT } from '../cli/options/output.ts';
import { TARGET, targetProfileFromArgs } from '../cli/options/target.ts';
import { loadCatalog } from '../catalog/load.ts';
import { phasesOfRuleSets, selectedRuleSets } from '../catalog/phases.ts';
import { createComplianceRunner } from '../compliance/evaluate.ts';
import { complianceRuleSets } from '../compliance/rule-sets.ts';
import { loadManifests } from '../compliance/manifests.ts';
import { assembleReport } from '../report/assemble.ts';
import type { ClusterSnapshot } from '../compliance/snapshot.ts';
import { EXIT, InputError } from '../errors.ts';
import { runPreflight } from '../preflight.ts';

export const command = defineCommand({
  usage: ['--from-manifests FILE|DIR [options]', '[--kubeconfig FILE] [--context NAME] [options]'],
  about: `Checks the cluster against the platform's rules for serving Azure Machine
Learning models (rules/compliance.yaml): no HorizontalPodAutoscaler on a model,
Container Insights and Defender present, GPU/FPGA models on the first node
pool, cluster purpose, token auth region, model auth, max replicas for a load.
With --rule-set aml-migration (rules/compliance-migration.yaml) instead: can the
v1 router move in place to the Azure ML extension, and what to run first.

Offline, it reads what kubectl printed; dump what the rules read with:
  kubectl get nodes,deployments,pods,daemonsets,hpa -A -o yaml > cluster-dump.yaml
  kubectl get configmap azuremlfeconfig -n default -o yaml >> cluster-dump.yaml   (if present)
Live, it lists the same objects through the kubeconfig.`,
  subcommands: {
    run: {
      summary: "scheduled audits: run the checks once and keep the result (the CronJob's command)",
      load: async () => (await import('./audit/run.ts')).command,
    },
    history: { summary: 'list the kept runs', load: async () => (await import('./audit/history.ts')).command },
    diff: { summary: 'say what broke, recovered and flaps between runs', load: async () => (await import('./audit/diff.ts')).command },
  },
  groups: [
    group('Source:', {
      'from-manifests': {
        type: 'string',
        multiple: true,
        value: 'FILE|DIR',
        help: "kubectl get -o yaml / -o json output, repeatable; a DIR's\n.yaml, .yml and .json files (List objects are fine)",
      },
      ...kubeConnection(false),
      'rules-file': { type: 'string', multiple: true, value: 'FILE', help: 'an extra rule set, repeatable' },
    }),
    TARGET,
    DISCOVERY,
    COMPLIANCE,
    REPORT_OUTPUT,
  ],
  notes: 'Exit codes: 0 no rule failed, 1 a rule failed, 2 invalid input, 3 the cluster could not be reached or refused.',
  run: async (values) => {
    const offline = values['from-manifests'];
    if (offline && (values.kubeconfig || values.context))
      throw new InputError('--from-manifests audits files: it takes no --kubeconfig or --context');
    const profile = await targetProfileFromArgs(values);
    const settings = complianceSettingsFrom(values, profile);
    const catalog = loadCatalog(values['rules-file']);
    const startedAt = new Date();
    const started = performance.now();
    let snapshot: ClusterSnapshot;
    if (offline) snapshot = loadManifests(offline).snapshot;
    else {
      // The Kubernetes client is loaded only for a live audit.
      const [{ connectKube }, { kubeError }] = await Promise.all([import('../kube/client.ts'), import('../kube/errors.ts')]);
      const { liveSnapshot } = await import('../compliance/live-snapshot.ts');
      const kube = await connectKube({ kubeconfig: values.kubeconfig, context: values.context });
      const live = await liveSnapshot(kube, { timeoutMs: parseMs('request-timeout', values['request-timeout'], 100, 300_000) ?? 15_000 });
      if (!live.ok) throw kubeError(live.failure, `cluster ${kube.context}`);
      snapshot = live.value;
    }
    const vantage = { kind: 'local' as const, host: hostname() };
    const ruleSets = complianceRuleSets(catalog, profile.ruleSets);
    // The rules are planned and run by the engine as every check is, over the one snapshot read above.
    const compliance = createComplianceRunner({ catalog, settings, snapshot: async () => ({ ok: true, value: snapshot }) });
    const { checks } = await runPreflight(profile, { catalog, vantage, ruleSets, clusterRunners: { compliance } });
    const report = assembleReport(checks, {
      target: {
        ...profile,
        audit: {
          source: snapshot.source,
          clusterPurpose: settings.clusterPurpose,
          firstNodePool: settings.firstNodePool,
          loads: settings.loads,
        },
      },
      vantage,
      startedAt,
      durationMs: performance.now() - started,
      // The phases of the run's rule sets: named ones, or the network defaults with the platform's rules (as a v1 report lists them).
      phases: phasesOfRuleSets(catalog, profile.ruleSets ?? [...selectedRuleSets(catalog), ...ruleSets]),
    });
    await emitReport(report, values);
    return report.summary.fail > 0 ? EXIT.failed : EXIT.ok;
  },
});
