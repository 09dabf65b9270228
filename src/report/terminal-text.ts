// Text printed for a person must never drive their terminal. Peers choose much of
// what we print (certificate subjects, status lines, deny pages, DNS labels,
// Kubernetes messages), and an ESC, BEL or C1 byte among it can retitle a window,
// clear the screen or hide the line before it. Every control character except tab
// and newline is shown as a visible stand-in instead: C0 and DEL as their Unicode
// control pictures (ESC as ␛, BEL as ␇, a lone CR as ␍, DEL as ␡), C1 as \x80…\x9f.
import { redactString } from './redact.ts';

// C0 but tab and newline, a CR not followed by a newline, DEL, C1.
const CONTROL = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]|\r(?!\n)/g;

function standIn(c: string): string {
  const code = c.charCodeAt(0);
  if (code < 0x20) return String.fromCharCode(0x2400 + code);
  if (code === 0x7f) return '\u2421';
  return `\\x${code.toString(16)}`;
}

/** The text with every control character that could drive a terminal made visible. */
export function humanText(text: string): string {
  return text.replace(CONTROL, standIn);
}

/** Every string inside a value made safe for a person, before it is laid out (and coloured) by a renderer. */
export function humanStrings<T>(value: T): T {
  if (typeof value === 'string') return humanText(value) as T;
  if (Array.isArray(value)) return value.map(humanStrings) as T;
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [humanText(k), humanStrings(v)])) as T;
  return value;
}

/** Writes text meant for a person. */
export function writeHuman(stream: NodeJS.WritableStream, text: string): void {
  stream.write(humanText(text));
}

const forAPerson = (line: string): string => humanText(redactString(line));

const guarded = new WeakSet<NodeJS.WriteStream>();
// The streams' own writers, before the guard: only writeStatusLine uses them, for its two control sequences.
const unguarded = new WeakMap<NodeJS.WriteStream, (chunk: string) => boolean>();

/** A live status line (progress): the text made safe like every other line, then drawn over the line before it
 *  (CR, text, erase to the end of the line). The only control bytes aml-preflight writes to standard error. */
export function writeStatusLine(stream: NodeJS.WriteStream, text: string): void {
  const write = unguarded.get(stream) ?? ((chunk: string) => stream.write(chunk));
  write(`\r${forAPerson(text)}\x1b[K`);
}

/** Standard error only ever carries lines for a person (errors, notes, progress): every write to it is redacted and
 *  goes through humanText, so no writer, present or future, can print a credential or a peer's control bytes there. */
export function guardStandardError(stream: NodeJS.WriteStream = process.stderr): void {
  if (guarded.has(stream)) return;
  guarded.add(stream);
  const write = stream.write.bind(stream) as (chunk: unknown, ...rest: unknown[]) => boolean;
  unguarded.set(stream, write);
  stream.write = ((chunk: unknown, ...rest: unknown[]) =>
    write(
      typeof chunk === 'string' ? forAPerson(chunk) : Buffer.isBuffer(chunk) ? forAPerson(chunk.toString('utf8')) : chunk,
      ...rest,
    )) as typeof stream.write;
}
