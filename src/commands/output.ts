import { writeFileAtomic } from '../io/atomic-write.ts';
import { InputError } from '../errors.ts';
import { formatReport, OUTPUT_FORMATS, type OutputFormat } from '../report/format.ts';
import type { Report } from '../types.ts';

export const OUTPUT_OPTIONS = {
  output: { type: 'string', short: 'o' },
  'output-file': { type: 'string' },
  'no-color': { type: 'boolean' },
} as const;

export const OUTPUT_HELP = `Output:
  -o, --output FORMAT          ${OUTPUT_FORMATS.join(' | ')} (default: table on a terminal, json otherwise)
  --output-file FILE           write the report there (atomically) instead of standard output
  --no-color                   no colors in the table (NO_COLOR is honoured too)
`;

export function outputFormat(value: string | undefined): OutputFormat {
  if (value === undefined) return process.stdout.isTTY ? 'table' : 'json';
  if (!(OUTPUT_FORMATS as readonly string[]).includes(value)) throw new InputError(`--output: must be one of ${OUTPUT_FORMATS.join(', ')} (got ${JSON.stringify(value)})`);
  return value as OutputFormat;
}

/** Prints or writes the report; with --output-file, a terminal still gets the table. */
export async function emitReport(report: Report, values: { output?: string; 'output-file'?: string; 'no-color'?: boolean }): Promise<void> {
  const format = outputFormat(values.output ?? (values['output-file'] ? 'json' : undefined));
  const color = !values['no-color'] && !process.env.NO_COLOR && !!process.stdout.isTTY;
  const width = process.stdout.columns;
  if (values['output-file']) {
    await writeFileAtomic(values['output-file'], formatReport(report, format, { color: false }));
    if (process.stdout.isTTY) process.stdout.write(formatReport(report, 'table', { color, width }));
    process.stderr.write(`report written to ${values['output-file']} (${format})\n`);
    return;
  }
  process.stdout.write(formatReport(report, format, { color, width }));
}
