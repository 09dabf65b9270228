import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { it } from 'node:test';
import { loadCatalog } from '../src/catalog/load.ts';
import { CODES, codesOf, isCode, type Code } from '../src/codes.ts';

const root = new URL('..', import.meta.url).pathname;

function filesUnder(dir: string, ext: RegExp): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && ext.test(e.name))
    .map((e) => join(e.parentPath, e.name));
}

it('gives every code a meaning and an action to take', () => {
  const entries = Object.entries(CODES);
  assert.ok(entries.length >= 70, `${entries.length} codes`);
  for (const [code, entry] of entries) {
    assert.match(code, /^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$/);
    assert.ok(entry.meaning.length > 20 && entry.action.length > 20, code);
    assert.doesNotMatch(
      `${entry.meaning}${entry.action}`,
      /[`|\n]/,
      `${code}: plain text, one line (it is printed and copied into Markdown tables)`,
    );
  }
});

// Types catch most codes; these are the spellings they cannot (rule YAML, codes compared as strings).
it('holds every code the source and the rule files name', () => {
  const named = new Map<string, string>();
  for (const file of filesUnder('src', /\.ts$/)) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/(?:\bcode: |failed\(|\.code [!=]== )'([A-Z][A-Z0-9_]+)'/g)) named.set(m[1]!, file);
  }
  for (const file of filesUnder('rules', /\.ya?ml$/)) {
    for (const m of readFileSync(file, 'utf8').matchAll(/\bcode: ([A-Z][A-Z0-9_]+)/g)) named.set(m[1]!, file);
  }
  assert.ok(named.size >= 60, `${named.size} codes named`);
  // Node's errno names (EPIPE), the extension's HealthCheck codes (E45003), a DNS rcode and an SDK's error name: compared, never emitted.
  const foreign = /^(E[A-Z0-9]+|NOERROR|REQUEST_SEND_ERROR)$/;
  assert.deepEqual(
    [...named].filter(([code]) => !isCode(code) && !foreign.test(code)),
    [],
  );
});

interface Documented {
  file: string;
  code: string;
  cells: Map<string, string>;
}

/** The rows of every Markdown table with the columns code, severity, meaning and what to do. */
function documentedCodes(files: string[]): Documented[] {
  const rows: Documented[] = [];
  const cellsOf = (line: string) =>
    line
      .trim()
      .slice(1, -1)
      .split(/(?<!\\)\|/)
      .map((c) => c.trim().replace(/\\\|/g, '|'));
  for (const file of files) {
    const lines = readFileSync(join(root, file), 'utf8').split('\n');
    lines.forEach((line, i) => {
      const header = line.startsWith('|') ? cellsOf(line) : [];
      if (!['code', 'severity', 'meaning', 'what to do'].every((c) => header.includes(c)) || !/^\|[-| ]+\|$/.test(lines[i + 1] ?? ''))
        return;
      for (const row of lines.slice(i + 2)) {
        if (!row.startsWith('|')) break;
        const cells = cellsOf(row);
        assert.equal(cells.length, header.length, `${file}: ${row}`);
        const code = /^`([A-Z][A-Z0-9_]+)`$/.exec(cells[0]!)?.[1];
        assert.ok(code, `${file}: the first cell names one code in backticks: ${row}`);
        // Backticks are the README's formatting, not the text.
        rows.push({ file, code, cells: new Map(header.map((h, j) => [h, cells[j]!.replace(/`/g, '')])) });
      }
    });
  }
  return rows;
}

const DOCS = ['README.md', 'docs/cluster.md', 'docs/azure.md'];

it("equals the README's code tables (and docs/cluster.md's job codes), both ways", () => {
  const documented = documentedCodes(DOCS);
  assert.ok(documented.length >= 70, `${documented.length} documented codes`);
  const seen = documented.map((d) => d.code);
  assert.deepEqual(
    seen.filter((c, i) => seen.indexOf(c) !== i),
    [],
    'each code documented once',
  );
  assert.deepEqual(
    seen.filter((c) => !isCode(c)),
    [],
    'every documented code is in the registry',
  );
  assert.deepEqual(
    Object.keys(CODES).filter((c) => !seen.includes(c)),
    [],
    `every registry code is documented in ${DOCS.join(', ')}`,
  );
  for (const d of documented) {
    const entry = CODES[d.code as Code];
    const said = { severity: d.cells.get('severity'), meaning: d.cells.get('meaning'), action: d.cells.get('what to do') };
    assert.deepEqual(said, { severity: entry.severity, meaning: entry.meaning, action: entry.action }, `${d.file}: ${d.code}`);
  }
});

it("names, in the README's compliance table, the rules that report each compliance code", () => {
  const byCode = new Map<string, string[]>();
  for (const r of loadCatalog().byId.values())
    if (r.compliance) byCode.set(r.compliance.code, [...(byCode.get(r.compliance.code) ?? []), r.id]);
  const documented = documentedCodes(['README.md']).filter((d) => d.cells.has('rules'));
  assert.deepEqual(documented.map((d) => d.code).sort(), codesOf('compliance').sort());
  for (const d of documented) {
    assert.deepEqual(d.cells.get('rules')!.split(/,\s*/).sort(), (byCode.get(d.code) ?? []).sort(), d.code);
    // The rule files report a code with the registry's severity.
    for (const id of byCode.get(d.code) ?? []) assert.equal(loadCatalog().byId.get(id)!.severity, CODES[d.code as Code].severity, id);
  }
});
