import type { ErrorObject } from 'ajv';
import { FORMATS } from './config/formats.ts';
import { quoted } from './report/redact.ts';

/** Turns Ajv's errors into "file: key.path: reason" lines a user can act on. */
export function describeSchemaErrors(file: string, errors: ErrorObject[] | null | undefined): string {
  const lines = new Set<string>();
  for (const e of errors ?? []) {
    if (e.keyword === 'if' || e.keyword === 'allOf') continue;
    let path = e.instancePath
      .split('/')
      .slice(1)
      .map((p) => (/^\d+$/.test(p) ? `[${p}]` : keySegment(p.replace(/~1/g, '/').replace(/~0/g, '~'))))
      .join('')
      .replace(/^\./, '');
    let reason = e.message ?? 'is invalid';
    if (e.keyword === 'additionalProperties') {
      const key = (e.params as { additionalProperty: string }).additionalProperty;
      path = `${path}${keySegment(key)}`.replace(/^\./, '');
      reason = 'unknown key';
    } else if (e.keyword === 'required') {
      const key = (e.params as { missingProperty: string }).missingProperty;
      path = `${path}${keySegment(key)}`.replace(/^\./, '');
      reason = 'is required';
    } else if (e.keyword === 'enum') {
      reason = `must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
    } else if (e.keyword === 'format') {
      const format = (e.params as { format: string }).format;
      reason = `${FORMATS[format]?.hint ?? e.message}${e.data === undefined ? '' : ` (got ${quoted(e.data).slice(0, 80)})`}`;
    } else if (e.keyword === 'pattern') {
      reason = `has an invalid value${e.data === undefined ? '' : ` ${quoted(e.data).slice(0, 80)}`} (${e.message})`;
    }
    lines.add(`${file}: ${path || '(top level)'}: ${reason}`);
  }
  return [...lines].slice(0, 10).join('\n');
}

/** ".key" for a plain key; a key with spaces, newlines or punctuation is quoted, so the message stays one readable line. */
function keySegment(key: string): string {
  return /^[A-Za-z0-9_-]+$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
}
