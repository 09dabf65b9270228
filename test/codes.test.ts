import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { it } from 'node:test';
import { CODES, isCode } from '../src/codes.ts';

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
    assert.doesNotMatch(`${entry.meaning}${entry.action}`, /[`|\n]/, `${code}: plain text, one line (it is printed and copied into Markdown tables)`);
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
  assert.deepEqual([...named].filter(([code]) => !isCode(code) && !foreign.test(code)), []);
});
