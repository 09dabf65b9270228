// The Output group: -o FORMAT among the formats the command declares, and where the output goes.
import { once } from 'node:events';
import { writeFileAtomic } from '../../io/atomic-write.ts';
import { InputError } from '../../errors.ts';
import { formatReport, OUTPUT_FORMATS, reportChunks, type FormatOptions, type OutputFormat } from '../../report/format.ts';
import type { Report } from '../../types.ts';
import { group } from '../command.ts';

/** -o FORMAT: the frame refuses a format outside `formats` before the command runs. */
export function formatOption<const F extends readonly string[]>(formats: F, byDefault: string, more = '') {
  return {
    type: 'string',
    short: 'o',
    value: 'FORMAT',
    help: `${formats.join(' | ')}${more}`,
    default: byDefault,
    choices: formats,
  } as const;
}

/** The output of every command that prints a report (check, demo, report, audit, cluster run…). */
export const REPORT_OUTPUT = group('Output:', {
  output: formatOption(OUTPUT_FORMATS, 'table on a terminal, json otherwise'),
  'output-file': { type: 'string', value: 'FILE', help: 'write the report there (atomically) instead of standard output' },
  'no-color': { type: 'boolean', help: 'no colors in the table (NO_COLOR is honoured too)' },
  wide: { type: 'boolean', help: 'the table with every check a row', default: 'a line per host, then each failure' },
  verbose: { type: 'boolean', help: 'the same as --wide' },
});

export function outputFormat(value: string | undefined): OutputFormat {
  if (value === undefined) return process.stdout.isTTY ? 'table' : 'json';
  if (!(OUTPUT_FORMATS as readonly string[]).includes(value))
    throw new InputError(`--output: must be one of ${OUTPUT_FORMATS.join(', ')} (got ${JSON.stringify(value)})`);
  return value as OutputFormat;
}

/** The format of a report written to a file: -o, else what the file's name says (report.html), else JSON. */
export const fileFormat = (file: string): OutputFormat => (/\.html?$/i.test(file) ? 'html' : 'json');

export type OutputValues = { output?: string; 'output-file'?: string; 'no-color'?: boolean; wide?: boolean; verbose?: boolean };

/** Prints or writes the report; with --output-file, a terminal still gets the table. */
export async function emitReport(report: Report, values: OutputValues, extra: Pick<FormatOptions, 'history'> = {}): Promise<void> {
  const format = outputFormat(values.output ?? (values['output-file'] ? fileFormat(values['output-file']) : undefined));
  const color = !values['no-color'] && !process.env.NO_COLOR && !!process.stdout.isTTY;
  // A pipe has no width: 80 columns, as a terminal would.
  const width = process.stdout.columns || 80;
  const wide = !!(values.wide || values.verbose);
  if (values['output-file']) {
    await writeFileAtomic(values['output-file'], await reportChunks(report, format, { color: false, wide, ...extra }));
    if (process.stdout.isTTY) process.stdout.write(await formatReport(report, 'table', { color, width, wide }));
    process.stderr.write(`report written to ${values['output-file']} (${format})\n`);
    return;
  }
  await writeToStdout(await reportChunks(report, format, { color, width, wide, ...extra }));
}

/** Each piece once the last has drained: a large report is never queued whole (a write error rejects the wait). */
async function writeToStdout(chunks: Iterable<string>): Promise<void> {
  for (const chunk of chunks) if (!process.stdout.write(chunk)) await once(process.stdout, 'drain');
}
