import { EXIT } from '../errors.ts';
import { runPreflight } from '../preflight.ts';
import { withProgress } from '../report/progress.ts';
import { parseCommandArgs } from './args.ts';
import { emitReport, OUTPUT_HELP, OUTPUT_OPTIONS, outputFormat } from './output.ts';
import { RUN_HELP, RUN_OPTIONS, runOptionsFrom } from './run-flags.ts';
import { targetsFromArgs, TARGET_HELP, TARGET_OPTIONS } from './target-flags.ts';

const HELP = `Usage: aml-preflight check [options]

Checks DNS and outbound reachability to every host the router and the models
need, phase by phase, and names the root cause.

${TARGET_HELP}
${RUN_HELP}
${OUTPUT_HELP}`;

export async function run(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs(argv, { ...TARGET_OPTIONS, ...OUTPUT_OPTIONS, ...RUN_OPTIONS, help: { type: 'boolean', short: 'h' } });
  if (values.help) {
    process.stdout.write(HELP);
    return EXIT.ok;
  }
  // Validated before any probe runs, like every other value: a typo in -o must not cost a whole run.
  outputFormat(values.output);
  // With --workspace/--cluster/--azure-snapshot, discovered first; with --all-computes, one run per compute and one report.
  const targets = await targetsFromArgs(values);
  const report = await withProgress(async (onCheckDone) => {
    // Hosts Azure lists that the catalog lacks become warn checks (AZURE_UNLISTED_HOST).
    const { withUnlistedHosts } = await import('../azure/discover/listed-checks.ts');
    const checked = (t: (typeof targets)[number]) => runPreflight(t.profile, { ...runOptionsFrom(values), onCheckDone }).then((r) => withUnlistedHosts(r, t.unlisted));
    if (targets.length === 1) return checked(targets[0]);
    const { mergeComputeReports } = await import('../azure/discover/compute-reports.ts');
    const startedAt = new Date();
    const runs = await Promise.all(targets.map(async (t) => ({ compute: t.compute!, report: await checked(t) })));
    return mergeComputeReports(runs, startedAt, Date.now() - startedAt.getTime());
  });
  // With a snapshot, each failing check carries the configuration's explanation of its path (aml-preflight explain).
  const snapshot = values['azure-snapshot'];
  const shown = snapshot && targets.length === 1 ? await (await import('../azure/explain/join-probes.ts')).explainChecks(report, snapshot, targets[0].profile, values['rules-file']) : report;
  await emitReport(shown, values);
  return report.summary.fail > 0 ? EXIT.failed : EXIT.ok;
}
