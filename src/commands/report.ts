import { defineCommand, group } from '../cli/command.ts';
import { emitReport, REPORT_OUTPUT } from '../cli/options/output.ts';
import { EXIT, InputError } from '../errors.ts';
import { readReportFile } from '../report/read.ts';

export const command = defineCommand({
  usage: ['--from FILE [--from FILE ...] [options]'],
  positionals: 'FILE...',
  about: `Renders a saved JSON report (from check, demo, cluster run or audit, written
with -o json) in any output format: the compact table, the wide table, HTML,
Markdown, JUnit, Prometheus or JSON again. The report is checked against
schema/report.schema.json first.

Given several reports of the same target (audit runs kept with audit run --dir),
it draws the newest, and the HTML page adds the strip of all of them: what broke,
what recovered and what flaps.`,
  groups: [
    group(undefined, {
      from: { type: 'string', multiple: true, value: 'FILE', help: 'a JSON report, repeatable (or give the files after the options)' },
    }),
    REPORT_OUTPUT,
  ],
  notes: 'Exit codes: 0 the (newest) report has no failed check, 1 it has one, 2 not a report or invalid input.',
  run: async (values, positionals) => {
    const files = [...(values.from ?? []), ...positionals];
    if (!files.length)
      throw new InputError(
        'report: give the report to render: --from FILE (a JSON report, e.g. from aml-preflight check -o json --output-file FILE)',
      );
    const reports = files.map(readReportFile).sort((a, b) => a.startedAt.localeCompare(b.startedAt));
    const newest = reports[reports.length - 1];
    await emitReport(newest, values, { history: reports.slice(0, -1) });
    return newest.summary.fail > 0 ? EXIT.failed : EXIT.ok;
  },
});
