// Never hang, never crash: peers that accept a connection and then stall,
// trickle one byte a second, reset in the middle of TLS, speak something
// else, or never finish their HTTP headers; and proxies that do the same to
// CONNECT. Each check ends inside its deadline with a code.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createCa } from '../../src/lab/ca.ts';
import { startDnsServer, type LabDnsServer } from '../../src/lab/dns-server.ts';
import { runPreflight } from '../../src/preflight.ts';
import type { Report } from '../../src/types.ts';
import { startStreamPeer, type StreamMischief, type StreamPeer } from './peers/stream-peers.ts';

const TIMEOUT_MS = 1000;
const SLACK_MS = 400;

interface Row {
  mischief: StreamMischief;
  scheme: 'https' | 'http';
  /** TLS done right (a trusted certificate for the name) before the mischief starts. */
  tlsFirst?: true;
  check: 'tls' | 'http';
  codes: string[];
}

const ROWS: Row[] = [
  { mischief: 'silent', scheme: 'https', check: 'tls', codes: ['TLS_HANDSHAKE_TIMEOUT'] },
  { mischief: 'tls-trickle', scheme: 'https', check: 'tls', codes: ['TLS_HANDSHAKE_TIMEOUT'] },
  { mischief: 'tls-reset', scheme: 'https', check: 'tls', codes: ['TLS_HANDSHAKE_FAILED'] },
  { mischief: 'ssh-banner', scheme: 'https', check: 'tls', codes: ['TLS_HANDSHAKE_FAILED'] },
  { mischief: 'garbage-flood', scheme: 'https', check: 'tls', codes: ['TLS_HANDSHAKE_FAILED'] },
  { mischief: 'http-endless-headers', scheme: 'http', check: 'http', codes: ['HTTP_TIMEOUT'] },
  { mischief: 'http-trickle', scheme: 'http', check: 'http', codes: ['HTTP_TIMEOUT'] },
  { mischief: 'http-header-flood', scheme: 'http', check: 'http', codes: ['HTTP_UNEXPECTED_STATUS'] },
  { mischief: 'smtp-banner', scheme: 'http', check: 'http', codes: ['HTTP_UNEXPECTED_STATUS'] },
  { mischief: 'http-endless-headers', scheme: 'https', tlsFirst: true, check: 'http', codes: ['HTTP_TIMEOUT'] },
  { mischief: 'http-trickle', scheme: 'https', tlsFirst: true, check: 'http', codes: ['HTTP_TIMEOUT'] },
];

const nameOf = (row: Row): string => `${row.mischief}${row.tlsFirst ? '-over-tls' : ''}.hostile.example`;

describe('hostile TCP, TLS and HTTP peers: every check ends on time with a code', () => {
  const peers: StreamPeer[] = [];
  let dns: LabDnsServer;
  let caPem: string;
  let report: Report;
  let wallMs: number;
  const urls = new Map<Row, string>();

  before(async () => {
    const ca = await createCa('Hostile Lab CA');
    caPem = ca.certPem;
    for (const row of ROWS) {
      const tlsContext = row.tlsFirst
        ? await ca.issue([nameOf(row)]).then(({ certPem, keyPem }) => ({ cert: certPem, key: keyPem }))
        : undefined;
      const peer = await startStreamPeer(row.mischief, { tlsContext });
      peers.push(peer);
      urls.set(row, `${row.scheme}://${nameOf(row)}:${peer.port}`);
    }
    dns = await startDnsServer(Object.fromEntries(ROWS.map((r) => [nameOf(r), { a: ['127.0.0.1'] }])));
    const started = performance.now();
    report = await runPreflight(
      { dns: { servers: [`${dns.address}:${dns.port}`] }, dependencies: [...urls.values()] },
      { only: ['dependency'], timeoutMs: TIMEOUT_MS, env: {}, caPems: [caPem] },
    );
    wallMs = performance.now() - started;
  });
  after(async () => {
    await Promise.all([...peers.map((p) => p.close()), dns?.stop()]);
  });

  for (const row of ROWS) {
    test(`${row.scheme} peer, ${row.mischief}${row.tlsFirst ? ' after a good TLS handshake' : ''} → ${row.check} ${row.codes.join(' or ')}`, () => {
      const url = new URL(urls.get(row)!);
      const id = `dependency@${url.hostname}:${url.port}/${row.check}`;
      const check = report.checks.find((c) => c.id === id)!;
      assert.ok(check, `no ${id}`);
      assert.ok(row.codes.includes(check.code ?? check.status), `${check.status} ${check.code}: ${check.message}`);
      assert.ok(check.durationMs <= TIMEOUT_MS + SLACK_MS, `${check.durationMs} ms`);
      // Everything before it passed: the mischief starts only after the connection is up.
      const kinds = row.scheme === 'https' ? ['dns', 'tcp', 'tls', 'http'] : ['dns', 'tcp', 'http'];
      for (const kind of kinds.slice(0, kinds.indexOf(row.check))) {
        assert.equal(report.checks.find((c) => c.id === `dependency@${url.hostname}:${url.port}/${kind}`)!.status, 'pass', kind);
      }
    });
  }

  test('the whole run stays within the deadlines of its longest chain', () => {
    // dns, tcp and tls are quick; at most one step per host waits out its deadline.
    assert.ok(wallMs <= TIMEOUT_MS + 3 * SLACK_MS, `${Math.round(wallMs)} ms`);
    assert.ok(!report.checks.some((c) => c.code === 'INTERNAL_ERROR'));
  });
});

describe('hostile proxies: CONNECT answered badly ends on time with a code', () => {
  const CASES: { mischief: StreamMischief; code: string; what: string }[] = [
    { mischief: 'http-trickle', code: 'TCP_TIMEOUT', what: 'the CONNECT reply one byte a second' },
    { mischief: 'http-header-flood', code: 'PROXY_DENIED', what: 'an endless CONNECT reply head' },
    { mischief: 'ssh-banner', code: 'PROXY_DENIED', what: 'not HTTP at all' },
    { mischief: 'silent', code: 'TCP_TIMEOUT', what: 'no reply to CONNECT' },
  ];
  for (const c of CASES) {
    test(`a proxy sending ${c.what} → ${c.code}`, async () => {
      const proxy = await startStreamPeer(c.mischief);
      try {
        const started = performance.now();
        const report = await runPreflight(
          { proxy: { url: `http://127.0.0.1:${proxy.port}` }, dependencies: ['https://model-db.contoso.example'] },
          { only: ['dependency'], timeoutMs: TIMEOUT_MS, env: {} },
        );
        const tcp = report.checks.find((r) => r.id === 'dependency@model-db.contoso.example:443/tcp')!;
        assert.equal(tcp.code, c.code, tcp.message);
        assert.ok(performance.now() - started <= TIMEOUT_MS + SLACK_MS, `${Math.round(performance.now() - started)} ms`);
      } finally {
        await proxy.close();
      }
    });
  }
});
