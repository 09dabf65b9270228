import type { Report } from '../types.ts';

/** `value` as JSON.stringify(…, null, 2) writes it `depth` levels down: stringified inside as many arrays and cut
 *  out (a slice, not a copy), so V8 writes the indentation in one pass. */
function nested(value: unknown, depth: 1 | 2): string {
  const text = JSON.stringify(depth === 1 ? [value] : [[value]], null, 2);
  return depth === 1 ? text.slice(4, -2) : text.slice(10, -6);
}

/**
 * The report exactly as `JSON.stringify(report, null, 2)` writes it, a check at
 * a time, each passed through `prepare` (the redaction) as it is written: a run
 * of 4,000 checks is never held as a second object tree or as one string.
 */
export function* jsonChunks(report: Report, prepare: <T>(value: T) => T): Generator<string> {
  const entries = Object.entries(report).filter(([, value]) => value !== undefined && typeof value !== 'function');
  let chunk = '{';
  for (const [i, [key, value]] of entries.entries()) {
    chunk += `${i ? ',' : ''}\n  ${JSON.stringify(key)}: `;
    if (key === 'checks' && Array.isArray(value) && value.length > 0) {
      for (const [j, check] of value.entries()) {
        chunk += `${j ? ',' : '['}\n    ${nested(prepare(check), 2)}`;
        // Pieces of about 64 KB: few writes, little held.
        if (chunk.length >= 65_536) {
          yield chunk;
          chunk = '';
        }
      }
      chunk += '\n  ]';
    } else {
      chunk += nested(prepare(value), 1);
    }
  }
  yield `${chunk}${entries.length ? '\n' : ''}}\n`;
}
