// A small HCL writer whose output is already in `terraform fmt` canonical form:
// two-space indents, "=" aligned across consecutive attribute lines of a body
// (a blank line or a nested block ends the run), one space after commas in
// lists, blocks separated by a blank line.

export type HclValue = string | number | string[] | { expression: string };

export type HclItem = { attribute: string; value: HclValue } | { block: string; labels?: string[]; body: HclItem[] } | { blank: true };

/** A quoted HCL string: quotes, backslashes and control characters escaped, and "${" / "%{" doubled so nothing interpolates. */
export function hclString(s: string): string {
  const escaped = s.replace(/[\\"\u0000-\u001f\u007f]|\$\{|%\{/g, (m) => {
    switch (m) {
      case '\\':
        return '\\\\';
      case '"':
        return '\\"';
      case '\n':
        return '\\n';
      case '\r':
        return '\\r';
      case '\t':
        return '\\t';
      case '${':
        return '$${';
      case '%{':
        return '%%{';
      default:
        return `\\u${m.charCodeAt(0).toString(16).padStart(4, '0')}`;
    }
  });
  return `"${escaped}"`;
}

function value(v: HclValue): string {
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return hclString(v);
  if (Array.isArray(v)) return `[${v.map(hclString).join(', ')}]`;
  return v.expression;
}

function render(items: HclItem[], depth: number): string[] {
  const pad = '  '.repeat(depth);
  const lines: string[] = [];
  let run: { attribute: string; value: HclValue }[] = [];
  const flush = () => {
    const width = Math.max(...run.map((a) => a.attribute.length));
    for (const a of run) lines.push(`${pad}${a.attribute.padEnd(width)} = ${value(a.value)}`);
    run = [];
  };
  for (const item of items) {
    if ('attribute' in item) {
      run.push(item);
      continue;
    }
    if (run.length) flush();
    if ('blank' in item) lines.push('');
    else {
      const labels = (item.labels ?? []).map((l) => ` ${hclString(l)}`).join('');
      lines.push(`${pad}${item.block}${labels} {`, ...render(item.body, depth + 1), `${pad}}`);
    }
  }
  if (run.length) flush();
  return lines;
}

export function renderHcl(items: HclItem[]): string {
  return `${render(items, 0).join('\n')}\n`;
}
