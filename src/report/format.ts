import type { Report } from '../types.ts';
import { jsonChunks } from './json.ts';
import { redact } from './redact.ts';
import { humanStrings } from './terminal-text.ts';

export const OUTPUT_FORMATS = ['table', 'json', 'junit', 'markdown', 'prometheus', 'html'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export interface FormatOptions {
  color?: boolean;
  width?: number;
  /** The table with every check a row (--wide, --verbose). */
  wide?: boolean;
  /** Earlier runs of the same target, oldest first: the HTML report draws them as a strip. */
  history?: Report[];
}

/** Every format renders the redacted report: no format can leak what another hides. The formats a person
 *  reads get it with every control character made visible; the data formats keep their own exact escaping. */
export async function formatReport(report: Report, format: OutputFormat, options: FormatOptions = {}): Promise<string> {
  return Array.from(await reportChunks(report, format, options)).join('');
}

/** The same, in pieces to write one after another: JSON is redacted and written a check at a time.
 *  Each format's code loads when it is asked for: a run that prints JSON never loads the HTML page. */
export async function reportChunks(report: Report, format: OutputFormat, options: FormatOptions = {}): Promise<Iterable<string>> {
  if (format === 'json') return jsonChunks(report, redact);
  const safe = redact(report);
  switch (format) {
    case 'junit':
      return [(await import('./junit.ts')).formatJunit(safe)];
    case 'markdown':
      return [(await import('./markdown.ts')).formatMarkdown(humanStrings(safe))];
    case 'prometheus':
      return [(await import('./prometheus.ts')).formatPrometheus(safe)];
    case 'table': {
      const table = options.wide ? (await import('./table-wide.ts')).formatWideTable : (await import('./table.ts')).formatTable;
      return [table(humanStrings(safe), { color: options.color ?? false, width: options.width })];
    }
    case 'html':
      // The page escapes every string for HTML itself; control characters are made visible first, as for a terminal.
      return [
        (await import('./html/page.ts')).formatHtml(humanStrings(safe), { history: options.history?.map((r) => humanStrings(redact(r))) }),
      ];
  }
}
