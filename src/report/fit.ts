// Fitting text into terminal columns. Widths count code points: the report's
// own text is ASCII plus a few one-column marks (✓ ✗ · …).

export const widthOf = (s: string): number => Array.from(s).length;

/**
 * Keeps both ends, which carry the meaning of a host name or a path: "ingest-viennaea…windows.net".
 * `headShare` is the part of the room given to the start (host names differ most at their start).
 */
export function shortenMiddle(s: string, max: number, headShare = 0.5): string {
  const chars = Array.from(s);
  if (chars.length <= max) return s;
  if (max <= 1) return chars.slice(0, max).join('');
  const head = Math.ceil((max - 1) * headShare);
  const tail = max - 1 - head;
  return `${chars.slice(0, head).join('')}…${tail ? chars.slice(-tail).join('') : ''}`;
}

export const padTo = (s: string, width: number): string => s + ' '.repeat(Math.max(0, width - widthOf(s)));

/**
 * Word-wraps to `width` columns: the first line after `first`, the others after `rest` (same width),
 * at most `maxLines` lines, the last one ending in "…" when text was left out.
 */
export function wrap(text: string, width: number, first: string, rest: string, maxLines = Infinity): string[] {
  // A first-line label that leaves no room for words goes on a line of its own.
  if (width - widthOf(first.replace(/\x1b\[[0-9;]*m/g, '')) < 12) return [first.trimEnd(), ...wrap(text, width, rest, rest, maxLines)];
  const room = Math.max(1, width - Math.max(widthOf(first.replace(/\x1b\[[0-9;]*m/g, '')), widthOf(rest)));
  const words = text.replace(/\s+/g, ' ').trim().split(' ');
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    const w = shortenMiddle(word, room);
    if (!line) line = w;
    else if (widthOf(line) + 1 + widthOf(w) <= room) line += ` ${w}`;
    else {
      lines.push(line);
      line = w;
    }
  }
  if (line) lines.push(line);
  if (lines.length > maxLines) {
    lines.length = maxLines;
    const last = lines[maxLines - 1];
    lines[maxLines - 1] =
      widthOf(last) + 1 <= room
        ? `${last}…`
        : `${Array.from(last)
            .slice(0, room - 1)
            .join('')}…`;
  }
  return lines.map((l, i) => `${i === 0 ? first : rest}${l}`);
}

/** A duration as a person reads it: 34ms, 2.0s. */
export const formatMs = (ms: number): string => (ms < 1000 ? `${Math.round(ms)}ms` : `${(ms / 1000).toFixed(1)}s`);
