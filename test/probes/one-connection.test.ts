// One connection per host: on the lab (which counts the connections each
// endpoint accepts), a healthy run opens exactly one per HTTP-probed host,
// with TCP, TLS and HTTP each still reported as its own check.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startLab, type Lab } from '../../src/lab/lab.ts';
import { runPreflight } from '../../src/preflight.ts';
import type { Report } from '../../src/types.ts';

let lab: Lab;
let report: Report;
before(async () => {
  lab = await startLab({ extraHosts: ['features.contoso-db.example'] });
  report = await runPreflight(
    { ...lab.target, dns: { servers: [lab.dnsServer] }, connectTo: lab.connectTo },
    { timeoutMs: 3000, caPems: [lab.caPem], env: {} },
  );
});
after(() => lab?.stop());

test('every HTTP-probed host accepted exactly one connection, and each step passed on it', () => {
  const httpChecks = report.checks.filter((c) => c.kind === 'http');
  assert.ok(httpChecks.length >= 7, `${httpChecks.length} http checks`);
  const accepted = lab.acceptedConnections();
  for (const check of httpChecks) {
    const prefix = check.id.slice(0, check.id.lastIndexOf('/'));
    for (const kind of ['tcp', 'tls', 'http']) {
      const step = report.checks.find((c) => c.id === `${prefix}/${kind}`);
      assert.equal(step?.status, 'pass', `${prefix}/${kind}: ${step?.message}`);
      assert.equal(typeof step?.durationMs, 'number');
    }
    assert.equal(accepted[check.host!], 1, `${check.host} accepted ${accepted[check.host!]} connections`);
  }
});

test("a host that is only resolved (the endpoint's own name) is never connected to", () => {
  const dnsOnly = report.checks.filter((c) => c.kind === 'dns' && !report.checks.some((o) => o.host === c.host && o.kind !== 'dns'));
  assert.ok(dnsOnly.length >= 1);
  for (const check of dnsOnly) assert.equal(lab.acceptedConnections()[check.host!], 0, check.host);
});
