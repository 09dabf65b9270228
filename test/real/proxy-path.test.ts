// Through real proxies: one CONNECT per host with TLS and HTTP inside that
// one tunnel (squid's access log and the lab's accept counts say so), and a
// proxy that allowed the host but could not reach it is not a denial (squid's
// ERR_CONNECT_FAIL and ERR_CANNOT_FORWARD, tinyproxy's "Unable to connect").
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startLab, type Lab } from '../../src/lab/lab.ts';
import { runPreflight } from '../../src/preflight.ts';
import { probeTcp } from '../../src/probes/tcp.ts';
import type { Report } from '../../src/types.ts';
import { freePort } from './support/free-port.ts';
import { missingPrerequisite } from './support/prerequisites.ts';
import { startSquid, type Squid } from './support/squid.ts';
import { startTinyproxy, type Tinyproxy } from './support/tinyproxy.ts';
import { startUnbound, type Resolver } from './support/unbound.ts';

// A name squid maps to a loopback address where nothing listens, and one its DNS server says does not exist.
const GONE = 'gone.contoso.example';
const UNKNOWN = 'unknown.contoso.example';
// squid asks port 53 only: the proxy's own DNS server gets an address of its own.
const PROXY_DNS = '127.255.255.253';

const skip = missingPrerequisite(['squid', 'security_file_certgen', 'openssl', 'tinyproxy', 'unbound']);

async function accessLogWith(squid: Squid, hosts: string[], timeoutMs = 5000): Promise<string> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const log = squid.accessLog();
    if (hosts.every((h) => log.includes(` ${h}:`)) || Date.now() > until) return log;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('through real proxies', { skip, concurrency: 1 }, () => {
  let dir: string;
  let lab: Lab;
  let squid: Squid;
  let tinyproxy: Tinyproxy;
  let proxyDns: Resolver;
  let report: Report;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'amlpf-proxy-path-'));
    // squid drops to its own user and must reach its files in here.
    chmodSync(dir, 0o755);
    lab = await startLab();
    const caFile = join(dir, 'lab-ca.pem');
    writeFileSync(caFile, lab.caPem, { mode: 0o644 });
    proxyDns = await startUnbound(
      { zones: {}, localZones: [['contoso.example', 'static']] },
      { dir: join(dir, 'proxy-dns'), address: PROXY_DNS, port: 53 },
    );
    const hosts = Object.fromEntries(lab.endpoints.map((e) => [e.host, e.address]));
    squid = await startSquid({
      dir: join(dir, 'squid'),
      hosts: { ...hosts, [GONE]: '127.255.255.254' },
      originCaFile: caFile,
      policies: [{ name: 'open', allow: [...Object.keys(hosts), GONE, UNKNOWN] }],
      dnsServer: PROXY_DNS,
    });
    tinyproxy = await startTinyproxy(join(dir, 'tinyproxy'));
    report = await runPreflight(
      { ...lab.target, dns: { servers: [lab.dnsServer] }, connectTo: lab.connectTo, proxy: { url: squid.url('open') } },
      { timeoutMs: 5000, caPems: [lab.caPem], env: {} },
    );
  });
  after(async () => {
    await Promise.all([lab?.stop(), squid?.stop(), tinyproxy?.stop(), proxyDns?.stop()]);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('squid: one CONNECT per host, and TLS and HTTP inside that one tunnel', async () => {
    const httpChecks = report.checks.filter((c) => c.kind === 'http');
    assert.ok(httpChecks.length >= 7, `${httpChecks.length} http checks`);
    // squid logs a tunnel when it closes: wait until every host's tunnel is in the log.
    const log = await accessLogWith(
      squid,
      httpChecks.map((c) => c.host!),
    );
    const accepted = lab.acceptedConnections();
    for (const check of httpChecks) {
      const prefix = check.id.slice(0, check.id.lastIndexOf('/'));
      assert.equal(
        report.checks.find((c) => c.id === `${prefix}/dns`),
        undefined,
        `${prefix}: the proxy resolves it`,
      );
      for (const kind of ['tcp', 'tls', 'http']) {
        const step = report.checks.find((c) => c.id === `${prefix}/${kind}`)!;
        assert.equal(step.status, 'pass', `${step.id}: ${step.message}`);
        assert.match(String(step.evidence.via ?? check.evidence.via), /^127\.0\.0\.1:\d+$/, step.id);
      }
      const connects = log.split('\n').filter((line) => line.includes(' CONNECT ') && line.includes(` ${check.host}:`));
      assert.equal(connects.length, 1, `${check.host}: ${connects.length} CONNECTs\n${log}`);
      assert.equal(accepted[check.host!], 1, `${check.host} accepted ${accepted[check.host!]} connections`);
    }
  });

  test('squid ERR_CONNECT_FAIL → PROXY_UPSTREAM_UNREACHABLE, not PROXY_DENIED', async () => {
    const out = await probeTcp({ host: GONE, address: GONE, port: 443, timeoutMs: 5000, proxy: new URL(squid.url('open')) });
    assert.equal(out.code, 'PROXY_UPSTREAM_UNREACHABLE', out.message);
    assert.match(String((out.evidence.proxyHeaders as Record<string, string>)['x-squid-error']), /^ERR_CONNECT_FAIL/);
    assert.match(out.message, /allowed the host but could not connect/);
  });

  test('squid ERR_CANNOT_FORWARD (CONNECT to a name its DNS says does not exist) → PROXY_UPSTREAM_UNREACHABLE', async () => {
    const out = await probeTcp({ host: UNKNOWN, address: UNKNOWN, port: 443, timeoutMs: 5000, proxy: new URL(squid.url('open')) });
    assert.equal(out.code, 'PROXY_UPSTREAM_UNREACHABLE', out.message);
    assert.match(String((out.evidence.proxyHeaders as Record<string, string>)['x-squid-error']), /^ERR_CANNOT_FORWARD/);
    assert.match(out.message, /could not resolve the name or connect/);
  });

  test('tinyproxy "500 Unable to connect" → PROXY_UPSTREAM_UNREACHABLE', async () => {
    const port = await freePort();
    const out = await probeTcp({ host: '127.0.0.1', address: '127.0.0.1', port, timeoutMs: 5000, proxy: new URL(tinyproxy.url) });
    assert.equal(out.code, 'PROXY_UPSTREAM_UNREACHABLE', out.message);
    assert.match(out.message, /Unable to connect/);
  });
});
