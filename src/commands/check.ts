import { defineCommand } from '../cli/command.ts';
import { DISCOVERY } from '../cli/options/discovery.ts';
import { emitReport, REPORT_OUTPUT } from '../cli/options/output.ts';
import { RUN, runOptionsFrom } from '../cli/options/run.ts';
import { TARGET, targetsFromArgs } from '../cli/options/target.ts';
import { EXIT } from '../errors.ts';
import { withProgress } from '../report/progress.ts';

export const command = defineCommand({
  about: `Checks DNS and outbound reachability to every host the router and the models
need, phase by phase, and names the root cause.`,
  groups: [TARGET, DISCOVERY, RUN, REPORT_OUTPUT],
  run: async (values) => {
    // With --workspace/--cluster/--azure-snapshot, discovered first; with --all-computes, one run per compute and one report.
    const targets = await targetsFromArgs(values);
    // The probes (undici, TLS, DNS) load only for a run: `check --help` never pays for them.
    const { runPreflight } = await import('../preflight.ts');
    const report = await withProgress(async (onCheckDone) => {
      // Hosts Azure lists that the catalog lacks become warn checks (AZURE_UNLISTED_HOST).
      const { withUnlistedHosts } = await import('../azure/discover/listed-checks.ts');
      const checked = (t: (typeof targets)[number]) =>
        runPreflight(t.profile, { ...runOptionsFrom(values), onCheckDone }).then((r) => withUnlistedHosts(r, t.unlisted));
      if (targets.length === 1) return checked(targets[0]);
      const { mergeComputeReports } = await import('../azure/discover/compute-reports.ts');
      const startedAt = new Date();
      const runs = await Promise.all(targets.map(async (t) => ({ compute: t.compute!, report: await checked(t) })));
      return mergeComputeReports(runs, startedAt, Date.now() - startedAt.getTime());
    });
    // With a snapshot, each failing check carries the configuration's explanation of its path (aml-preflight explain).
    const snapshot = values['azure-snapshot'];
    const shown =
      snapshot && targets.length === 1
        ? await (await import('../azure/explain/join-probes.ts')).explainChecks(report, snapshot, targets[0].profile, values['rules-file'])
        : report;
    await emitReport(shown, values);
    return report.summary.fail > 0 ? EXIT.failed : EXIT.ok;
  },
});
