import assert from 'node:assert/strict';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import type tls from 'node:tls';
import { after, before, describe, it } from 'node:test';
import { probeHttp } from '../../src/probes/http.ts';
import { createCa, type IssuedCert, type LabCa } from '../../src/lab/ca.ts';
import { closedPort, listenOnLoopback } from '../helpers/loopback-server.ts';
import { SQUID_403, startProxy } from './fake-proxy.ts';

const HOST = 'myacr.azurecr.io';
const cleanups: (() => unknown)[] = [];
after(() => Promise.all(cleanups.map((cleanup) => cleanup())));

let ca: LabCa;
let leaf: IssuedCert;
before(async () => {
  ca = await createCa('Test Root CA', 'Preflight Tests');
  leaf = await ca.issue([HOST]);
});

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

async function serve(server: net.Server): Promise<number> {
  const listening = await listenOnLoopback(server);
  cleanups.push(listening.close);
  return listening.port;
}

const httpServer = (handler: Handler) => serve(http.createServer(handler));
const httpsServer = (handler: Handler, cert = leaf) => serve(https.createServer({ key: cert.keyPem, cert: cert.certPem }, handler));

// What a registry answers on /v2/ without credentials.
const registry: Handler = (_req, res) => {
  res.writeHead(401, {
    'docker-distribution-api-version': 'registry/2.0',
    'www-authenticate': `Bearer realm="https://${HOST}/oauth2/token"`,
  });
  res.end('{"errors":[{"code":"UNAUTHORIZED"}]}');
};
const expectRegistry = { proof: { path: '/v2/', expectStatus: [401], expectHeader: 'docker-distribution-api-version' } };

describe('probeHttp: direct', () => {
  it('passes when the real service answers, connecting to the address with the real Host and SNI', async () => {
    let seen: { host?: string; servername?: string } = {};
    const port = await httpsServer((req, res) => {
      seen = { host: req.headers.host, servername: (req.socket as tls.TLSSocket).servername || undefined };
      registry(req, res);
    });
    const out = await probeHttp({
      url: new URL(`https://${HOST}:${port}/v2/`),
      address: '127.0.0.1',
      timeoutMs: 1000,
      ca: [ca.certPem],
      ...expectRegistry,
    });
    assert.equal(out.status, 'pass', out.message);
    assert.deepEqual(seen, { host: `${HOST}:${port}`, servername: HOST });
    assert.equal(out.evidence.status, 401);
    assert.deepEqual(out.evidence.headers, {
      'docker-distribution-api-version': 'registry/2.0',
      'www-authenticate': `Bearer realm="https://${HOST}/oauth2/token"`,
    });
    assert.equal(out.evidence.bodySnippet, undefined);
  });

  it('reports FIREWALL_DENIED for Azure Firewall\'s 470 "Action: Deny"', async () => {
    const port = await httpServer((_req, res) => {
      res.writeHead(470, { 'content-type': 'text/plain' });
      res.end(
        'HTTP request from 10.0.0.4:41000 to myacr.azurecr.io:80. Action: Deny. Reason: No rule matched. Proceeding with default action.',
      );
    });
    const out = await probeHttp({ url: new URL(`http://${HOST}:${port}/v2/`), address: '127.0.0.1', timeoutMs: 1000, ...expectRegistry });
    assert.equal(out.code, 'FIREWALL_DENIED');
    assert.match(out.message, /Action: Deny\. Reason: No rule matched/);
    assert.match(String(out.evidence.bodySnippet), /Action: Deny/);
  });

  it('reports HTTP_UNEXPECTED_STATUS with got vs expected, without leaking the query string', async () => {
    const port = await httpServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html', server: 'captive-portal' });
      res.end('<html>Please log in to continue</html>');
    });
    const url = new URL(`http://${HOST}:${port}/v2/?sv=2024&sig=SUPERSECRETSIG%3D`);
    const out = await probeHttp({ url, address: '127.0.0.1', timeoutMs: 1000, ...expectRegistry });
    assert.equal(out.code, 'HTTP_UNEXPECTED_STATUS');
    assert.match(out.message, /answered 200 OK, expected 401/);
    assert.match(String(out.evidence.bodySnippet), /Please log in/);
    assert.doesNotMatch(JSON.stringify(out), /SUPERSECRETSIG|sig=/);
  });

  it('reports HTTP_UNEXPECTED_STATUS when the expected header is missing', async () => {
    const port = await httpServer((_req, res) => {
      res.writeHead(401);
      res.end();
    });
    const out = await probeHttp({ url: new URL(`http://${HOST}:${port}/v2/`), address: '127.0.0.1', timeoutMs: 1000, ...expectRegistry });
    assert.equal(out.code, 'HTTP_UNEXPECTED_STATUS');
    assert.match(out.message, /docker-distribution-api-version/);
  });

  it('accepts any status when none is expected', async () => {
    const port = await httpServer((_req, res) => {
      res.writeHead(404);
      res.end();
    });
    const out = await probeHttp({ url: new URL(`http://${HOST}:${port}/`), address: '127.0.0.1', timeoutMs: 1000 });
    assert.equal(out.status, 'pass');
  });

  it('reports HTTP_TIMEOUT when headers do not arrive before the deadline', async () => {
    const port = await httpServer(() => {}); // never answers
    const started = performance.now();
    const out = await probeHttp({ url: new URL(`http://${HOST}:${port}/v2/`), address: '127.0.0.1', timeoutMs: 300 });
    assert.equal(out.code, 'HTTP_TIMEOUT');
    // Ended by the 300 ms deadline, not by the silent server (which never answers): the bound leaves room for
    // loaded cores, since how fast is the benchmark's question.
    assert.ok(performance.now() - started < 2000);
  });

  it('reports TCP_REFUSED when nothing listens', async () => {
    const out = await probeHttp({ url: new URL(`http://${HOST}:${await closedPort()}/`), address: '127.0.0.1', timeoutMs: 1000 });
    assert.equal(out.code, 'TCP_REFUSED');
  });

  it('reports TLS_UNTRUSTED with the issuer when an inspecting CA signed the certificate', async () => {
    const inspector = await createCa('Contoso Firewall Inspection CA', 'Preflight Tests');
    const port = await httpsServer(registry, await inspector.issue([HOST]));
    const out = await probeHttp({ url: new URL(`https://${HOST}:${port}/v2/`), address: '127.0.0.1', timeoutMs: 1000, ca: [ca.certPem] });
    assert.equal(out.code, 'TLS_UNTRUSTED');
    assert.match(out.message, /Contoso Firewall Inspection CA/);
  });

  it('reports HTTP_UNEXPECTED_STATUS when the port does not speak HTTP', async () => {
    const port = await serve(net.createServer((s) => s.end('SSH-2.0-OpenSSH_9.6\r\n')));
    const out = await probeHttp({ url: new URL(`http://${HOST}:${port}/`), address: '127.0.0.1', timeoutMs: 1000 });
    assert.equal(out.code, 'HTTP_UNEXPECTED_STATUS');
    assert.match(out.message, /not HTTP/);
  });
});

describe('probeHttp: through a proxy', () => {
  it('passes through a CONNECT tunnel, with the proxy in evidence and no password', async () => {
    const port = await httpsServer(registry);
    const proxy = await startProxy(() => ({ tunnelTo: port }));
    cleanups.push(proxy.close);
    const out = await probeHttp({
      url: new URL(`https://${HOST}/v2/`),
      address: HOST,
      timeoutMs: 1000,
      ca: [ca.certPem],
      proxy: proxy.url('alice:s3cret'),
      ...expectRegistry,
    });
    assert.equal(out.status, 'pass', out.message);
    assert.equal(proxy.requests[0]!.line, `CONNECT ${HOST}:443 HTTP/1.1`);
    assert.equal(proxy.requests[0]!.headers['proxy-authorization'], `Basic ${Buffer.from('alice:s3cret').toString('base64')}`);
    assert.equal(out.evidence.via, `127.0.0.1:${proxy.port}`);
    assert.doesNotMatch(JSON.stringify(out), /s3cret/);
  });

  it("reports PROXY_DENIED with squid's headers when CONNECT is refused", async () => {
    const proxy = await startProxy(() => ({ raw: SQUID_403 }));
    cleanups.push(proxy.close);
    const out = await probeHttp({ url: new URL(`https://${HOST}/v2/`), address: HOST, timeoutMs: 1000, proxy: proxy.url('alice:s3cret') });
    assert.equal(out.code, 'PROXY_DENIED');
    assert.match(out.message, /403/);
    assert.partialDeepStrictEqual(out.evidence.proxyHeaders, { server: 'squid/5.7', 'x-squid-error': 'ERR_ACCESS_DENIED 0' });
    assert.doesNotMatch(JSON.stringify(out), /s3cret/);
  });

  it('reports PROXY_DENIED for 407 on CONNECT', async () => {
    const proxy = await startProxy(() => ({
      raw: 'HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="corp"\r\nContent-Length: 0\r\n\r\n',
    }));
    cleanups.push(proxy.close);
    const out = await probeHttp({ url: new URL(`https://${HOST}/v2/`), address: HOST, timeoutMs: 1000, proxy: proxy.url() });
    assert.equal(out.code, 'PROXY_DENIED');
    assert.match(out.message, /authentication/);
  });

  it("reports PROXY_DENIED for squid's error page on a forwarded plain-HTTP request", async () => {
    const proxy = await startProxy(() => ({ raw: SQUID_403 }));
    cleanups.push(proxy.close);
    const out = await probeHttp({ url: new URL(`http://${HOST}/v2/`), address: HOST, timeoutMs: 1000, proxy: proxy.url() });
    assert.equal(out.code, 'PROXY_DENIED');
    assert.match(proxy.requests[0]!.line, /^GET http:\/\/myacr\.azurecr\.io\/v2\/ HTTP\/1\.1$/);
  });

  it('reports PROXY_UNREACHABLE when the proxy port is closed', async () => {
    const out = await probeHttp({
      url: new URL(`https://${HOST}/v2/`),
      address: HOST,
      timeoutMs: 1000,
      proxy: new URL(`http://127.0.0.1:${await closedPort()}`),
    });
    assert.equal(out.code, 'PROXY_UNREACHABLE');
  });

  it('reports TCP_TIMEOUT when the proxy never answers CONNECT', async () => {
    const proxy = await startProxy(() => 'silent');
    cleanups.push(proxy.close);
    const out = await probeHttp({ url: new URL(`https://${HOST}/v2/`), address: HOST, timeoutMs: 300, proxy: proxy.url() });
    assert.equal(out.code, 'TCP_TIMEOUT');
  });
});
