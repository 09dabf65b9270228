import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { runConfigMap } from '../../src/audit/configmap-store.ts';
import { decodeReport, MAX_STORED_BYTES } from '../../src/audit/encode.ts';
import { check, reportOf } from '../metrics/report-fixture.ts';

const CONFIGMAP_LIMIT = 1024 * 1024;
const sizeOf = (cm: object) => Buffer.byteLength(JSON.stringify(cm));

/** A realistic large run: thousands of checks with addresses, certificate chains and HTTP answers as evidence. */
function largeReport(n: number) {
  const chain = `-----BEGIN CERTIFICATE-----\n${randomBytes(900).toString('base64')}\n-----END CERTIFICATE-----`;
  return reportOf(
    Array.from({ length: n }, (_, i) =>
      check(`dep${i}/tls`, i % 7 === 0 ? 'fail' : 'pass', {
        ...(i % 7 === 0 ? { code: 'TLS_UNTRUSTED' } : {}),
        host: `svc${i}.contoso.example`,
        port: 443,
        message:
          i % 7 === 0
            ? `certificate of svc${i}.contoso.example is not trusted (SELF_SIGNED_CERT_IN_CHAIN)`
            : 'TLS 1.3, certificate valid for 89 days',
        evidence: { addresses: [`10.20.${i % 250}.${i % 200}`], alpn: 'h2', chain: [chain], issuer: 'CN=Contoso Inspection CA' },
      }),
    ),
  );
}

test('a run of thousands of checks fits one ConfigMap, gzipped in binaryData, and reads back whole', () => {
  const report = largeReport(4000);
  const { configMap, trimmed } = runConfigMap(report, 'aml-preflight');
  assert.ok(sizeOf(configMap) < CONFIGMAP_LIMIT, `${sizeOf(configMap)} bytes`);
  assert.equal(configMap.data, undefined);
  const back = decodeReport(Buffer.from(configMap.binaryData!['report.json.gz'], 'base64'));
  if (trimmed.length === 0) assert.deepEqual(back, report);
  assert.equal(back.checks.length, report.checks.length);
  assert.deepEqual(back.summary, report.summary);
});

test('a report that does not fit even gzipped loses evidence first, and the ConfigMap says so', () => {
  // Random evidence does not compress: 3000 checks x 1 KiB is well over the budget.
  const report = reportOf(
    Array.from({ length: 3000 }, (_, i) =>
      check(`x${i}/tcp`, i % 2 ? 'pass' : 'fail', {
        ...(i % 2 ? {} : { code: 'TCP_TIMEOUT' }),
        evidence: { noise: randomBytes(768).toString('base64') },
      }),
    ),
  );
  const { configMap, trimmed } = runConfigMap(report, 'aml-preflight');
  assert.deepEqual(trimmed, ['evidence-of-passed-checks', 'evidence']);
  assert.equal(configMap.metadata!.annotations!['aml-preflight/trimmed'], 'evidence-of-passed-checks,evidence');
  assert.ok(Buffer.from(configMap.binaryData!['report.json.gz'], 'base64').length <= MAX_STORED_BYTES);
  assert.ok(sizeOf(configMap) < CONFIGMAP_LIMIT);
  const back = decodeReport(Buffer.from(configMap.binaryData!['report.json.gz'], 'base64'));
  assert.equal(back.checks.length, 3000);
  assert.deepEqual(
    back.checks.map((c) => c.status),
    report.checks.map((c) => c.status),
  );
});

test('the run ConfigMap is labelled for kubectl and valid as a Kubernetes object', () => {
  const report = reportOf([check('mcr/dns', 'fail', { code: 'DNS_NXDOMAIN' })], '2025-11-24T22:01:05.123Z');
  const { configMap, id } = runConfigMap(report, 'aml-preflight');
  assert.equal(id, '20251124t220105123z');
  assert.equal(configMap.metadata!.name, 'aml-preflight-run-20251124t220105123z');
  assert.deepEqual(configMap.metadata!.labels, {
    'app.kubernetes.io/name': 'aml-preflight',
    'app.kubernetes.io/component': 'audit-run',
    'aml-preflight/run': id,
    'aml-preflight/result': 'fail',
  });
  // Names are DNS subdomains; label values at most 63 characters of [A-Za-z0-9_.-].
  assert.match(configMap.metadata!.name!, /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/);
  for (const v of Object.values(configMap.metadata!.labels!)) assert.match(v, /^([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9]$/);
  assert.equal(configMap.metadata!.annotations!['aml-preflight/root-cause-phase'], 'router-deploy');
});
