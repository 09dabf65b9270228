import { parseDuration } from '../audit/duration.ts';
import { EXIT, InputError } from '../errors.ts';
import { writeFileAtomic } from '../io/atomic-write.ts';
import { redact } from '../report/redact.ts';
import { humanText } from '../report/terminal-text.ts';
import { defineCommand, group } from '../cli/command.ts';
import { DISCOVERY } from '../cli/options/discovery.ts';
import { kubeConnection } from '../cli/options/kube.ts';
import { parseIntFlag, parseMs } from '../cli/numbers.ts';
import { formatOption } from '../cli/options/output.ts';

const FORMATS = ['table', 'json', 'script'] as const;

export const command = defineCommand({
  about: `Closes the security loop for the images that serve models: lists the images
that run azureml-fe and the model deployments (tags resolved to the digests
their pods run), checks that the Microsoft Defender for Containers sensor runs
(and, given the cluster's ARM coordinates, that Defender is on for it), and for
each image in an Azure Container Registry emits the import that makes Defender
scan it and the Resource Graph query that reads its findings back.`,
  groups: [
    group('Source (a live cluster through kubeconfig, or manifests):', {
      ...kubeConnection(true),
      'from-manifests': {
        type: 'string',
        multiple: true,
        value: 'FILE|DIR',
        help: 'kubectl get deployments,pods,daemonsets -A -o yaml output, repeatable',
      },
    }),
    group('Azure (Resource Manager, with DefaultAzureCredential: az login, environment, managed identity):', {
      subscription: { type: 'string', value: 'ID', help: 'subscription of the cluster and its registries' },
      'resource-group': {
        type: 'string',
        value: 'NAME',
        help: "the cluster's resource group (with --cluster: check securityProfile.defender)",
      },
      cluster: { type: 'string', value: 'NAME', help: "the AKS cluster's name" },
      'max-age': { type: 'string', value: 'DURATION', help: 'skip images whose findings are younger than this (7d), via Resource Graph' },
      apply: { type: 'boolean', help: 'run the imports through ARM instead of printing them' },
      rate: { type: 'string', value: 'N', help: 'imports started per minute at most, with --apply', default: '20' },
      'import-timeout': { type: 'string', value: 'DURATION', help: 'deadline of one import, with --apply', default: '10m' },
      'arm-endpoint': DISCOVERY.options['arm-endpoint'],
      'azure-timeout': DISCOVERY.options['azure-timeout'],
    }),
    group('Output:', {
      output: formatOption(FORMATS, 'table on a terminal, json otherwise', ';\nscript: a bash script of the imports, every value quoted'),
      'output-file': { type: 'string', value: 'FILE', help: 'write there (atomically) instead of standard output' },
    }),
  ],
  notes: 'Exit codes: 0 the sensor runs and nothing failed, 1 no sensor, Defender off, or an import failed, 2 invalid input.',
  run: async (values) => {
    const format = values.output ?? (values['output-file'] || !process.stdout.isTTY ? 'json' : 'table');
    const manifests = values['from-manifests'];
    if (manifests && (values.kubeconfig || values.context))
      throw new InputError('--from-manifests: read either manifests or a live cluster, not both');

    const { SUBSCRIPTION_ID, parseArmEndpoint } = await import('../defender/azure.ts');
    const subscription = values.subscription;
    if (subscription !== undefined && !SUBSCRIPTION_ID.test(subscription))
      throw new InputError(`--subscription: must be a subscription id (a GUID) (got ${JSON.stringify(subscription)})`);
    const rg = values['resource-group'];
    const cluster = values.cluster;
    if ((rg === undefined) !== (cluster === undefined))
      throw new InputError('--resource-group and --cluster: give both, to check the managed cluster');
    if (rg !== undefined && !/^[-\w._()]{1,90}$/.test(rg))
      throw new InputError(`--resource-group: not a resource group name: ${JSON.stringify(rg)}`);
    if (cluster !== undefined && !/^[a-zA-Z0-9][-_a-zA-Z0-9]{0,62}$/.test(cluster))
      throw new InputError(`--cluster: not an AKS cluster name: ${JSON.stringify(cluster)}`);
    const needsAzure = [
      ['--resource-group', rg],
      ['--max-age', values['max-age']],
      ['--apply', values.apply || undefined],
    ].filter(([, v]) => v !== undefined);
    if (needsAzure.length && subscription === undefined) throw new InputError(`${needsAzure[0][0]}: needs --subscription`);
    const maxAgeMs = parseDuration('max-age', values['max-age'], { minMs: 60_000, maxMs: 365 * 86_400_000 });
    const ratePerMinute = parseIntFlag('rate', values.rate, 1, 600) ?? 20;
    const importTimeoutMs = parseDuration('import-timeout', values['import-timeout'], { minMs: 1000, maxMs: 3_600_000 }) ?? 600_000;
    const endpoint = parseArmEndpoint(values['arm-endpoint']);
    const azureTimeoutMs = parseMs('azure-timeout', values['azure-timeout'], 100, 600_000) ?? 30_000;
    if (!values.apply && (values.rate || values['import-timeout'])) throw new InputError('--rate and --import-timeout: only with --apply');
    if (values.apply && format === 'script')
      throw new InputError('--apply runs the imports: a script of them makes no sense with it (use -o json or table)');

    const log = (line: string) => process.stderr.write(`aml-preflight defender: ${line}\n`);
    const input = manifests ? await fromManifests(manifests) : await fromCluster(values);
    const { defaultCredential } = await import('../defender/azure.ts');
    const azure = subscription
      ? { credential: await defaultCredential(), subscriptionId: subscription, endpoint, timeoutMs: azureTimeoutMs }
      : undefined;
    const { runDefender, defenderFailed } = await import('../defender/run-defender.ts');
    const result = redact(
      await runDefender(input, {
        azure,
        managedCluster: rg && cluster ? { resourceGroup: rg, name: cluster } : undefined,
        maxAgeMs,
        apply: values.apply ? { ratePerMinute, importTimeoutMs } : undefined,
        log,
      }),
    );
    let text: string;
    if (format === 'json') text = `${JSON.stringify(result, null, 2)}\n`;
    else if (format === 'script')
      text = (await import('../defender/script.ts')).renderScript(result, {
        tool: `${result.tool.name} ${result.tool.version}`,
        generatedAt: result.generatedAt,
      });
    else text = humanText((await import('../defender/format.ts')).formatDefender(result));
    if (values['output-file']) {
      await writeFileAtomic(values['output-file'], text);
      log(`written to ${values['output-file']} (${format})`);
    } else process.stdout.write(text);
    for (const p of result.problems) log(`problem: ${p}`);
    return defenderFailed(result) ? EXIT.failed : EXIT.ok;
  },
});

async function fromManifests(paths: string[]) {
  const { loadManifests } = await import('../compliance/manifests.ts');
  const { snapshot } = loadManifests(paths);
  const { defenderInputFromSnapshot } = await import('../defender/manifest-input.ts');
  return defenderInputFromSnapshot(snapshot);
}

async function fromCluster(values: { kubeconfig?: string; context?: string; 'request-timeout'?: string }) {
  const { connectKube } = await import('../kube/client.ts');
  const { listClusterObjects } = await import('../defender/live-cluster.ts');
  const kube = await connectKube({
    kubeconfig: values.kubeconfig,
    context: values.context,
    namespace: 'default',
    timeoutMs: parseMs('request-timeout', values['request-timeout'], 100, 300_000),
  });
  let objects: Awaited<ReturnType<typeof listClusterObjects>>;
  try {
    objects = await listClusterObjects(kube);
  } catch (e) {
    throw new InputError((e as Error).message);
  }
  return { source: `cluster ${kube.context}`, ...objects, daemonSetsComplete: true };
}
