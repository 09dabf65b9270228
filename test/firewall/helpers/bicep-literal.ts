// Reads back the subset of Bicep the generator writes (objects, arrays,
// single-quoted strings with Bicep's escapes, numbers, booleans), following
// the Bicep language reference rather than our emitter, so a test can check
// that what was meant is what Bicep would read.

export function parseBicepLiteral(text: string): unknown {
  let i = 0;
  const ws = () => {
    while (i < text.length && /\s/.test(text[i])) i++;
  };
  const fail = (what: string): never => {
    throw new Error(`bicep: ${what} at ${i}: ${JSON.stringify(text.slice(i, i + 30))}`);
  };
  const string = (): string => {
    if (text[i] !== "'") fail('expected a string');
    i++;
    let out = '';
    for (;;) {
      const c = text[i++];
      if (c === undefined || c === '\n') fail('unterminated string');
      if (c === "'") return out;
      if (c === '$' && text[i] === '{') fail('interpolation inside a string');
      if (c !== '\\') {
        out += c;
        continue;
      }
      const e = text[i++];
      const simple: Record<string, string> = { '\\': '\\', "'": "'", n: '\n', r: '\r', t: '\t', $: '$' };
      if (e in simple) out += simple[e];
      else if (e === 'u' && text[i] === '{') {
        const end = text.indexOf('}', i);
        out += String.fromCodePoint(parseInt(text.slice(i + 1, end), 16));
        i = end + 1;
      } else fail(`unknown escape \\${e}`);
    }
  };
  const value = (): unknown => {
    ws();
    const c = text[i];
    if (c === "'") return string();
    if (c === '{') {
      i++;
      const obj: Record<string, unknown> = {};
      for (;;) {
        ws();
        if (text[i] === '}') {
          i++;
          return obj;
        }
        const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i)) ?? fail('expected a key');
        i += m[0].length;
        ws();
        if (text[i++] !== ':') fail('expected ":"');
        obj[m[0]] = value();
        if (!/[ \t]*\n/y.test(text.slice(i))) {
          ws();
          if (text[i] !== '}') fail('expected a new line between properties');
        }
      }
    }
    if (c === '[') {
      i++;
      const list: unknown[] = [];
      for (;;) {
        ws();
        if (text[i] === ']') {
          i++;
          return list;
        }
        list.push(value());
      }
    }
    const m = /^(-?\d+|true|false)/.exec(text.slice(i)) ?? fail('unexpected token');
    i += m[0].length;
    return m[0] === 'true' ? true : m[0] === 'false' ? false : Number(m[0]);
  };
  const v = value();
  ws();
  if (i !== text.length) fail('trailing text');
  return v;
}
