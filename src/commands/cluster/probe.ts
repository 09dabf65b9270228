import { writeFileSync } from 'node:fs';
import { defineCommand, group } from '../../cli/command.ts';
import { COMPLIANCE, complianceSettingsFrom } from '../../cli/options/compliance.ts';
import { DISCOVERY } from '../../cli/options/discovery.ts';
import { emitReport, REPORT_OUTPUT } from '../../cli/options/output.ts';
import { RUN, runOptionsFrom } from '../../cli/options/run.ts';
import { profileFromArgs, TARGET } from '../../cli/options/target.ts';
import { loadCatalog } from '../../catalog/load.ts';
import { runInClusterPreflight } from '../../cluster/in-cluster-preflight.ts';
import { connectKube, DEFAULT_REQUEST_TIMEOUT_MS } from '../../kube/client.ts';
import { EXIT } from '../../errors.ts';
import { redact } from '../../report/redact.ts';

export const command = defineCommand({
  about: `What the pods of \`cluster run\` execute (the image's command): the preflight
from this pod, with the in-cluster checks through its service account.
Prints the report as one JSON line (or -o FORMAT), and a one-line summary to
the termination log.`,
  groups: [
    TARGET,
    DISCOVERY,
    group('Probe:', {
      compliance: { type: 'boolean', help: "evaluate the compliance rules over the cluster's objects too" },
      'no-kube': { type: 'boolean', help: 'no Kubernetes API (the pod has no token)' },
      kubeconfig: { type: 'string', value: 'FILE', help: "outside a pod: the cluster's kubeconfig" },
      'termination-log': { type: 'string', value: 'FILE', help: 'where to write the summary', default: '/dev/termination-log' },
    }),
    COMPLIANCE,
    RUN,
    REPORT_OUTPUT,
  ],
  run: async (values) => {
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
      writeFileSync(values['termination-log'] ?? '/dev/termination-log', summary.slice(0, 4000), {
        flag: values['termination-log'] ? 'w' : 'r+',
      });
    } catch {
      // No termination log here.
    }
    return s.fail > 0 ? EXIT.failed : EXIT.ok;
  },
});
