import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EXTENSION_EXPECTED } from '../../src/lab/extension-scenario.ts';
import { runCli } from '../helpers/cli.ts';
import type { Report } from '../../src/types.ts';

test('demo --scenario extension finds every planted fault with its code, nothing else fails, and exits 0', async () => {
  const r = await runCli(['demo', '--scenario', 'extension', '-o', 'json'], { timeoutMs: 60_000 });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, new RegExp(`all ${EXTENSION_EXPECTED.length} planted faults were found`));
  const report = JSON.parse(r.stdout) as Report;
  assert.deepEqual(report.target.ruleSets, ['aml-extension']);
  const failed = report.checks.filter((c) => c.status === 'fail').map((c) => [c.host, c.kind, c.code]);
  assert.deepEqual(failed.sort(), EXTENSION_EXPECTED.map((e) => [e.host, e.kind, e.code]).sort());
  assert.equal(report.rootCause?.phase, 'extension-install');
  assert.deepEqual(
    report.phases.map((p) => p.id),
    ['extension-install', 'extension-run', 'model-deploy', 'model-serve'],
  );
});

test('demo without --scenario is still the v1 lab; an unknown scenario is one line and exit 2', async () => {
  const v1 = await runCli(['demo', '-o', 'json'], { timeoutMs: 60_000 });
  assert.equal(v1.code, 0, v1.stderr);
  assert.deepEqual(
    (JSON.parse(v1.stdout) as Report).phases.map((p) => p.id),
    ['router-deploy', 'router-start', 'router-run', 'model-deploy', 'model-serve'],
  );
  const bad = await runCli(['demo', '--scenario', 'v3']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--scenario: must be one of v1, extension \(got "v3"\)/);
});
