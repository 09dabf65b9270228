import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { BIN } from '../helpers/cli.ts';

const TRACE = fileURLToPath(new URL('../helpers/trace-loads.ts', import.meta.url));
const HEAVY = /node_modules\/(@azure|@kubernetes)\//;

function heavyLoadedBy(args: string[]): string[] {
  const file = join(mkdtempSync(join(tmpdir(), 'loads-')), 'loads.txt');
  spawnSync(process.execPath, ['--import', TRACE, BIN, ...args], {
    env: { ...process.env, TRACE_LOADS: file },
    encoding: 'utf8',
    timeout: 30_000,
  });
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((m) => HEAVY.test(m));
}

test('defender --help and serve --help load neither the Azure nor the Kubernetes SDK', () => {
  assert.deepEqual(heavyLoadedBy(['defender', '--help']), []);
  assert.deepEqual(heavyLoadedBy(['serve', '--help']), []);
});

test('defender from manifests without Azure flags loads no Azure SDK', () => {
  const cluster = fileURLToPath(new URL('../audit/fixtures/cluster.yaml', import.meta.url));
  assert.deepEqual(
    heavyLoadedBy(['defender', '--from-manifests', cluster, '-o', 'json']).filter((m) => m.includes('@azure/arm-')),
    [],
  );
});
