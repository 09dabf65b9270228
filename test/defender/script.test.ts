// The generated script is bash that a person runs: it must parse, and no image
// name, however hostile, may run, expand or split into anything. The property
// test runs the script for real, with a stand-in `az` that records its argv.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { inventoryImages } from '../../src/defender/inventory.ts';
import { renderScript } from '../../src/defender/script.ts';
import { sensorStatus } from '../../src/defender/sensor.ts';
import { planTriggers, type DefenderPlan, type ImportTrigger } from '../../src/defender/triggers.ts';
import { fixtureCluster } from './fixtures.ts';

const meta = { tool: 'aml-preflight test', generatedAt: '2025-11-24T22:00:00.000Z' };
const dir = mkdtempSync(join(tmpdir(), 'defender-script-'));
const fakeAz = join(dir, 'az');
// Records each call's argv, NUL-separated, one call per file; never runs anything it is given.
writeFileSync(
  fakeAz,
  `#!/usr/bin/env bash\nn=$(ls "$AZ_LOG" | wc -l)\nprintf '%s\\0' "$@" > "$AZ_LOG/$n"\nfor a; do if [ -n "\${AZ_FAIL_ON:-}" ] && [[ "$a" == *"$AZ_FAIL_ON"* ]]; then exit 1; fi; done\n`,
);
chmodSync(fakeAz, 0o755);

function runScript(script: string, failOn = ''): { status: number | null; calls: string[][]; stderr: string } {
  const file = join(dir, 'triggers.sh');
  writeFileSync(file, script);
  const log = mkdtempSync(join(dir, 'log-'));
  const r = spawnSync('bash', [file], {
    env: { PATH: `${dir}:/usr/bin:/bin`, AZ_LOG: log, HOME: dir, AZ_FAIL_ON: failOn },
    encoding: 'utf8',
    timeout: 10_000,
  });
  const calls = spawnSync('ls', [log], { encoding: 'utf8' })
    .stdout.split('\n')
    .filter(Boolean)
    .sort((a, b) => Number(a) - Number(b))
    .map((f) => readFileSync(join(log, f), 'utf8').split('\0').slice(0, -1));
  return { status: r.status, calls, stderr: r.stderr };
}

test('the script for a fixture cluster parses (bash -n) and imports exactly the ACR images', () => {
  const c = fixtureCluster();
  const plan = planTriggers(inventoryImages(c), sensorStatus(c.daemonSets, true), 'cluster test');
  const script = renderScript(plan, meta);
  const syntax = spawnSync('bash', ['-n'], { input: script, encoding: 'utf8' });
  assert.equal(syntax.status, 0, syntax.stderr);
  const r = runScript(script);
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(
    r.calls,
    plan.triggers.map((t) => t.command.slice(1)),
  );
  assert.match(script, /# Not in an Azure Container Registry, no trigger possible:\n# {3}docker\.io\/fluent\/fluent-bit/);
});

test('a failed import does not stop the others, and the script exits 1 at the end', () => {
  const c = fixtureCluster();
  const plan = planTriggers(inventoryImages(c), sensorStatus(c.daemonSets, true), 'x');
  const r = runScript(renderScript(plan, meta), 'model-a@');
  assert.equal(r.status, 1);
  assert.equal(r.calls.length, 2);
  assert.match(r.stderr, /1 import\(s\) failed/);
});

const hostile = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    "'; rm -rf / #",
    '$(touch /tmp/pwned)',
    '`id`',
    '"$HOME"',
    'a\'b"c',
    'x\ny',
    '\\',
    '-rf',
    '--help',
    '*',
    '~root',
    '!!',
    '$((1+1))',
    '\r#',
    'a\u2028b',
    '${IFS}',
  ),
);
const noNul = hostile.map((s) => s.replace(/\0/g, ''));

test('property: whatever the names, bash -n passes and az receives each value exactly, as one argument', () => {
  fc.assert(
    fc.property(
      fc.array(fc.record({ acr: noNul, registry: noNul, source: noNul, repo: noNul }), { minLength: 1, maxLength: 3 }),
      fc.array(hostile, { maxLength: 3 }),
      (rows, junk) => {
        const triggers: ImportTrigger[] = rows.map((r) => ({
          reference: `${r.registry}/${r.source}`,
          registry: r.registry,
          acrName: r.acr,
          repository: r.repo,
          sourceImage: r.source,
          command: ['az', 'acr', 'import', '--name', r.acr, '--source', `${r.registry}/${r.source}`, '--repository', r.repo],
          findingsQuery: '',
          uses: [{ namespace: r.repo, workload: r.source, container: r.acr, role: 'model' }],
        }));
        const plan: DefenderPlan = {
          source: junk.join(' '),
          sensor: { state: 'running', daemonSets: [], message: '' },
          workloads: [],
          triggers,
          unscanned: junk.map((j) => ({ reference: j, registry: j, reason: j, uses: [] })),
          invalid: junk.map((j) => ({ image: j, uses: [] })),
        };
        const script = renderScript(plan, meta);
        assert.equal(spawnSync('bash', ['-n'], { input: script }).status, 0);
        const r = runScript(script);
        assert.equal(r.status, 0, r.stderr);
        assert.deepEqual(
          r.calls,
          triggers.map((t) => t.command.slice(1)),
        );
      },
    ),
    { numRuns: 60 },
  );
});
