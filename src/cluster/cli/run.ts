import { complianceArgs, COMPLIANCE_HELP, COMPLIANCE_OPTIONS, complianceSettingsFrom, parseNodePoolName } from '../../compliance/flags.ts';
import { EXIT, InputError } from '../../errors.ts';
import { parseCommandArgs, parseMs } from '../../commands/args.ts';
import { emitReport, OUTPUT_HELP, OUTPUT_OPTIONS, outputFormat } from '../../commands/output.ts';
import { targetProfileFromArgs, TARGET_HELP, TARGET_OPTIONS } from '../../commands/target-flags.ts';
import { runInCluster, type PoolSelection } from '../cluster-run.ts';
import { writeHuman } from '../../report/terminal-text.ts';
import { JOB_FAILURE_CODES } from '../job-failures.ts';
import { connectKube } from '../kube.ts';
import { DEFAULT_IMAGE, DEFAULT_NAMESPACE } from '../manifests.ts';
import { formatDifferences } from '../merge.ts';
import { KUBE_HELP, KUBE_OPTIONS, parseImage, parseNamespace } from './kube-flags.ts';

const HELP = `Usage: aml-preflight cluster run [options]

Runs the preflight inside the cluster: one Job per node pool, each pod
checking from its pool (its CNI, DNS and firewall), plus the checks that need
the Kubernetes API and the compliance rules; prints one merged report.

${TARGET_HELP}
${KUBE_HELP}
Where:
  --node-pool NAME             run a pod on this node pool, repeatable
  --all-node-pools             run a pod on every node pool
                               (default: one pod wherever the scheduler puts it)
  --model-namespace NS         probe the model's dependencies from this namespace, repeatable
                               (default: the namespaces of the model deployments)

Run:
  --timeout MS                 deadline of each network step in the pods (default 5000)
  --deadline MS                deadline of each pod's whole run
  --wait MS                    how long to wait for the pods (default 900000)
  --schedule-timeout MS        how long a pod may stay unschedulable (default 120000)
  --poll MS                    how often to look at the Jobs besides watching (default 2000)
  --keep                       leave the Jobs and their pods (default: remove them)

${COMPLIANCE_HELP}
${OUTPUT_HELP}
Exit codes: 0 no check failed, 1 a check failed or a pool could not run,
2 invalid input, or no pod could run at all (each reason on its own line:
${Object.keys(JOB_FAILURE_CODES).join(', ')}).
`;

export async function clusterRun(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs(argv, {
    ...TARGET_OPTIONS,
    ...OUTPUT_OPTIONS,
    ...KUBE_OPTIONS,
    ...COMPLIANCE_OPTIONS,
    'node-pool': { type: 'string', multiple: true },
    'all-node-pools': { type: 'boolean' },
    'model-namespace': { type: 'string', multiple: true },
    timeout: { type: 'string' },
    deadline: { type: 'string' },
    wait: { type: 'string' },
    'schedule-timeout': { type: 'string' },
    poll: { type: 'string' },
    keep: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return EXIT.ok;
  }
  if (values['node-pool'] && values['all-node-pools']) throw new InputError('--node-pool and --all-node-pools exclude each other');
  const pools: PoolSelection = values['all-node-pools'] ? { mode: 'all' } : values['node-pool'] ? { mode: 'named', names: [...new Set(values['node-pool'].map((p) => parseNodePoolName('node-pool', p)))] } : { mode: 'scheduler' };
  const profile = await targetProfileFromArgs(values);
  complianceSettingsFrom(values, profile);
  outputFormat(values.output);
  const timeout = parseMs('timeout', values.timeout);
  const deadline = parseMs('deadline', values.deadline, 100, 3_600_000);
  const namespace = parseNamespace(values.namespace ?? DEFAULT_NAMESPACE);
  const modelNamespaces = values['model-namespace']?.map(parseNamespace);
  const image = parseImage(values.image ?? DEFAULT_IMAGE);
  const progress = (line: string) => process.stderr.write(`aml-preflight: ${line}\n`);
  if (!values.image) progress(`no --image: using ${DEFAULT_IMAGE}; push the image to a registry the nodes can pull from (docs/cluster.md) and pass --image`);

  const kube = await connectKube({ kubeconfig: values.kubeconfig, context: values.context });
  const result = await runInCluster({
    kube,
    profile,
    namespace,
    image,
    pools,
    modelNamespaces,
    probeArgs: [...(timeout ? ['--timeout', String(timeout)] : []), ...(deadline ? ['--deadline', String(deadline)] : [])],
    complianceArgs: complianceArgs(values),
    waitMs: parseMs('wait', values.wait, 1000, 24 * 3_600_000) ?? 900_000,
    scheduleGraceMs: parseMs('schedule-timeout', values['schedule-timeout'], 0, 3_600_000) ?? 120_000,
    pollMs: parseMs('poll', values.poll, 50, 60_000) ?? 2000,
    requestTimeoutMs: parseMs('request-timeout', values['request-timeout'], 100, 300_000) ?? 15_000,
    keep: !!values.keep,
    progress,
  });
  for (const { label, failure } of result.failures) process.stderr.write(`aml-preflight: ${label === 'scheduler' ? 'pod' : `node pool ${label}`}: ${failure.code}: ${failure.message}\n`);
  // A node pool whose pod could not run (unschedulable, image pull, deadline) ran no check: the environment's failure.
  if (!result.report) return EXIT.environment;
  await emitReport(result.report, values);
  if (result.differences.length && outputFormat(values.output ?? (values['output-file'] ? 'json' : undefined)) === 'table' && !values['output-file']) {
    writeHuman(process.stdout, formatDifferences(result.differences));
  } else if (result.differences.length) {
    process.stderr.write(`aml-preflight: ${result.differences.length} check(s) differ between node pools (evidence.acrossNodePools)\n`);
  }
  if (result.failures.length) return EXIT.environment;
  return result.report.summary.fail > 0 ? EXIT.failed : EXIT.ok;
}
