import type { Report } from '../types.ts';
import { formatJson } from './json.ts';
import { formatJunit } from './junit.ts';
import { formatMarkdown } from './markdown.ts';
import { formatPrometheus } from './prometheus.ts';
import { redact } from './redact.ts';
import { formatTable } from './table.ts';
import { humanStrings } from './terminal-text.ts';

export const OUTPUT_FORMATS = ['table', 'json', 'junit', 'markdown', 'prometheus'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** Every format renders the redacted report: no format can leak what another hides. The formats a person
 *  reads get it with every control character made visible; the data formats keep their own exact escaping. */
export function formatReport(report: Report, format: OutputFormat, options: { color?: boolean; width?: number } = {}): string {
  const safe = redact(report);
  switch (format) {
    case 'json':
      return formatJson(safe);
    case 'junit':
      return formatJunit(safe);
    case 'markdown':
      return formatMarkdown(humanStrings(safe));
    case 'prometheus':
      return formatPrometheus(safe);
    case 'table':
      return formatTable(humanStrings(safe), { color: options.color ?? false, width: options.width });
  }
}
