// Label selectors (=, ==, !=, in, notin, exists, !exists) and field selectors
// (dotted paths with = and !=), as the API server parses them from the query.

type Requirement = { key: string; op: 'eq' | 'ne' | 'in' | 'notin' | 'exists' | 'absent'; values: string[] };

/** Splits on commas outside parentheses: "a in (x,y),b" → ["a in (x,y)", "b"]. */
function terms(selector: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of selector) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      out.push(current.trim());
      current = '';
    } else current += ch;
  }
  if (current.trim()) out.push(current.trim());
  return out;
}

export function parseLabelSelector(selector: string): Requirement[] {
  return terms(selector).map((t) => {
    let m = /^(\S+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(t);
    if (m)
      return {
        key: m[1],
        op: m[2] as 'in' | 'notin',
        values: m[3]
          .split(',')
          .map((v) => v.trim())
          .filter(Boolean),
      };
    m = /^([^=!\s]+)\s*(==|=|!=)\s*(\S*)$/.exec(t);
    if (m) return { key: m[1], op: m[2] === '!=' ? 'ne' : 'eq', values: [m[3]] };
    if (t.startsWith('!')) return { key: t.slice(1), op: 'absent', values: [] };
    if (/^[^=!\s()]+$/.test(t)) return { key: t, op: 'exists', values: [] };
    throw new Error(`unable to parse requirement: ${JSON.stringify(t)}`);
  });
}

export function labelsMatch(selector: string | undefined, labels: Record<string, string> = {}): boolean {
  if (!selector) return true;
  return parseLabelSelector(selector).every(({ key, op, values }) => {
    const has = Object.hasOwn(labels, key);
    switch (op) {
      case 'eq':
        return has && labels[key] === values[0];
      case 'ne':
        return !has || labels[key] !== values[0];
      case 'in':
        return has && values.includes(labels[key]);
      case 'notin':
        return !has || !values.includes(labels[key]);
      case 'exists':
        return has;
      case 'absent':
        return !has;
    }
    return false;
  });
}

function at(object: unknown, path: string): string | undefined {
  let v: unknown = object;
  for (const part of path.split('.')) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[part] : undefined;
  return v === undefined || v === null ? undefined : String(v);
}

export function fieldsMatch(selector: string | undefined, object: unknown): boolean {
  if (!selector) return true;
  return terms(selector).every((t) => {
    const m = /^([^=!]+)(==|=|!=)(.*)$/.exec(t);
    if (!m) throw new Error(`invalid field selector: ${JSON.stringify(t)}`);
    const value = at(object, m[1].trim()) ?? '';
    return m[2] === '!=' ? value !== m[3] : value === m[3];
  });
}
