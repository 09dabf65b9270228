// The Output group: -o FORMAT among the formats the command declares, and where the output goes.
import { OUTPUT_FORMATS } from '../../report/format.ts';
import { group } from '../command.ts';

/** -o FORMAT: the frame refuses a format outside `formats` before the command runs. */
export function formatOption<const F extends readonly string[]>(formats: F, byDefault: string, more = '') {
  return { type: 'string', short: 'o', value: 'FORMAT', help: `${formats.join(' | ')}${more}`, default: byDefault, choices: formats } as const;
}

/** The output of every command that prints a report (check, demo, report, audit, cluster run…). */
export const REPORT_OUTPUT = group('Output:', {
  output: formatOption(OUTPUT_FORMATS, 'table on a terminal, json otherwise'),
  'output-file': { type: 'string', value: 'FILE', help: 'write the report there (atomically) instead of standard output' },
  'no-color': { type: 'boolean', help: 'no colors in the table (NO_COLOR is honoured too)' },
  wide: { type: 'boolean', help: 'the table with every check a row', default: 'a line per host, then each failure' },
  verbose: { type: 'boolean', help: 'the same as --wide' },
});

// Until the report writer moves here, it is the one of src/commands/output.ts.
export { emitReport, fileFormat, outputFormat } from '../../commands/output.ts';
