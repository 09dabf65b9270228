// Audits kept as files: for a cron job on a jump host, and for comparing
// reports saved with `check -o json --output-file`.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { check, reportOf } from '../metrics/report-fixture.ts';
import { runAudit } from './run-audit-cli.ts';

const LOCAL = ['--only', 'mcr', '--region', 'eastus', '--dns-server', '127.0.0.1:9', '--timeout', '300', '-o', 'json'];

test('audit run --dir keeps report files and prunes to --keep; history lists them', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'audit-dir-'));
  writeFileSync(join(dir, 'notes.json'), '{"not":"a report"}');
  for (let i = 0; i < 3; i++) {
    const r = await runAudit(['run', '--dir', dir, '--keep', '2', ...LOCAL]);
    assert.equal(r.code, 1, r.stderr);
  }
  const files = readdirSync(dir).filter((f) => f.startsWith('aml-preflight-run-'));
  assert.equal(files.length, 2);
  assert.ok(readdirSync(dir).includes('notes.json'), 'a file the audit did not write is never pruned');
  const history = await runAudit(['history', '--dir', dir]);
  assert.equal(history.code, 0, history.stderr);
  assert.match(history.stdout, /^RUN +STARTED +TOOK +PASS +WARN +FAIL +SKIP +ROOT CAUSE/);
  assert.match(history.stdout, /2 run\(s\) in directory /);
  const diff = await runAudit(['diff', '--last', '--dir', dir]);
  assert.equal(diff.code, 0, diff.stderr);
  assert.match(diff.stdout, /No change\./);
});

test('audit diff OLD NEW over two report files: exit 1 when something broke, 0 when it only recovered', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'audit-files-'));
  const ok = join(dir, 'monday.json');
  const broken = join(dir, 'tuesday.json');
  writeFileSync(
    ok,
    JSON.stringify(reportOf([check('acr@contosoml/dns', 'pass'), check('acr@contosoml/tcp', 'pass')], '2025-11-24T00:00:00.000Z')),
  );
  writeFileSync(
    broken,
    JSON.stringify(
      reportOf(
        [
          check('acr@contosoml/dns', 'pass'),
          check('acr@contosoml/tcp', 'fail', { code: 'TCP_TIMEOUT', message: 'no answer from 20.1.2.3:443 within 5000 ms' }),
        ],
        '2025-11-25T00:00:00.000Z',
      ),
    ),
  );
  const forward = await runAudit(['diff', ok, broken]);
  assert.equal(forward.code, 1, forward.stderr);
  assert.match(
    forward.stdout,
    /Broke \(1\):\n {2}acr@contosoml\/tcp: pass -> fail TCP_TIMEOUT — no answer from 20\.1\.2\.3:443 within 5000 ms/,
  );
  const back = await runAudit(['diff', broken, ok]);
  assert.equal(back.code, 0);
  assert.match(back.stdout, /Recovered \(1\):\n {2}acr@contosoml\/tcp: fail -> pass/);
  const notReport = join(dir, 'x.json');
  writeFileSync(notReport, '[1,2]');
  const bad = await runAudit(['diff', ok, notReport]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /x\.json: not an aml-preflight report/);
});
