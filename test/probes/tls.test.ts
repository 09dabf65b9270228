import assert from 'node:assert/strict';
import net from 'node:net';
import tls from 'node:tls';
import { after, before, describe, it } from 'node:test';
import { probeTls } from '../../src/probes/tls.ts';
import { createCa, type LabCa } from '../../src/lab/ca.ts';
import { closedPort, listenOnLoopback } from '../helpers/loopback-server.ts';
import { SQUID_403, startProxy } from './fake-proxy.ts';

const HOST = 'myacr.azurecr.io';
const cleanups: (() => unknown)[] = [];
after(() => Promise.all(cleanups.map((cleanup) => cleanup())));

let ca: LabCa; // trusted by the probe (passed as `ca`)
let inspector: LabCa; // a TLS-inspecting firewall's CA, not trusted
before(async () => {
  ca = await createCa('Test Root CA', 'Preflight Tests');
  inspector = await createCa('Contoso Firewall Inspection CA', 'Preflight Tests');
});

async function serve(server: net.Server): Promise<number> {
  const listening = await listenOnLoopback(server);
  cleanups.push(listening.close);
  return listening.port;
}

async function tlsServer(issuer: LabCa, opts: { dnsNames?: string[]; notBefore?: Date; notAfter?: Date } = {}): Promise<number> {
  const leaf = await issuer.issue(opts.dnsNames ?? [HOST], { notBefore: opts.notBefore, notAfter: opts.notAfter });
  return serve(tls.createServer({ key: leaf.keyPem, cert: leaf.certPem, ALPNProtocols: ['http/1.1'] }, (s) => s.end()));
}

const probe = (port: number, extra: Partial<Parameters<typeof probeTls>[0]> = {}) =>
  probeTls({ host: HOST, address: '127.0.0.1', port, timeoutMs: 1000, ca: [ca.certPem], alpn: ['h2', 'http/1.1'], ...extra });

describe('probeTls', () => {
  it('passes a trusted certificate for the name, recording what was presented', async () => {
    const out = await probe(await tlsServer(ca));
    assert.equal(out.status, 'pass', out.message);
    assert.equal(out.evidence.subject, `CN=${HOST}`);
    assert.equal(out.evidence.issuer, 'CN=Test Root CA, O=Preflight Tests');
    assert.equal(out.evidence.subjectaltname, `DNS:${HOST}`);
    assert.equal(out.evidence.alpn, 'http/1.1');
    assert.equal(out.evidence.protocol, 'TLSv1.3');
    assert.equal(out.evidence.authorizationError, null);
    assert.match(String(out.evidence.fingerprint256), /^[0-9A-F:]+$/);
    assert.match(String(out.evidence.validTo), /^\d{4}-\d\d-\d\dT/);
    // The leaf the server sent, then the trusted root that vouched for it.
    assert.deepEqual(out.evidence.chain, [`CN=${HOST}`, 'CN=Test Root CA, O=Preflight Tests']);
  });

  it('reports TLS_UNTRUSTED naming the issuer, the sign of TLS inspection', async () => {
    const out = await probe(await tlsServer(inspector));
    assert.equal(out.code, 'TLS_UNTRUSTED');
    assert.match(out.message, /Contoso Firewall Inspection CA/);
    assert.match(out.message, /inspecting/);
    assert.equal(out.evidence.authorizationError, 'UNABLE_TO_VERIFY_LEAF_SIGNATURE');
    // Only what the server sent: no trusted root vouched for it.
    assert.deepEqual(out.evidence.chain, [`CN=${HOST}`]);
  });

  it('shows a control byte in a certificate name as \\XX, on a trusted chain and on one it reads itself', async () => {
    const hostile = await createCa('Evil\x1b[2J CA', 'Preflight Tests');
    const untrusted = await probe(await tlsServer(hostile));
    const trusted = await probe(await tlsServer(hostile), { ca: [hostile.certPem] });
    assert.equal(untrusted.code, 'TLS_UNTRUSTED');
    assert.equal(trusted.status, 'pass', trusted.message);
    for (const out of [untrusted, trusted]) {
      assert.equal(out.evidence.issuer, 'CN=Evil\\1B[2J CA, O=Preflight Tests');
      assert.doesNotMatch(out.message, /\x1b/);
    }
  });

  it('reports TLS_EXPIRED for an expired certificate', async () => {
    const day = 24 * 3600 * 1000;
    // Whole seconds: what a certificate can say.
    const notAfter = new Date(Math.floor((Date.now() - day) / 1000) * 1000);
    const out = await probe(await tlsServer(ca, { notBefore: new Date(Date.now() - 30 * day), notAfter }));
    assert.equal(out.code, 'TLS_EXPIRED');
    assert.match(out.message, /expired/);
    assert.equal(out.evidence.validTo, notAfter.toISOString());
  });

  it('reports TLS_HOSTNAME_MISMATCH for a trusted certificate of another name', async () => {
    const out = await probe(await tlsServer(ca, { dnsNames: ['portal.contoso.example'] }));
    assert.equal(out.code, 'TLS_HOSTNAME_MISMATCH');
    assert.match(out.message, /portal\.contoso\.example/);
  });

  it('reports TLS_HANDSHAKE_FAILED when the port answers something that is not TLS', async () => {
    const port = await serve(net.createServer((s) => s.end('SSH-2.0-OpenSSH_9.6\r\n')));
    const out = await probe(port);
    assert.equal(out.code, 'TLS_HANDSHAKE_FAILED');
  });

  it('reports TLS_HANDSHAKE_FAILED when the peer resets during the handshake', async () => {
    const port = await serve(net.createServer((s) => s.once('data', () => s.resetAndDestroy())));
    const out = await probe(port);
    assert.equal(out.code, 'TLS_HANDSHAKE_FAILED');
    assert.match(out.message, /reset/);
  });

  it('reports TLS_HANDSHAKE_TIMEOUT when TCP connects but nothing answers the ClientHello', async () => {
    const port = await serve(net.createServer(() => {}));
    const started = performance.now();
    const out = await probe(port, { timeoutMs: 250 });
    assert.equal(out.code, 'TLS_HANDSHAKE_TIMEOUT');
    assert.ok(performance.now() - started < 400);
  });

  it('keeps the TCP code when it cannot even connect', async () => {
    const out = await probe(await closedPort());
    assert.equal(out.code, 'TCP_REFUSED');
  });

  it('handshakes through a CONNECT proxy with the real SNI', async () => {
    const port = await tlsServer(ca);
    const proxy = await startProxy(() => ({ tunnelTo: port }));
    cleanups.push(proxy.close);
    const out = await probe(443, { address: HOST, proxy: proxy.url() });
    assert.equal(out.status, 'pass', out.message);
    assert.equal(proxy.requests[0]!.line, `CONNECT ${HOST}:443 HTTP/1.1`);
  });

  it('keeps PROXY_DENIED when the proxy refuses the tunnel', async () => {
    const proxy = await startProxy(() => ({ raw: SQUID_403 }));
    cleanups.push(proxy.close);
    const out = await probe(443, { proxy: proxy.url() });
    assert.equal(out.code, 'PROXY_DENIED');
  });
});
