// The command layer sits on top: the domain folders never import it.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const SRC = fileURLToPath(new URL('../../src/', import.meta.url));
const LAYER = ['cli', 'commands'];

const files = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );

test('no module outside src/cli/ and src/commands/ imports them (but the entry point)', () => {
  const domain = files(SRC).filter((f) => !LAYER.some((l) => f.startsWith(join(SRC, l, '/'))) && f !== join(SRC, 'cli.ts'));
  assert.ok(domain.length > 50, 'the domain modules were found');
  const offending = domain.flatMap((f) => {
    const imports = [...readFileSync(f, 'utf8').matchAll(/(?:from\s+|import\()\s*'([^']+)'/g)].map((m) => m[1]);
    return imports
      .filter((i) => i.startsWith('.') && LAYER.some((l) => relative(SRC, join(f, '..', i)).split('/')[0] === l))
      .map((i) => `${relative(SRC, f)} imports ${i}`);
  });
  assert.deepEqual(offending, []);
});
