import type { Report } from '../types.ts';
import { jsonChunks } from './json.ts';
import { formatJunit } from './junit.ts';
import { formatMarkdown } from './markdown.ts';
import { formatPrometheus } from './prometheus.ts';
import { redact } from './redact.ts';
import { formatHtml } from './html/page.ts';
import { formatTable } from './table.ts';
import { formatWideTable } from './table-wide.ts';
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
export function formatReport(report: Report, format: OutputFormat, options: FormatOptions = {}): string {
  return Array.from(reportChunks(report, format, options)).join('');
}

/** The same, in pieces to write one after another: JSON is redacted and written a check at a time. */
export function reportChunks(report: Report, format: OutputFormat, options: FormatOptions = {}): Iterable<string> {
  return format === 'json' ? jsonChunks(report, redact) : [wholeReport(report, format, options)];
}

function wholeReport(report: Report, format: Exclude<OutputFormat, 'json'>, options: FormatOptions): string {
  const safe = redact(report);
  switch (format) {
    case 'junit':
      return formatJunit(safe);
    case 'markdown':
      return formatMarkdown(humanStrings(safe));
    case 'prometheus':
      return formatPrometheus(safe);
    case 'table':
      return (options.wide ? formatWideTable : formatTable)(humanStrings(safe), { color: options.color ?? false, width: options.width });
    case 'html':
      // The page escapes every string for HTML itself; control characters are made visible first, as for a terminal.
      return formatHtml(humanStrings(safe), { history: options.history?.map((r) => humanStrings(redact(r))) });
  }
}
