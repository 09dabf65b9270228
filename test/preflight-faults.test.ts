import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PRIVATE_ENDPOINT_FAULTS, startLab, type HostFault } from '../src/lab/lab.ts';
import { runPreflight } from '../src/preflight.ts';
import type { Report } from '../src/types.ts';
import { nonEmpty } from './helpers/non-empty.ts';

// Each planted fault must come out as exactly one code on exactly one check,
// with the checks after it blocked by it and the right root cause.
const ACR = 'demoacr.azurecr.io';
const BLOB = 'demostore.blob.core.windows.net';
const MCR = 'mcr.microsoft.com';

const CASES: { name: string; host: string; fault: HostFault; check: string; status: string; code: string; phase: string }[] = [
  {
    name: 'NXDOMAIN at the custom DNS server',
    host: ACR,
    fault: { dns: { rcode: 'NXDOMAIN' } },
    check: 'acr@demoacr/dns',
    status: 'fail',
    code: 'DNS_NXDOMAIN',
    phase: 'model-deploy',
  },
  {
    name: 'SERVFAIL',
    host: ACR,
    fault: { dns: { rcode: 'SERVFAIL' } },
    check: 'acr@demoacr/dns',
    status: 'fail',
    code: 'DNS_SERVFAIL',
    phase: 'model-deploy',
  },
  {
    name: 'REFUSED',
    host: ACR,
    fault: { dns: { rcode: 'REFUSED' } },
    check: 'acr@demoacr/dns',
    status: 'fail',
    code: 'DNS_REFUSED',
    phase: 'model-deploy',
  },
  {
    name: 'a DNS server that never answers',
    host: ACR,
    fault: { dns: { drop: true } },
    check: 'acr@demoacr/dns',
    status: 'fail',
    code: 'DNS_TIMEOUT',
    phase: 'model-deploy',
  },
  {
    name: 'a name with no address',
    host: ACR,
    fault: { dns: { nodata: true } },
    check: 'acr@demoacr/dns',
    status: 'fail',
    code: 'DNS_NODATA',
    phase: 'model-deploy',
  },
  {
    name: 'a firewall drop rule',
    host: BLOB,
    fault: { endpoint: 'blackhole' },
    check: 'storage-blob@demostore/tcp',
    status: 'fail',
    code: 'TCP_TIMEOUT',
    phase: 'model-deploy',
  },
  {
    name: 'a firewall reject rule',
    host: BLOB,
    fault: { endpoint: 'refused' },
    check: 'storage-blob@demostore/tcp',
    status: 'fail',
    code: 'TCP_REFUSED',
    phase: 'model-deploy',
  },
  {
    name: 'a TLS-inspecting firewall',
    host: ACR,
    fault: { endpoint: 'inspected' },
    check: 'acr@demoacr/tls',
    status: 'fail',
    code: 'TLS_UNTRUSTED',
    phase: 'model-deploy',
  },
  {
    name: 'an expired certificate',
    host: ACR,
    fault: { endpoint: 'expired' },
    check: 'acr@demoacr/tls',
    status: 'fail',
    code: 'TLS_EXPIRED',
    phase: 'model-deploy',
  },
  {
    name: 'a certificate for another name',
    host: ACR,
    fault: { endpoint: 'wrong-name' },
    check: 'acr@demoacr/tls',
    status: 'fail',
    code: 'TLS_HOSTNAME_MISMATCH',
    phase: 'model-deploy',
  },
  {
    name: 'a peer that never speaks TLS',
    host: ACR,
    fault: { endpoint: 'silent' },
    check: 'acr@demoacr/tls',
    status: 'fail',
    code: 'TLS_HANDSHAKE_TIMEOUT',
    phase: 'model-deploy',
  },
  {
    name: "Azure Firewall's deny answer",
    host: MCR,
    fault: { endpoint: 'firewall-deny' },
    check: 'mcr/http',
    status: 'fail',
    code: 'FIREWALL_DENIED',
    phase: 'router-deploy',
  },
  {
    name: 'something else answering',
    host: MCR,
    fault: { endpoint: 'wrong-service' },
    check: 'mcr/http',
    status: 'fail',
    code: 'HTTP_UNEXPECTED_STATUS',
    phase: 'router-deploy',
  },
];

async function preflight(faults: Record<string, HostFault>, only?: string[]): Promise<Report> {
  const lab = await startLab({ faults });
  try {
    return await runPreflight(
      { ...lab.target, dns: { servers: [lab.dnsServer] }, connectTo: lab.connectTo },
      { timeoutMs: 800, caPems: [lab.caPem], env: {}, only },
    );
  } finally {
    await lab.stop();
  }
}

for (const c of CASES) {
  test(`${c.name} → ${c.code} on ${c.check}, later checks blocked, root cause ${c.phase}`, async () => {
    const report = await preflight({ [c.host]: c.fault });
    const failed = report.checks.filter((r) => r.status === 'fail');
    assert.deepEqual(
      failed.map((r) => [r.id, r.code]),
      [[c.check, c.code]],
      JSON.stringify(failed, null, 1),
    );
    const requirement = c.check.slice(0, c.check.lastIndexOf('/'));
    for (const later of report.checks.filter((r) => r.id.startsWith(`${requirement}/`) && r.id !== c.check && r.status === 'skip')) {
      assert.equal(later.blockedBy, c.check);
    }
    assert.deepEqual(report.rootCause, { phase: c.phase, checks: [c.check] });
  });
}

test('a healthy lab passes every check it can run locally', async () => {
  const report = await preflight({});
  assert.equal(report.summary.fail, 0, JSON.stringify(report.checks.filter((c) => c.status !== 'pass' && c.status !== 'skip')));
  assert.equal(report.summary.warn, 0);
  assert.equal(report.rootCause, null);
  assert.ok(
    nonEmpty(
      report.checks.filter((c) => c.status === 'skip'),
      'the skipped checks',
    ).every((c) => /in-cluster/.test(c.message)),
  );
});

test('a private endpoint passes DNS; a private address without privatelink is suspect', async () => {
  const report = await preflight({ ...PRIVATE_ENDPOINT_FAULTS }, ['acr', 'mcr']);
  const acr = report.checks.find((c) => c.id === 'acr@demoacr/dns')!;
  assert.equal(acr.status, 'pass');
  assert.match(acr.message, /private endpoint/);
  const mcr = report.checks.find((c) => c.id === 'mcr/dns')!;
  assert.equal(mcr.status, 'warn');
  assert.equal(mcr.code, 'DNS_SUSPECT_PRIVATE');
});

test('a truncated UDP answer is retried over TCP and passes', async () => {
  const report = await preflight({ [ACR]: { dns: { truncate: true } } }, ['acr']);
  const dns = report.checks.find((c) => c.id === 'acr@demoacr/dns')!;
  assert.equal(dns.status, 'pass');
  assert.match(JSON.stringify(dns.evidence), /"transport":"tcp"/);
});

test('a DNS failure in router-deploy is the root cause even when model-deploy fails too', async () => {
  const report = await preflight({ [MCR]: { dns: { rcode: 'SERVFAIL' } }, [BLOB]: { endpoint: 'refused' } });
  assert.deepEqual(report.rootCause, { phase: 'router-deploy', checks: ['mcr/dns'] });
  assert.equal(report.phases.find((p) => p.id === 'model-deploy')!.status, 'fail');
});
