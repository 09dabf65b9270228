import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Ajv } from 'ajv';
import { toPolicyReport } from '../../src/audit/policy-report.ts';
import { check, reportOf } from '../metrics/report-fixture.ts';
import { POLICY_REPORT_CRD_SCHEMA } from './policy-report-crd.ts';

const validate = new Ajv({ strict: false, allErrors: true }).compile(POLICY_REPORT_CRD_SCHEMA);

test('a run becomes a PolicyReport valid against the wgpolicyk8s.io/v1alpha2 schema', () => {
  const report = reportOf([
    check('mcr/dns', 'pass'),
    check('mcr/tcp', 'fail', { code: 'TCP_TIMEOUT', message: 'no answer from 10.1.2.3:443 in 5000 ms', port: 443 }),
    check('kusto/dns', 'skip', { blockedBy: 'mcr/tcp', phase: 'router-run' }),
    check('insights/compliance', 'warn', { kind: 'compliance', phase: 'router-run', requirement: 'container-insights' }),
  ]);
  const pr = toPolicyReport(report, {
    namespace: 'aml-preflight',
    runId: '20251124t220000000z',
    severityOf: (id) => (id === 'container-insights' ? 'warn' : 'fail'),
  });
  assert.ok(validate(pr), JSON.stringify(validate.errors));
  assert.deepEqual(pr.summary, { pass: 1, fail: 1, warn: 1, error: 0, skip: 1 });
  const failed = pr.results[0];
  assert.deepEqual(
    {
      policy: failed.policy,
      rule: failed.rule,
      result: failed.result,
      category: failed.category,
      severity: failed.severity,
      source: failed.source,
      code: failed.properties.code,
    },
    {
      policy: 'mcr',
      rule: 'mcr/tcp',
      result: 'fail',
      category: 'router-deploy',
      severity: 'high',
      source: 'aml-preflight',
      code: 'TCP_TIMEOUT',
    },
  );
  assert.equal(pr.results.find((r) => r.policy === 'container-insights')!.severity, 'medium');
  assert.equal(pr.results.find((r) => r.rule === 'kusto/dns')!.properties.blockedBy, 'mcr/tcp');
});

test('a huge run stays one bounded object: failures first, 1000 results at most, the summary counting all', () => {
  const checks = Array.from({ length: 6000 }, (_, i) =>
    check(`dep${i}/tcp`, i % 10 === 0 ? 'fail' : 'pass', { message: 'x'.repeat(2000) }),
  );
  const pr = toPolicyReport(reportOf(checks), { namespace: 'ns', runId: '20251124t220000000z' });
  assert.ok(validate(pr));
  assert.equal(pr.results.length, 1000);
  assert.ok(pr.results.slice(0, 600).every((r) => r.result === 'fail'));
  assert.deepEqual(pr.summary, { pass: 5400, fail: 600, warn: 0, error: 0, skip: 0 });
  assert.equal(pr.metadata.annotations['aml-preflight/results-omitted'], '5000');
  assert.ok(pr.results.every((r) => r.message.length <= 256));
  assert.ok(Buffer.byteLength(JSON.stringify(pr)) < 1024 * 1024, `${Buffer.byteLength(JSON.stringify(pr))} bytes`);
});
