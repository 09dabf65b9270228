// Pushes to a real Prometheus Pushgateway (Debian's prometheus-pushgateway),
// started on loopback for the test.
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { renderExposition } from '../../src/metrics/exposition.ts';
import { reportMetrics } from '../../src/metrics/families.ts';
import { pushMetrics, PushError } from '../../src/metrics/pushgateway.ts';
import { parseExposition } from './parse-exposition.ts';
import { check, reportOf } from './report-fixture.ts';
import { waitUntil } from '../helpers/wait-until.ts';

const BINARY = 'prometheus-pushgateway';
const installed = spawnSync(BINARY, ['--version']).status === 0;
let gateway: ChildProcess | undefined;
let base: URL;

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

before(async () => {
  if (!installed) return;
  const port = await freePort();
  base = new URL(`http://127.0.0.1:${port}`);
  gateway = spawn(
    BINARY,
    [`--web.listen-address=127.0.0.1:${port}`, `--persistence.file=${join(mkdtempSync(join(tmpdir(), 'pgw-')), 'data')}`],
    { stdio: 'ignore' },
  );
  await waitUntil(
    () =>
      fetch(new URL('/-/ready', base), { signal: AbortSignal.timeout(1000) }).then(
        (r) => r.ok,
        () => false,
      ),
    'the pushgateway to be ready',
    5000,
    50,
  );
});
after(() => {
  gateway?.kill('SIGTERM');
});

const scrape = async () => parseExposition(await (await fetch(new URL('/metrics', base))).text());

test('a run is pushed with PUT under job aml-preflight and the cluster, and the gateway serves it', {
  skip: !installed && `${BINARY} not installed (apt-get install prometheus-pushgateway)`,
}, async () => {
  const report = reportOf([check('mcr/dns', 'pass'), check('mcr/tcp', 'fail')]);
  await pushMetrics(base, renderExposition(reportMetrics(report)), { grouping: { cluster: 'aks/prod' }, timeoutMs: 5000 });
  const status = (await scrape()).get('aml_preflight_check_status')!;
  const tcp = status.samples.find((s) => s.labels.kind === 'tcp' && s.labels.status === 'fail')!;
  assert.equal(tcp.value, 1);
  assert.equal(tcp.labels.job, 'aml-preflight');
  // "/" in a grouping value travels base64-encoded and arrives whole.
  assert.equal(tcp.labels.cluster, 'aks/prod');
});

test('the next push replaces the group: a check no longer run leaves no stale series', {
  skip: !installed && `${BINARY} not installed`,
}, async () => {
  await pushMetrics(base, renderExposition(reportMetrics(reportOf([check('kusto/dns', 'pass'), check('old/dns', 'fail')]))), {
    grouping: { cluster: 'c2' },
  });
  await pushMetrics(base, renderExposition(reportMetrics(reportOf([check('kusto/dns', 'pass')]))), { grouping: { cluster: 'c2' } });
  const samples = (await scrape()).get('aml_preflight_check_status')!.samples.filter((s) => s.labels.cluster === 'c2');
  assert.deepEqual([...new Set(samples.map((s) => s.labels.requirement))], ['kusto']);
});

test('a gateway that rejects the body is one line with its reason', { skip: !installed && `${BINARY} not installed` }, async () => {
  await assert.rejects(
    pushMetrics(base, 'not metrics at all {\n', { grouping: { cluster: 'c3' } }),
    (e: Error) => e instanceof PushError && /HTTP 400/.test(e.message) && !e.message.includes('\n'),
  );
});

test('a push that gets no answer ends at its deadline', async () => {
  const silent = createServer(() => {}); // accepts and never answers
  await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
  const url = new URL(`http://127.0.0.1:${(silent.address() as { port: number }).port}`);
  const started = Date.now();
  try {
    await assert.rejects(pushMetrics(url, '# nothing\n', { timeoutMs: 300 }), /no answer within 300 ms/);
    assert.ok(Date.now() - started < 3000);
  } finally {
    silent.close();
  }
});

test('nothing listening: a one-line error naming the refusal', async () => {
  await assert.rejects(
    pushMetrics(new URL('http://127.0.0.1:9'), '# nothing\n', { timeoutMs: 1000 }),
    /push to http:\/\/127\.0\.0\.1:9 failed: ECONNREFUSED/,
  );
});
