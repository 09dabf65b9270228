import { jitter } from '../../audit/jitter.ts';
import { defineCommand, group } from '../../cli/command.ts';
import { parseIntFlag, parseMs } from '../../cli/numbers.ts';
import { COMPLIANCE, complianceSettingsFrom } from '../../cli/options/compliance.ts';
import { DISCOVERY } from '../../cli/options/discovery.ts';
import { emitReport, REPORT_OUTPUT } from '../../cli/options/output.ts';
import { RUN, runOptionsFrom } from '../../cli/options/run.ts';
import { profileFromArgs, TARGET } from '../../cli/options/target.ts';
import { DEFAULT_REQUEST_TIMEOUT_MS } from '../../kube/client.ts';
import { EXIT } from '../../errors.ts';
import { parsePushgatewayUrl } from '../../metrics/pushgateway.ts';
import { redact } from '../../report/redact.ts';
import { openStore, STORE } from './store.ts';

export const command = defineCommand({
  about: `Runs the checks once (in a cluster: the in-cluster preflight and the compliance
rules), keeps the result and exits: the command of the scheduled CronJob.
Keeps one ConfigMap per run (the last --keep), writes a PolicyReport when the
wgpolicyk8s.io CRD is installed, an Event when a check failed, and pushes
metrics to a Pushgateway when asked.`,
  groups: [
    TARGET,
    DISCOVERY,
    COMPLIANCE,
    group('Schedule:', {
      'jitter-seconds': {
        type: 'string',
        value: 'N',
        help: 'sleep a random 0..N seconds first, so many clusters do not fire at once',
        default: '0',
      },
      keep: { type: 'string', value: 'N', help: 'runs to keep, older ones are deleted', default: '30' },
      pushgateway: { type: 'string', value: 'URL', help: "push the run's metrics to this Prometheus Pushgateway" },
      'push-timeout': { type: 'string', value: 'MS', help: 'deadline of the push', default: '10000' },
      'no-cluster-checks': { type: 'boolean', help: 'only the network checks from here: no in-cluster checks, no compliance rules' },
    }),
    RUN,
    STORE,
    REPORT_OUTPUT,
  ],
  notes:
    'Exit codes: 0 no check failed, 1 a check failed, 2 invalid input, 3 the cluster could not be reached,\nor the run could not be kept, published or pushed.',
  run: async (values) => {
    // Every flag is checked before the jitter sleep: a typo fails at once, not minutes later.
    const jitterSeconds = parseIntFlag('jitter-seconds', values['jitter-seconds'], 0, 3600) ?? 0;
    const keep = parseIntFlag('keep', values.keep, 1, 1000) ?? 30;
    const pushUrl = values.pushgateway !== undefined ? parsePushgatewayUrl(values.pushgateway) : undefined;
    const pushTimeoutMs = parseMs('push-timeout', values['push-timeout'], 100, 120_000) ?? 10_000;
    const profile = profileFromArgs(values);
    const settings = complianceSettingsFrom(values, profile);
    const runOptions = runOptionsFrom(values);
    const { loadCatalog } = await import('../../catalog/load.ts');
    const catalog = loadCatalog(runOptions.extraRuleFiles);
    const { store, kube } = await openStore(values);
    const log = (line: string) => process.stderr.write(`aml-preflight audit: ${line}\n`);

    const slept = await jitter(jitterSeconds);
    if (slept) log(`started after ${(slept / 1000).toFixed(1)} s of jitter`);
    const [{ runAudit }, { runInClusterPreflight }] = await Promise.all([
      import('../../audit/run-audit.ts'),
      import('../../cluster/in-cluster-preflight.ts'),
    ]);
    const collectProblems: string[] = [];
    // Runs kept in a directory, or --no-cluster-checks: the network checks only.
    const cluster = values['no-cluster-checks'] ? undefined : kube;
    const result = await runAudit({
      collect: async () => {
        // The same run as a `cluster run` pod's (`cluster probe --compliance`): one function builds both.
        const run = await runInClusterPreflight({
          profile,
          catalog,
          run: runOptions,
          env: process.env,
          kube: cluster,
          apiTimeoutMs: kube?.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
          compliance: cluster && settings,
        });
        collectProblems.push(...run.problems);
        return redact(run.report);
      },
      store,
      keep,
      kube,
      severityOf: (id) => catalog.byId.get(id)?.severity,
      pushgateway: pushUrl && {
        url: pushUrl,
        grouping: { cluster: profile.cluster?.name ?? '', namespace: kube?.namespace ?? '' },
        timeoutMs: pushTimeoutMs,
      },
      log,
    });
    await emitReport(result.report, values);
    result.problems.unshift(...collectProblems);
    for (const p of result.problems) log(`problem: ${p}`);
    // A run that could not be kept, published or pushed is the environment's failure, not a check's.
    if (result.problems.length) return EXIT.environment;
    return result.report.summary.fail > 0 ? EXIT.failed : EXIT.ok;
  },
});
