// `aml-preflight audit run|history|diff`: the scheduled side of the tool. The
// `audit` command (src/commands/audit.ts) hands these three subcommands here.
import { existsSync, statSync } from 'node:fs';
import { parseCommandArgs, parseIntFlag, parseMs } from '../commands/args.ts';
import { emitReport, OUTPUT_HELP, OUTPUT_OPTIONS } from '../commands/output.ts';
import { RUN_HELP, RUN_OPTIONS, runOptionsFrom } from '../commands/run-flags.ts';
import { profileFromArgs, TARGET_HELP, TARGET_OPTIONS } from '../commands/target-flags.ts';
import { COMPLIANCE_HELP, COMPLIANCE_OPTIONS, complianceSettingsFrom } from '../compliance/flags.ts';
import { EXIT, InputError } from '../errors.ts';
import { parsePushgatewayUrl } from '../metrics/pushgateway.ts';
import { redact } from '../report/redact.ts';
import { writeHuman } from '../report/terminal-text.ts';
import type { Report } from '../types.ts';
import { diffRuns, somethingBroke } from './diff.ts';
import { readReportFile } from '../report/read.ts';
import { dirStore } from './dir-store.ts';
import { formatDrift, formatHistory } from './format.ts';
import { jitter } from './jitter.ts';
import { DEFAULT_REQUEST_TIMEOUT_MS } from '../cluster/kube.ts';
import { KUBE_HELP, KUBE_OPTIONS, type KubeFlags } from './kube.ts';
import type { AuditStore } from './store.ts';

export const AUDIT_SUBCOMMANDS = ['run', 'history', 'diff'] as const;
export type AuditSubcommand = (typeof AUDIT_SUBCOMMANDS)[number];

const STORE_HELP = `${KUBE_HELP}  --dir DIR                    keep or read runs as report files in DIR instead of the cluster
  --request-timeout MS         deadline of each Kubernetes API request (default 15000)
`;

const AUDIT_RUN_HELP = `Usage: aml-preflight audit run [options]

Runs the checks once (in a cluster: the in-cluster preflight and the compliance
rules), keeps the result and exits: the command of the scheduled CronJob.
Keeps one ConfigMap per run (the last --keep), writes a PolicyReport when the
wgpolicyk8s.io CRD is installed, an Event when a check failed, and pushes
metrics to a Pushgateway when asked.

${TARGET_HELP}
${COMPLIANCE_HELP}
Schedule:
  --jitter-seconds N           sleep a random 0..N seconds first, so many clusters do not fire at once (default 0)
  --keep N                     runs to keep, older ones are deleted (default 30)
  --pushgateway URL            push the run's metrics to this Prometheus Pushgateway
  --push-timeout MS            deadline of the push (default 10000)
  --no-cluster-checks          only the network checks from here: no in-cluster checks, no compliance rules
${RUN_HELP}
${STORE_HELP}
${OUTPUT_HELP}
Exit codes: 0 no check failed, 1 a check failed or the run could not be kept or published, 2 invalid input.
`;

const HISTORY_HELP = `Usage: aml-preflight audit history [options]

Lists the kept audit runs, oldest first.

${STORE_HELP}  -o, --output FORMAT          table | json | html (default table); html draws the newest run
                               with the strip of the last --window runs: what broke, recovered, flaps
  --window K                   runs in the html strip (default 10)
  --output-file FILE           write it there (atomically) instead of standard output
`;

const DIFF_HELP = `Usage: aml-preflight audit diff OLD NEW [options]
       aml-preflight audit diff --last [--window K] [options]

Says what broke, what recovered and what flaps between audit runs. OLD and NEW
are report files (aml-preflight check -o json) or run ids (audit history).
--last compares the two newest kept runs and looks for flapping checks (status
changed in both directions) over the newest K runs.

  --last                       compare the two newest kept runs
  --window K                   runs to look at for flapping, with --last (default 5)
${STORE_HELP}  -o, --output FORMAT          text | json (default text)

Exit codes: 0 nothing new broke, 1 a check fails now that did not fail before, 2 invalid input.
`;

const storeFlags = { ...KUBE_OPTIONS, dir: { type: 'string' }, 'request-timeout': { type: 'string' } } as const;

type StoreValues = { kubeconfig?: string; context?: string; namespace?: string; dir?: string; 'request-timeout'?: string };

function kubeFlags(values: StoreValues): KubeFlags {
  return { kubeconfig: values.kubeconfig, context: values.context, namespace: values.namespace, timeoutMs: parseMs('request-timeout', values['request-timeout'], 100, 300_000) };
}

async function openStore(values: StoreValues): Promise<{ store: AuditStore; kube?: import('./kube.ts').Kube }> {
  if (values.dir !== undefined) {
    if (values.namespace || values.kubeconfig || values.context) throw new InputError('--dir: runs are kept either in a directory or in the cluster, not both');
    return { store: dirStore(values.dir) };
  }
  const { connectKube } = await import('./kube.ts');
  const { configMapStore } = await import('./configmap-store.ts');
  const kube = await connectKube(kubeFlags(values));
  return { store: configMapStore(kube), kube };
}

export async function runAuditSubcommand(sub: string, argv: string[]): Promise<number> {
  switch (sub) {
    case 'run':
      return auditRun(argv);
    case 'history':
      return auditHistory(argv);
    case 'diff':
      return auditDiff(argv);
    default:
      throw new InputError(`unknown audit subcommand "${sub}" (known: ${AUDIT_SUBCOMMANDS.join(', ')})`);
  }
}

async function auditRun(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs(argv, {
    ...TARGET_OPTIONS,
    ...COMPLIANCE_OPTIONS,
    ...OUTPUT_OPTIONS,
    ...storeFlags,
    'jitter-seconds': { type: 'string' },
    keep: { type: 'string' },
    pushgateway: { type: 'string' },
    'push-timeout': { type: 'string' },
    'no-cluster-checks': { type: 'boolean' },
    ...RUN_OPTIONS,
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    process.stdout.write(AUDIT_RUN_HELP);
    return EXIT.ok;
  }
  // Every flag is checked before the jitter sleep: a typo fails at once, not minutes later.
  const jitterSeconds = parseIntFlag('jitter-seconds', values['jitter-seconds'], 0, 3600) ?? 0;
  const keep = parseIntFlag('keep', values.keep, 1, 1000) ?? 30;
  const pushUrl = values.pushgateway !== undefined ? parsePushgatewayUrl(values.pushgateway) : undefined;
  const pushTimeoutMs = parseMs('push-timeout', values['push-timeout'], 100, 120_000) ?? 10_000;
  const profile = profileFromArgs(values);
  const settings = complianceSettingsFrom(values, profile);
  const runOptions = runOptionsFrom(values);
  const { loadCatalog } = await import('../catalog/load.ts');
  const catalog = loadCatalog(runOptions.extraRuleFiles);
  const { store, kube } = await openStore(values);
  const log = (line: string) => process.stderr.write(`aml-preflight audit: ${line}\n`);

  const slept = await jitter(jitterSeconds);
  if (slept) log(`started after ${(slept / 1000).toFixed(1)} s of jitter`);
  const [{ runAudit }, { runInClusterPreflight }] = await Promise.all([import('./run-audit.ts'), import('../cluster/in-cluster-preflight.ts')]);
  const collectProblems: string[] = [];
  // Runs kept in a directory, or --no-cluster-checks: the network checks only.
  const cluster = values['no-cluster-checks'] ? undefined : kube?.cluster;
  const result = await runAudit({
    collect: async () => {
      // The same run as a `cluster run` pod's (`cluster probe --compliance`): one function builds both.
      const run = await runInClusterPreflight({ profile, catalog, run: runOptions, env: process.env, kube: cluster, apiTimeoutMs: kube?.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS, compliance: cluster && settings });
      collectProblems.push(...run.problems);
      return redact(run.report);
    },
    store,
    keep,
    kube,
    severityOf: (id) => catalog.byId.get(id)?.severity,
    pushgateway: pushUrl && { url: pushUrl, grouping: { cluster: profile.cluster?.name ?? '', namespace: kube?.namespace ?? '' }, timeoutMs: pushTimeoutMs },
    log,
  });
  await emitReport(result.report, values);
  result.problems.unshift(...collectProblems);
  for (const p of result.problems) log(`problem: ${p}`);
  // A run that could not be kept, published or pushed is the environment's failure, not a check's.
  if (result.problems.length) return EXIT.environment;
  return result.report.summary.fail > 0 ? EXIT.failed : EXIT.ok;
}

async function auditHistory(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs(argv, { ...storeFlags, output: { type: 'string', short: 'o' }, window: { type: 'string' }, 'output-file': { type: 'string' }, help: { type: 'boolean', short: 'h' } });
  if (values.help) {
    process.stdout.write(HISTORY_HELP);
    return EXIT.ok;
  }
  if (values.output !== undefined && !['table', 'json', 'html'].includes(values.output)) throw new InputError(`--output: must be table, json or html (got ${JSON.stringify(values.output)})`);
  const window = parseIntFlag('window', values.window, 2, 100) ?? 10;
  const { store } = await openStore(values);
  const runs = await store.list();
  if (values.output === 'html') {
    // The HTML report of the newest run, with the runs before it as its strip.
    if (!runs.length) throw new InputError(`no audit runs in ${store.describe}`);
    const reports: Report[] = [];
    for (const r of runs.slice(-window)) reports.push(await store.read(r.id));
    await emitReport(reports.at(-1)!, { output: 'html', 'output-file': values['output-file'] }, { history: reports.slice(0, -1) });
    return EXIT.ok;
  }
  if (values.output === 'json') process.stdout.write(`${JSON.stringify(runs, null, 2)}\n`);
  else writeHuman(process.stdout, formatHistory(runs, store.describe));
  return EXIT.ok;
}

const isFile = (p: string) => existsSync(p) && statSync(p).isFile();

async function auditDiff(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    argv,
    { ...storeFlags, last: { type: 'boolean' }, window: { type: 'string' }, output: { type: 'string', short: 'o' }, help: { type: 'boolean', short: 'h' } },
    true,
  );
  if (values.help) {
    process.stdout.write(DIFF_HELP);
    return EXIT.ok;
  }
  if (values.output !== undefined && !['text', 'json'].includes(values.output)) throw new InputError(`--output: must be text or json (got ${JSON.stringify(values.output)})`);
  const window = parseIntFlag('window', values.window, 2, 100);
  let runs: { id: string; report: Report }[];
  if (values.last) {
    if (positionals.length) throw new InputError('--last compares the two newest kept runs: give either --last or OLD NEW, not both');
    const { store } = await openStore(values);
    const kept = await store.list();
    if (kept.length < 2) throw new InputError(`--last needs two kept runs; ${store.describe} holds ${kept.length}`);
    const chosen = kept.slice(-(window ?? 5));
    runs = [];
    for (const r of chosen) runs.push({ id: r.id, report: await store.read(r.id) });
  } else {
    if (positionals.length !== 2) throw new InputError('give two runs to compare (OLD NEW: report files or run ids), or --last');
    if (window !== undefined) throw new InputError('--window: only with --last');
    const needStore = positionals.some((p) => !isFile(p));
    const store = needStore ? (await openStore(values)).store : undefined;
    runs = [];
    for (const p of positionals) runs.push(isFile(p) ? { id: p, report: readReportFile(p) } : { id: p, report: await store!.read(p) });
  }
  const drift = diffRuns(runs);
  if (values.output === 'json') process.stdout.write(`${JSON.stringify(drift, null, 2)}\n`);
  else writeHuman(process.stdout, formatDrift(drift));
  return somethingBroke(drift) ? EXIT.failed : EXIT.ok;
}
