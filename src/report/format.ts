import type { Report } from '../types.ts';
import { formatJson } from './json.ts';
import { formatJunit } from './junit.ts';
import { formatMarkdown } from './markdown.ts';
import { formatPrometheus } from './prometheus.ts';
import { redact } from './redact.ts';
import { formatTable } from './table.ts';

export const OUTPUT_FORMATS = ['table', 'json', 'junit', 'markdown', 'prometheus'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** Every format renders the redacted report: no format can leak what another hides. */
export function formatReport(report: Report, format: OutputFormat, options: { color?: boolean; width?: number } = {}): string {
  const safe = redact(report);
  switch (format) {
    case 'json':
      return formatJson(safe);
    case 'junit':
      return formatJunit(safe);
    case 'markdown':
      return formatMarkdown(safe);
    case 'prometheus':
      return formatPrometheus(safe);
    case 'table':
      return formatTable(safe, { color: options.color ?? false, width: options.width });
  }
}
