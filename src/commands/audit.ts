import { hostname } from 'node:os';
import { loadCatalog } from '../catalog/load.ts';
import { phasesOfRuleSets, selectedRuleSets } from '../catalog/phases.ts';
import { evaluateCompliance } from '../compliance/evaluate.ts';
import { complianceRuleSets } from '../compliance/rule-sets.ts';
import { COMPLIANCE_HELP, COMPLIANCE_OPTIONS, complianceSettingsFrom } from '../compliance/flags.ts';
import { loadManifests } from '../compliance/manifests.ts';
import { assembleReport } from '../compliance/report.ts';
import type { ClusterSnapshot } from '../compliance/snapshot.ts';
import { EXIT, InputError } from '../errors.ts';
import { parseCommandArgs, parseMs } from './args.ts';
import { emitReport, OUTPUT_HELP, OUTPUT_OPTIONS, outputFormat } from './output.ts';
import { targetProfileFromArgs, TARGET_HELP, TARGET_OPTIONS } from './target-flags.ts';

const HELP = `Usage: aml-preflight audit --from-manifests FILE|DIR [options]
       aml-preflight audit [--kubeconfig FILE] [--context NAME] [options]
       aml-preflight audit run|history|diff ...   scheduled audits: keep runs, list them, say what changed (--help each)

Checks the cluster against the platform's rules for serving Azure Machine
Learning models (rules/compliance.yaml): no HorizontalPodAutoscaler on a model,
Container Insights and Defender present, GPU/FPGA models on the first node
pool, cluster purpose, token auth region, model auth, max replicas for a load.
With --rule-set aml-migration (rules/compliance-migration.yaml) instead: can the
v1 router move in place to the Azure ML extension, and what to run first.

Offline, it reads what kubectl printed; dump what the rules read with:
  kubectl get nodes,deployments,pods,daemonsets,hpa -A -o yaml > cluster-dump.yaml
  kubectl get configmap azuremlfeconfig -n default -o yaml >> cluster-dump.yaml   (if present)
Live, it lists the same objects through the kubeconfig.

Source:
  --from-manifests FILE|DIR    kubectl get -o yaml / -o json output, repeatable; a DIR's
                               .yaml, .yml and .json files (List objects are fine)
  --kubeconfig FILE            live: kubeconfig (default: KUBECONFIG, then ~/.kube/config)
  --context NAME               live: kubeconfig context
  --request-timeout MS         live: deadline of each API call (default 15000)
  --rules-file FILE            an extra rule set, repeatable

${TARGET_HELP}
${COMPLIANCE_HELP}
${OUTPUT_HELP}
Exit codes: 0 no rule failed, 1 a rule failed, 2 invalid input.
`;

export async function run(argv: string[]): Promise<number> {
  // Scheduled audits (run, history, diff) live in src/audit/.
  if (argv[0] === 'run' || argv[0] === 'history' || argv[0] === 'diff') {
    const { runAuditSubcommand } = await import('../audit/subcommand.ts');
    return runAuditSubcommand(argv[0], argv.slice(1));
  }
  const { values } = parseCommandArgs(argv, {
    ...TARGET_OPTIONS,
    ...COMPLIANCE_OPTIONS,
    ...OUTPUT_OPTIONS,
    'from-manifests': { type: 'string', multiple: true },
    kubeconfig: { type: 'string' },
    context: { type: 'string' },
    'request-timeout': { type: 'string' },
    'rules-file': { type: 'string', multiple: true },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return EXIT.ok;
  }
  const offline = values['from-manifests'];
  if (offline && (values.kubeconfig || values.context)) throw new InputError('--from-manifests audits files: it takes no --kubeconfig or --context');
  const profile = await targetProfileFromArgs(values);
  const settings = complianceSettingsFrom(values, profile);
  outputFormat(values.output);
  const catalog = loadCatalog(values['rules-file']);
  const startedAt = new Date();
  const started = performance.now();
  let snapshot: ClusterSnapshot;
  if (offline) snapshot = loadManifests(offline).snapshot;
  else {
    // The Kubernetes client is loaded only for a live audit.
    const [{ connectKube }, { kubeError }] = await Promise.all([import('../cluster/kube.ts'), import('../cluster/kube-errors.ts')]);
    const { liveSnapshot } = await import('../compliance/live-snapshot.ts');
    const kube = await connectKube({ kubeconfig: values.kubeconfig, context: values.context });
    const live = await liveSnapshot(kube, { timeoutMs: parseMs('request-timeout', values['request-timeout'], 100, 300_000) ?? 15_000 });
    if (!live.ok) throw kubeError(live.failure, `cluster ${kube.context}`);
    snapshot = live.value;
  }
  const vantage = { kind: 'local' as const, host: hostname() };
  const ruleSets = complianceRuleSets(catalog, profile.ruleSets);
  const checks = evaluateCompliance(catalog, snapshot, settings, vantage, ruleSets);
  const report = assembleReport(checks, {
    target: { ...profile, audit: { source: snapshot.source, clusterPurpose: settings.clusterPurpose, firstNodePool: settings.firstNodePool, loads: settings.loads } },
    vantage,
    startedAt,
    durationMs: performance.now() - started,
    // The phases of the run's rule sets: named ones, or the network defaults with the platform's rules (as a v1 report lists them).
    phases: phasesOfRuleSets(catalog, profile.ruleSets ?? [...selectedRuleSets(catalog), ...ruleSets]),
  });
  await emitReport(report, values);
  return report.summary.fail > 0 ? EXIT.failed : EXIT.ok;
}
