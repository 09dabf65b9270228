import assert from 'node:assert/strict';
import net from 'node:net';
import { after, describe, it } from 'node:test';
import { probeTcp } from '../../src/probes/tcp.ts';
import { closedPort, listenOnLoopback } from '../helpers/loopback-server.ts';
import { SQUID_403, startProxy } from './fake-proxy.ts';

const cleanups: (() => unknown)[] = [];
after(() => Promise.all(cleanups.map((cleanup) => cleanup())));

async function listen(onConnection: (socket: net.Socket) => void = () => {}): Promise<number> {
  const listening = await listenOnLoopback(net.createServer(onConnection));
  cleanups.push(listening.close);
  return listening.port;
}

const base = { host: 'myacr.azurecr.io', address: '127.0.0.1', timeoutMs: 1000 };

describe('probeTcp: direct', () => {
  it('passes when the port accepts, connecting to the address and never resolving the name', async () => {
    const port = await listen();
    const out = await probeTcp({ ...base, host: 'name-that-does-not-resolve.invalid', port });
    assert.equal(out.status, 'pass', out.message);
    assert.equal(out.evidence.address, '127.0.0.1');
    assert.equal(out.evidence.port, port);
    assert.equal(typeof out.evidence.localAddress, 'string');
    assert.equal(typeof out.evidence.durationMs, 'number');
  });

  it('reports TCP_REFUSED for a closed port', async () => {
    const out = await probeTcp({ ...base, port: await closedPort() });
    assert.equal(out.code, 'TCP_REFUSED');
    assert.match(out.message, /refused/);
  });

  it('reports TCP_RESET when the peer accepts and then resets', async () => {
    const port = await listen((socket) => socket.resetAndDestroy());
    const out = await probeTcp({ ...base, port });
    assert.equal(out.code, 'TCP_RESET');
  });

  it('reports TCP_TIMEOUT when the caller aborts, without waiting for the deadline', async () => {
    const port = await listen();
    const controller = new AbortController();
    controller.abort();
    const out = await probeTcp({ ...base, port, timeoutMs: 5000, signal: controller.signal });
    assert.equal(out.code, 'TCP_TIMEOUT');
    assert.match(out.message, /cancelled/);
  });

  it('refuses to resolve: a name as address is TCP_UNREACHABLE', async () => {
    const out = await probeTcp({ ...base, address: 'myacr.azurecr.io', port: 443 });
    assert.equal(out.code, 'TCP_UNREACHABLE');
  });
});

describe('probeTcp: through a proxy', () => {
  it('opens a CONNECT tunnel by name, with basic auth from the URL and no password in evidence', async () => {
    const target = await listen();
    const proxy = await startProxy(() => ({ tunnelTo: target }));
    cleanups.push(proxy.close);
    const out = await probeTcp({ ...base, port: 443, proxy: proxy.url('alice:s3cret') });
    assert.equal(out.status, 'pass', out.message);
    assert.equal(proxy.requests[0]!.line, 'CONNECT myacr.azurecr.io:443 HTTP/1.1');
    assert.equal(proxy.requests[0]!.headers['proxy-authorization'], `Basic ${Buffer.from('alice:s3cret').toString('base64')}`);
    assert.equal(out.evidence.via, `127.0.0.1:${proxy.port}`);
    assert.doesNotMatch(JSON.stringify(out), /s3cret/);
  });

  it("reports PROXY_DENIED with the proxy's Server and X-Squid-Error headers", async () => {
    const proxy = await startProxy(() => ({ raw: SQUID_403 }));
    cleanups.push(proxy.close);
    const out = await probeTcp({ ...base, port: 443, proxy: proxy.url() });
    assert.equal(out.code, 'PROXY_DENIED');
    assert.match(out.message, /403/);
    assert.deepEqual(out.evidence.proxyHeaders, { server: 'squid/5.7', 'x-squid-error': 'ERR_ACCESS_DENIED 0' });
  });

  it("reports PROXY_UPSTREAM_DNS, not PROXY_DENIED, for squid's ERR_DNS_FAIL", async () => {
    const proxy = await startProxy(() => ({
      raw: 'HTTP/1.1 503 Service Unavailable\r\nServer: squid/5.7\r\nX-Squid-Error: ERR_DNS_FAIL 0\r\nContent-Length: 0\r\n\r\n',
    }));
    cleanups.push(proxy.close);
    const out = await probeTcp({ ...base, port: 443, proxy: proxy.url() });
    assert.equal(out.code, 'PROXY_UPSTREAM_DNS');
    assert.match(out.message, /could not resolve it/);
  });

  it('reports PROXY_DENIED for 407 (authentication required)', async () => {
    const proxy = await startProxy(() => ({
      raw: 'HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="corp"\r\n\r\n',
    }));
    cleanups.push(proxy.close);
    const out = await probeTcp({ ...base, port: 443, proxy: proxy.url() });
    assert.equal(out.code, 'PROXY_DENIED');
    assert.match(out.message, /authentication/);
  });

  it('reports FIREWALL_DENIED when Azure Firewall answers CONNECT with 470', async () => {
    const proxy = await startProxy(() => ({
      raw: 'HTTP/1.1 470 status code 470\r\nContent-Length: 60\r\n\r\nAction: Deny. Reason: No rule matched. Proceeding with default',
    }));
    cleanups.push(proxy.close);
    const out = await probeTcp({ ...base, port: 443, proxy: proxy.url() });
    assert.equal(out.code, 'FIREWALL_DENIED');
  });

  it('reports PROXY_UNREACHABLE when the proxy port is closed', async () => {
    const out = await probeTcp({ ...base, port: 443, proxy: new URL(`http://127.0.0.1:${await closedPort()}`) });
    assert.equal(out.code, 'PROXY_UNREACHABLE');
  });

  it('reports TCP_TIMEOUT when the proxy never answers CONNECT', async () => {
    const proxy = await startProxy(() => 'silent');
    cleanups.push(proxy.close);
    const started = performance.now();
    const out = await probeTcp({ ...base, port: 443, timeoutMs: 200, proxy: proxy.url() });
    assert.equal(out.code, 'TCP_TIMEOUT');
    // The proxy took the connection: it held the request, nothing was dropped.
    assert.match(out.message, /held CONNECT myacr\.azurecr\.io:443/);
    assert.doesNotMatch(out.message, /dropped/);
    assert.ok(performance.now() - started < 400);
  });
});
