import { EXIT, InputError } from '../errors.ts';
import { readReportFile } from '../report/read.ts';
import { parseCommandArgs } from './args.ts';
import { emitReport, OUTPUT_HELP, OUTPUT_OPTIONS, outputFormat } from './output.ts';

const HELP = `Usage: aml-preflight report --from FILE [--from FILE ...] [options]

Renders a saved JSON report (from check, demo, cluster run or audit, written
with -o json) in any output format: the compact table, the wide table, HTML,
Markdown, JUnit, Prometheus or JSON again. The report is checked against
schema/report.schema.json first.

Given several reports of the same target (audit runs kept with audit run --dir),
it draws the newest, and the HTML page adds the strip of all of them: what broke,
what recovered and what flaps.

  --from FILE                  a JSON report, repeatable (or give the files after the options)
${OUTPUT_HELP}
Exit codes: 0 the (newest) report has no failed check, 1 it has one, 2 not a report or invalid input.
`;

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, { ...OUTPUT_OPTIONS, from: { type: 'string', multiple: true }, help: { type: 'boolean', short: 'h' } }, true);
  if (values.help) {
    process.stdout.write(HELP);
    return EXIT.ok;
  }
  const files = [...(values.from ?? []), ...positionals];
  if (!files.length) throw new InputError('report: give the report to render: --from FILE (a JSON report, e.g. from aml-preflight check -o json --output-file FILE)');
  outputFormat(values.output);
  const reports = files.map(readReportFile).sort((a, b) => a.startedAt.localeCompare(b.startedAt));
  const newest = reports[reports.length - 1];
  await emitReport(newest, values, { history: reports.slice(0, -1) });
  return newest.summary.fail > 0 ? EXIT.failed : EXIT.ok;
}
