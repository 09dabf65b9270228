// A strict reader of the Prometheus text exposition format (0.0.4), written
// from the format's description, to check what aml-preflight writes: HELP and
// TYPE before a family's samples, each family in one block, label values with
// only the \\ \" \n escapes, no series twice, values that parse as floats.

export interface ParsedSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface ParsedFamily {
  name: string;
  help: string;
  type: string;
  samples: ParsedSample[];
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;
const LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*/;
const TYPES = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped']);

export function parseExposition(text: string): Map<string, ParsedFamily> {
  if (!text.endsWith('\n')) throw new Error('the exposition must end with a newline');
  const families = new Map<string, ParsedFamily>();
  const closed = new Set<string>();
  const seen = new Set<string>();
  let current: ParsedFamily | undefined;
  const lines = text.slice(0, -1).split('\n');
  lines.forEach((line, i) => {
    const where = `line ${i + 1}`;
    if (line === '') return;
    const meta = /^# (HELP|TYPE) ([^ ]+) ?(.*)$/.exec(line);
    if (meta) {
      const [, what, name, rest] = meta;
      if (!NAME.test(name) || NAME.exec(name)![0] !== name) throw new Error(`${where}: bad metric name ${name}`);
      if (current?.name !== name) {
        if (current) closed.add(current.name);
        if (closed.has(name) || families.has(name)) throw new Error(`${where}: family ${name} appears twice`);
        current = { name, help: '', type: 'untyped', samples: [] };
        families.set(name, current);
      }
      if (what === 'HELP') current.help = rest.replace(/\\(\\|n)/g, (_, c) => (c === 'n' ? '\n' : '\\'));
      else {
        if (!TYPES.has(rest)) throw new Error(`${where}: bad type ${rest}`);
        if (current.samples.length) throw new Error(`${where}: TYPE after samples`);
        current.type = rest;
      }
      return;
    }
    if (line.startsWith('#')) return;
    const name = NAME.exec(line)?.[0];
    if (!name) throw new Error(`${where}: no metric name: ${line}`);
    const suffixed =
      (current?.type === 'summary' || current?.type === 'histogram') &&
      [`${current.name}_sum`, `${current.name}_count`, `${current.name}_bucket`].includes(name);
    if (current?.name !== name && !suffixed) throw new Error(`${where}: sample of ${name} outside its family block`);
    let rest = line.slice(name.length);
    const labels: Record<string, string> = {};
    if (rest.startsWith('{')) {
      rest = rest.slice(1);
      while (!rest.startsWith('}')) {
        const label = LABEL.exec(rest)?.[0];
        if (!label) throw new Error(`${where}: bad label name at ${rest}`);
        rest = rest.slice(label.length);
        if (!rest.startsWith('="')) throw new Error(`${where}: expected =" after ${label}`);
        rest = rest.slice(2);
        let value = '';
        for (;;) {
          const c = rest[0];
          if (c === undefined) throw new Error(`${where}: unterminated label value`);
          if (c === '"') break;
          if (c === '\\') {
            const e = rest[1];
            if (e === '\\') value += '\\';
            else if (e === '"') value += '"';
            else if (e === 'n') value += '\n';
            else throw new Error(`${where}: bad escape \\${e}`);
            rest = rest.slice(2);
            continue;
          }
          value += c;
          rest = rest.slice(1);
        }
        rest = rest.slice(1);
        if (label in labels) throw new Error(`${where}: label ${label} twice`);
        labels[label] = value;
        if (rest.startsWith(',')) rest = rest.slice(1);
        else if (!rest.startsWith('}')) throw new Error(`${where}: expected , or } at ${rest}`);
      }
      rest = rest.slice(1);
    }
    const m = /^ ([^ ]+)(?: (-?\d+))?$/.exec(rest);
    if (!m) throw new Error(`${where}: bad value part ${JSON.stringify(rest)}`);
    const value = m[1] === '+Inf' ? Infinity : m[1] === '-Inf' ? -Infinity : m[1] === 'NaN' ? NaN : Number(m[1]);
    if (Number.isNaN(value) && m[1] !== 'NaN') throw new Error(`${where}: value ${m[1]} is not a float`);
    const key = `${name}${JSON.stringify(Object.entries(labels).sort())}`;
    if (seen.has(key)) throw new Error(`${where}: series ${key} twice`);
    seen.add(key);
    current!.samples.push({ name, labels, value });
  });
  return families;
}
