// Debian's mitmproxy as the customer's TLS-inspecting egress proxy: the TLS
// check names its CA and fails, and passes once that CA is given with
// --ca-file; a name it cannot resolve is the proxy's DNS, not a denial.
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startLab, type Lab } from '../../src/lab/lab.ts';
import { probeTcp } from '../../src/probes/tcp.ts';
import { runChecker } from './support/checker.ts';
import { startMitmproxy, type Mitmproxy } from './support/mitmproxy.ts';
import { missingPrerequisite } from './support/prerequisites.ts';
import { startSquid, type Squid } from './support/squid.ts';

const skip = missingPrerequisite(['mitmdump', 'squid', 'security_file_certgen', 'openssl']);

describe('mitmproxy as an inspecting proxy', { skip, concurrency: 1 }, () => {
  let dir: string;
  let lab: Lab;
  let squid: Squid;
  let mitm: Mitmproxy;
  let labCaFile: string;
  let dependency: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'amlpf-mitm-'));
    chmodSync(dir, 0o755);
    lab = await startLab({ extraHosts: ['features.contoso-db.example'] });
    labCaFile = join(dir, 'lab-ca.pem');
    writeFileSync(labCaFile, lab.caPem, { mode: 0o644 });
    const hosts = Object.fromEntries(lab.endpoints.map((e) => [e.host, e.address]));
    // mitmproxy hands every tunnel to squid, which knows the lab's names.
    squid = await startSquid({
      dir: join(dir, 'squid'),
      hosts,
      originCaFile: labCaFile,
      policies: [{ name: 'open', allow: Object.keys(hosts) }],
    });
    mitm = await startMitmproxy({ dir: join(dir, 'mitm'), originCaFile: labCaFile, upstream: squid.url('open') });
    const endpoint = lab.endpoints.find((e) => e.host === 'features.contoso-db.example')!;
    dependency = `https://${endpoint.host}:${endpoint.port}/`;
  });
  after(async () => {
    await Promise.all([lab?.stop(), squid?.stop(), mitm?.stop()]);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const check = (extra: string[]) =>
    runChecker(['--dependency', dependency, '--only', 'dependency', '--proxy', mitm.url, '--timeout', '5000', '-o', 'json', ...extra]);

  test("TLS_UNTRUSTED, naming mitmproxy's CA, when only the lab's CA is trusted", async () => {
    const run = await check(['--ca-file', labCaFile]);
    const tls = run.check(`dependency@features.contoso-db.example:${new URL(dependency).port}/tls`);
    assert.equal(tls.code, 'TLS_UNTRUSTED', tls.message);
    assert.match(tls.message, /mitmproxy/);
    assert.match(String(tls.evidence.issuer), /mitmproxy/);
    assert.equal(run.check(tls.id.replace(/tls$/, 'tcp')).status, 'pass');
    assert.equal(run.code, 1);
  });

  test("passes with --ca-file naming mitmproxy's CA", async () => {
    const run = await check(['--ca-file', mitm.caFile]);
    assert.deepEqual(
      run.report.checks.map((c) => [c.kind, c.status]),
      [
        ['tcp', 'pass'],
        ['tls', 'pass'],
        ['http', 'pass'],
      ],
      run.stderr,
    );
    assert.equal(run.code, 0);
  });

  test('a name it cannot resolve → PROXY_UPSTREAM_DNS, not PROXY_DENIED', async () => {
    const direct = await startMitmproxy({ dir: join(dir, 'mitm-direct'), originCaFile: labCaFile });
    try {
      const out = await probeTcp({
        host: 'model-db.invalid',
        address: 'model-db.invalid',
        port: 443,
        timeoutMs: 5000,
        proxy: new URL(direct.url),
      });
      assert.equal(out.code, 'PROXY_UPSTREAM_DNS', out.message);
      assert.equal(out.evidence.proxyStatus, 502);
    } finally {
      await direct.stop();
    }
  });
});
