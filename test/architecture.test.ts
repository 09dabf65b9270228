// The import graph of src/, read from the source: which top-level folders
// reach which. Static imports, re-exports and dynamic import() all count (a
// lazily loaded module is still a dependency).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { test } from 'node:test';

const SRC = join(import.meta.dirname, '..', 'src');
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)'(\.{1,2}\/[^']+)'/gm;

/** Every .ts file under src/ (as "folder/file.ts") and the relative modules it imports. */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const entry of readdirSync(SRC, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.ts')) continue;
    const file = relative(SRC, join(entry.parentPath, entry.name));
    const text = readFileSync(join(SRC, file), 'utf8');
    graph.set(
      file,
      [...text.matchAll(SPECIFIER)].map((m) => normalize(join(dirname(file), m[1]))),
    );
  }
  return graph;
}

const graph = importGraph();
/** The top-level folder of src/ a file is in; undefined for the modules at src/'s root. */
const folderOf = (file: string) => (file.includes('/') ? file.split('/')[0] : undefined);
const filesIn = (folder: string) => [...graph.keys()].filter((f) => folderOf(f) === folder);

/** Every file reachable from `starts` by imports. */
function reachable(starts: string[]): Set<string> {
  const seen = new Set<string>();
  const todo = [...starts];
  for (let file = todo.pop(); file !== undefined; file = todo.pop()) {
    for (const imported of graph.get(file) ?? []) {
      if (!seen.has(imported)) {
        seen.add(imported);
        todo.push(imported);
      }
    }
  }
  return seen;
}

/** The folders a folder's files reach, directly or through any module. */
const reachedFolders = (folder: string) =>
  new Set([...reachable(filesIn(folder))].map(folderOf).filter((f): f is string => f !== undefined && f !== folder));

test('the import graph is read: every import resolves to a file under src/', () => {
  assert.ok(filesIn('kube').length >= 4 && filesIn('cluster').length > 10 && filesIn('compliance').length > 10, 'the folders are found');
  const unresolved = [...graph].flatMap(([file, imports]) => imports.filter((i) => !graph.has(i)).map((i) => `${file} -> ${i}`));
  assert.deepEqual(unresolved, []);
});

test('compliance never reaches cluster (the in-cluster run evaluates the rules, not the other way round)', () => {
  assert.ok(reachedFolders('cluster').has('compliance'), 'cluster does use compliance');
  const reached = [...reachable(filesIn('compliance'))].filter((f) => folderOf(f) === 'cluster');
  assert.deepEqual(reached, []);
});

test('the Kubernetes module depends on no domain and no command', () => {
  const reached = reachedFolders('kube');
  assert.ok(reached.size > 0);
  for (const folder of ['audit', 'azure', 'cluster', 'compliance', 'defender', 'firewall', 'cli', 'commands']) {
    assert.ok(!reached.has(folder), `src/kube reaches src/${folder}`);
  }
});

test('the domain folders that talk to a cluster are in no import cycle with any other folder', () => {
  const folders = [...new Set([...graph.keys()].map(folderOf).filter((f): f is string => f !== undefined))];
  const reach = new Map(folders.map((f) => [f, reachedFolders(f)]));
  const domains = ['audit', 'cluster', 'compliance', 'defender', 'kube'];
  assert.ok(
    domains.every((d) => folders.includes(d)),
    'the domain folders are found',
  );
  // audit <-> report: the HTML history page reuses the audit's diff (src/report/html/history.ts); not a Kubernetes matter.
  const cycles = domains.flatMap((d) =>
    [...reach.get(d)!].filter((f) => reach.get(f)!.has(d) && !(d === 'audit' && f === 'report')).map((f) => `${d} <-> ${f}`),
  );
  assert.deepEqual(cycles, []);
});

test('no module outside src/cli/ and src/commands/ imports them (but the entry point)', () => {
  const layer = ['cli', 'commands'];
  const domain = [...graph.keys()].filter((f) => !layer.includes(folderOf(f) ?? '') && f !== 'cli.ts');
  assert.ok(domain.length > 50, 'the domain modules were found');
  const offending = domain.flatMap((f) =>
    graph
      .get(f)!
      .filter((i) => layer.includes(folderOf(i) ?? ''))
      .map((i) => `${f} imports ${i}`),
  );
  assert.deepEqual(offending, []);
});
