import { writeFileSync } from 'node:fs';
import { loadCatalog } from '../../catalog/load.ts';
import { COMPLIANCE_OPTIONS, complianceSettingsFrom } from '../../compliance/flags.ts';
import { EXIT } from '../../errors.ts';
import { parseCommandArgs } from '../../commands/args.ts';
import { emitReport, OUTPUT_OPTIONS } from '../../commands/output.ts';
import { RUN_HELP, RUN_OPTIONS, runOptionsFrom } from '../../commands/run-flags.ts';
import { profileFromArgs, TARGET_HELP, TARGET_OPTIONS } from '../../commands/target-flags.ts';
import { redact } from '../../report/redact.ts';
import { runInClusterPreflight } from '../in-cluster-preflight.ts';
import { connectKube, DEFAULT_REQUEST_TIMEOUT_MS } from '../kube.ts';

const HELP = `Usage: aml-preflight cluster probe [options]

What the pods of \`cluster run\` execute (the image's command): the preflight
from this pod, with the in-cluster checks through its service account.
Prints the report as one JSON line (or -o FORMAT), and a one-line summary to
the termination log.

${TARGET_HELP}
Probe:
  --compliance                 evaluate the compliance rules over the cluster's objects too
  --cluster-purpose, --first-node-pool, --load   as for audit
  --no-kube                    no Kubernetes API (the pod has no token)
  --kubeconfig FILE            outside a pod: the cluster's kubeconfig
  --termination-log FILE       where to write the summary (default /dev/termination-log)

${RUN_HELP}`;

export async function clusterProbe(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs(argv, {
    ...TARGET_OPTIONS,
    ...COMPLIANCE_OPTIONS,
    ...OUTPUT_OPTIONS,
    ...RUN_OPTIONS,
    compliance: { type: 'boolean' },
    'no-kube': { type: 'boolean' },
    kubeconfig: { type: 'string' },
    'termination-log': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return EXIT.ok;
  }
  const profile = profileFromArgs(values);
  const settings = complianceSettingsFrom(values, profile);
  const run = runOptionsFrom(values);
  const catalog = loadCatalog(run.extraRuleFiles);
  const kube = values['no-kube'] ? undefined : await connectKube({ inCluster: true, kubeconfig: values.kubeconfig });
  const { report, problems } = await runInClusterPreflight({
    profile,
    catalog,
    run,
    env: process.env,
    kube,
    apiTimeoutMs: DEFAULT_REQUEST_TIMEOUT_MS,
    compliance: values.compliance ? settings : undefined,
  });
  for (const p of problems) process.stderr.write(`aml-preflight: ${p}\n`);
  if (values.output || values['output-file']) await emitReport(report, values);
  // One line: the kubelet's log interleaves stderr, and the collector takes the last JSON line.
  else process.stdout.write(`${JSON.stringify(redact(report))}\n`);
  const s = report.summary;
  try {
    // Kubernetes shows this in `kubectl describe pod`; absent outside a pod, which is fine.
    // Never create /dev/termination-log where the kubelet did not mount one ('r+' needs the file to exist).
    const summary = `${s.pass} passed, ${s.warn} warnings, ${s.fail} failed, ${s.skip} skipped${report.rootCause ? `; root cause: phase ${report.rootCause.phase} (${report.rootCause.checks.join(', ')})` : ''}`;
    writeFileSync(values['termination-log'] ?? '/dev/termination-log', summary.slice(0, 4000), { flag: values['termination-log'] ? 'w' : 'r+' });
  } catch {
    // No termination log here.
  }
  return s.fail > 0 ? EXIT.failed : EXIT.ok;
}
