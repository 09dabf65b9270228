import { defineCommand, group } from '../../cli/command.ts';
import { parseMs } from '../../cli/numbers.ts';
import { COMPLIANCE, complianceArgs, complianceSettingsFrom } from '../../cli/options/compliance.ts';
import { DISCOVERY } from '../../cli/options/discovery.ts';
import { IMAGE_OPTION, JOBS_NAMESPACE, kubeGroup, parseImage, parseNamespace, parseNodePoolName } from '../../cli/options/kube.ts';
import { emitReport, outputFormat, REPORT_OUTPUT } from '../../cli/options/output.ts';
import { TARGET, targetProfileFromArgs } from '../../cli/options/target.ts';
import { runInCluster, type PoolSelection } from '../../cluster/cluster-run.ts';
import { connectKube } from '../../kube/client.ts';
import { DEFAULT_IMAGE, DEFAULT_NAMESPACE } from '../../cluster/manifests.ts';
import { formatDifferences } from '../../cluster/merge.ts';
import { codesOf } from '../../codes.ts';
import { EXIT, InputError } from '../../errors.ts';
import { writeHuman } from '../../report/terminal-text.ts';

export const command = defineCommand({
  about: `Runs the preflight inside the cluster: one Job per node pool, each pod
checking from its pool (its CNI, DNS and firewall), plus the checks that need
the Kubernetes API and the compliance rules; prints one merged report.`,
  groups: [
    TARGET,
    DISCOVERY,
    group('Cluster:', { ...kubeGroup('', JOBS_NAMESPACE, false).options, image: IMAGE_OPTION }),
    group('Where:', {
      'node-pool': { type: 'string', multiple: true, value: 'NAME', help: 'run a pod on this node pool, repeatable' },
      'all-node-pools': { type: 'boolean', help: 'run a pod on every node pool\n(default: one pod wherever the scheduler puts it)' },
      'model-namespace': {
        type: 'string',
        multiple: true,
        value: 'NS',
        help: "probe the model's dependencies from this namespace, repeatable\n(default: the namespaces of the model deployments)",
      },
    }),
    group('Run:', {
      timeout: { type: 'string', value: 'MS', help: 'deadline of each network step in the pods', default: '5000' },
      deadline: { type: 'string', value: 'MS', help: "deadline of each pod's whole run" },
      wait: { type: 'string', value: 'MS', help: 'how long to wait for the pods', default: '900000' },
      'schedule-timeout': { type: 'string', value: 'MS', help: 'how long a pod may stay unschedulable', default: '120000' },
      poll: { type: 'string', value: 'MS', help: 'how often to look at the Jobs besides watching', default: '2000' },
      keep: { type: 'boolean', help: 'leave the Jobs and their pods', default: 'remove them' },
    }),
    COMPLIANCE,
    REPORT_OUTPUT,
  ],
  notes: `Exit codes: 0 no check failed, 1 a check failed, 2 invalid input, 3 the cluster could not
be reached or refused, or a node pool's pod could not run (each reason on its own line:
${codesOf('job').join(', ')}).`,
  run: async (values) => {
    if (values['node-pool'] && values['all-node-pools']) throw new InputError('--node-pool and --all-node-pools exclude each other');
    const pools: PoolSelection = values['all-node-pools']
      ? { mode: 'all' }
      : values['node-pool']
        ? { mode: 'named', names: [...new Set(values['node-pool'].map((p) => parseNodePoolName('node-pool', p)))] }
        : { mode: 'scheduler' };
    const profile = await targetProfileFromArgs(values);
    complianceSettingsFrom(values, profile);
    const timeout = parseMs('timeout', values.timeout);
    const deadline = parseMs('deadline', values.deadline, 100, 3_600_000);
    const namespace = parseNamespace(values.namespace ?? DEFAULT_NAMESPACE);
    const modelNamespaces = values['model-namespace']?.map((ns) => parseNamespace(ns, 'model-namespace'));
    const image = parseImage(values.image ?? DEFAULT_IMAGE);
    const progress = (line: string) => process.stderr.write(`aml-preflight: ${line}\n`);
    if (!values.image)
      progress(
        `no --image: using ${DEFAULT_IMAGE}; push the image to a registry the nodes can pull from (docs/cluster.md) and pass --image`,
      );

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
    for (const { label, failure } of result.failures)
      process.stderr.write(`aml-preflight: ${label === 'scheduler' ? 'pod' : `node pool ${label}`}: ${failure.code}: ${failure.message}\n`);
    // A node pool whose pod could not run (unschedulable, image pull, deadline) ran no check: the environment's failure.
    if (!result.report) return EXIT.environment;
    await emitReport(result.report, values);
    if (
      result.differences.length &&
      outputFormat(values.output ?? (values['output-file'] ? 'json' : undefined)) === 'table' &&
      !values['output-file']
    ) {
      writeHuman(process.stdout, formatDifferences(result.differences));
    } else if (result.differences.length) {
      process.stderr.write(`aml-preflight: ${result.differences.length} check(s) differ between node pools (evidence.acrossNodePools)\n`);
    }
    if (result.failures.length) return EXIT.environment;
    return result.report.summary.fail > 0 ? EXIT.failed : EXIT.ok;
  },
});
