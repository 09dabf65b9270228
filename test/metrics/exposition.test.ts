import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { formatReport } from '../../src/report/format.ts';
import { runCli } from '../helpers/cli.ts';
import { parseExposition } from './parse-exposition.ts';
import { check, reportOf } from './report-fixture.ts';

const promtool = spawnSync('promtool', ['--version']).status === 0;

test('-o prometheus: per check status and duration, per phase status, run time and duration', async () => {
  const report = reportOf([
    check('mcr/dns', 'pass', { durationMs: 40 }),
    check('mcr/tcp', 'fail', { code: 'TCP_TIMEOUT', message: 'timed out after 5000 ms to 10.1.2.3', durationMs: 5000 }),
    check('storage-blob@acct1/dns', 'warn', {
      phase: 'model-deploy',
      host: 'acct1.blob.core.windows.net',
      vantage: { kind: 'pod', host: 'aml-preflight-abc12', nodePool: 'gpu', node: 'aks-gpu-123-vmss000001' },
    }),
  ]);
  const families = parseExposition(await formatReport(report, 'prometheus'));
  const status = families.get('aml_preflight_check_status')!;
  const failing = status.samples.find((s) => s.labels.requirement === 'mcr' && s.labels.kind === 'tcp' && s.labels.status === 'fail')!;
  assert.equal(failing.value, 1);
  assert.equal(
    status.samples.filter((s) => s.labels.requirement === 'mcr' && s.labels.kind === 'tcp').reduce((a, s) => a + s.value, 0),
    1,
  );
  const pool = status.samples.find((s) => s.labels.node_pool === 'gpu' && s.value === 1)!;
  assert.deepEqual(pool.labels, {
    phase: 'model-deploy',
    requirement: 'storage-blob',
    kind: 'dns',
    host: 'acct1.blob.core.windows.net',
    node_pool: 'gpu',
    vantage: 'pod',
    status: 'warn',
  });
  assert.equal(families.get('aml_preflight_check_duration_seconds')!.samples.find((s) => s.labels.kind === 'tcp')!.value, 5);
  assert.equal(
    families.get('aml_preflight_phase_status')!.samples.find((s) => s.labels.phase === 'router-deploy' && s.labels.status === 'fail')!
      .value,
    1,
  );
  assert.equal(families.get('aml_preflight_root_cause')!.samples.find((s) => s.labels.phase === 'router-deploy')!.value, 1);
  assert.equal(families.get('aml_preflight_run_timestamp_seconds')!.samples[0].value, Date.parse('2025-11-24T22:00:00Z') / 1000);
  assert.equal(families.get('aml_preflight_run_duration_seconds')!.samples[0].value, 1.234);
  assert.equal(families.get('aml_preflight_checks')!.samples.find((s) => s.labels.status === 'fail')!.value, 1);
});

test('no label carries a message, a failure code, a check id or a node name', async () => {
  const report = reportOf([
    check('acr@contosoml/tcp', 'fail', {
      code: 'TCP_REFUSED',
      message: 'refused by 10.0.0.4',
      vantage: { kind: 'pod', host: 'aml-preflight-x7k2p', node: 'aks-nodepool1-3195-vmss000002', nodePool: 'nodepool1' },
    }),
  ]);
  const text = await formatReport(report, 'prometheus');
  for (const leak of ['refused', 'TCP_REFUSED', 'acr@contosoml', 'x7k2p', 'vmss000002'])
    assert.ok(!text.includes(leak), `${leak} in the metrics`);
});

test('hostile label values are escaped and read back exactly', async () => {
  const host = 'we"ird\\host\nname';
  const families = parseExposition(
    await formatReport(reportOf([check('dep/tcp', 'fail', { host, requirement: 'dependency' })]), 'prometheus'),
  );
  assert.ok(families.get('aml_preflight_check_status')!.samples.some((s) => s.labels.host === host));
});

test('the same label set from many nodes is one series with the worst status; past the cap, series are dropped and counted', async () => {
  const nodes = ['a', 'b', 'c'].map((n, i) =>
    check('mcr/dns', i === 1 ? 'fail' : 'pass', { vantage: { kind: 'pod', host: `p-${n}`, node: `node-${n}`, nodePool: 'pool1' } }),
  );
  const merged = parseExposition(await formatReport(reportOf(nodes), 'prometheus')).get('aml_preflight_check_status')!;
  assert.equal(merged.samples.length, 4);
  assert.equal(merged.samples.find((s) => s.labels.status === 'fail')!.value, 1);

  const many = Array.from({ length: 5000 }, (_, i) =>
    check(`dep${i}/tcp`, 'pass', { requirement: 'dependency', host: `svc${i}.contoso.example` }),
  );
  const families = parseExposition(await formatReport(reportOf(many), 'prometheus'));
  assert.equal(families.get('aml_preflight_check_duration_seconds')!.samples.length, 1000);
  assert.equal(families.get('aml_preflight_metrics_dropped_series')!.samples[0].value, 4000);
  assert.equal(families.get('aml_preflight_checks')!.samples.find((s) => s.labels.status === 'pass')!.value, 5000);
});

test("promtool (Prometheus' own linter) accepts the output", {
  skip: !promtool && 'promtool not installed (apt-get install prometheus)',
}, async () => {
  const text = await formatReport(
    reportOf([check('mcr/dns', 'pass'), check('mcr/tcp', 'fail'), check('kusto/dns', 'skip', { blockedBy: 'mcr/dns' })]),
    'prometheus',
  );
  const r = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stdout + r.stderr);
});

test('check -o prometheus prints the exposition and keeps the exit code of the checks', async () => {
  // A DNS server that is not there: the checks fail fast, and the metrics say so.
  const r = await runCli([
    'check',
    '-o',
    'prometheus',
    '--only',
    'mcr',
    '--region',
    'eastus',
    '--dns-server',
    '127.0.0.1:9',
    '--timeout',
    '300',
  ]);
  assert.equal(r.code, 1, r.stderr);
  const families = parseExposition(r.stdout);
  const dns = families
    .get('aml_preflight_check_status')!
    .samples.find((s) => s.labels.requirement === 'mcr' && s.labels.kind === 'dns' && s.value === 1)!;
  assert.equal(dns.labels.status, 'fail');
  assert.equal(
    families.get('aml_preflight_phase_status')!.samples.find((s) => s.labels.phase === 'router-deploy' && s.value === 1)!.labels.status,
    'fail',
  );
});
