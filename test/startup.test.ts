import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { BIN } from './helpers/cli.ts';

const TRACE = fileURLToPath(new URL('./helpers/trace-loads.ts', import.meta.url));
const HEAVY = /node_modules\/(@azure|@kubernetes)\//;

function loadedBy(args: string[]): { status: number | null; modules: string[] } {
  const file = join(mkdtempSync(join(tmpdir(), 'aml-preflight-loads-')), 'loads.txt');
  const r = spawnSync(process.execPath, ['--import', TRACE, BIN, ...args], {
    env: { ...process.env, TRACE_LOADS: file },
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { status: r.status, modules: readFileSync(file, 'utf8').split('\n').filter(Boolean) };
}

test('--help loads neither the Azure nor the Kubernetes SDK', () => {
  const { status, modules } = loadedBy(['--help']);
  assert.equal(status, 0);
  assert.deepEqual(
    modules.filter((m) => HEAVY.test(m)),
    [],
  );
});

test('--help lists the commands from their index, loading none of their declarations', () => {
  const { status, modules } = loadedBy(['--help']);
  assert.equal(status, 0);
  assert.ok(
    modules.some((m) => m.endsWith('/src/commands/index.ts')),
    'the index was loaded',
  );
  assert.deepEqual(
    modules.filter((m) => /\/src\/commands\/(?!index\.ts$)/.test(m)),
    [],
  );
});

test('check runs without loading the Azure or Kubernetes SDK', () => {
  const { modules } = loadedBy([
    'check',
    '--cluster-fqdn',
    'myaks.hcp.eastus.azmk8s.io',
    '--region',
    'eastus',
    '--only',
    'aks-api',
    '--dns-server',
    '127.0.0.1:9',
    '--timeout',
    '200',
    '-o',
    'json',
  ]);
  assert.ok(
    modules.some((m) => m.includes('/src/probes/dns.ts')),
    'the check really ran its probes',
  );
  assert.deepEqual(
    modules.filter((m) => HEAVY.test(m)),
    [],
  );
});
