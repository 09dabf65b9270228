// HTTP: one real request, sent where DNS said (or through the proxy), and a
// verdict on *who* answered: the service, Azure Firewall's deny page, a
// proxy's error page, or something else entirely.

import net from 'node:net';
import { TLSSocket, checkServerIdentity } from 'node:tls';
import { Agent, Pool, ProxyAgent, buildConnector, request, type Dispatcher } from 'undici';
import type { ProbeOutcome } from '../types.ts';
import type { FailureCode } from './codes.ts';
import { errorCode, errorMessage, withDeadline } from './deadline.ts';
import { describeProxy } from './proxy.ts';
import { describeName, handshakeFailureText, tlsCodeForError, trustedContext } from './tls.ts';

export interface HttpProbeOptions {
  url: URL;
  /** Where to connect when there is no proxy (the DNS probe's answer); the Host header and SNI stay the URL's host. */
  address: string;
  /** The port to connect to when it differs from the URL's (curl's --connect-to); Host and SNI keep the URL's. */
  port?: number;
  timeoutMs: number;
  signal?: AbortSignal;
  proxy?: URL;
  /** Extra PEM certificates trusted on top of the default roots. */
  ca?: string[];
  /** Statuses the real service answers with; empty or undefined = any. */
  expectStatus?: number[];
  /** A header the real service sends: "name" or "name: text it contains". */
  expectHeader?: string;
}

const BODY_READ_LIMIT = 4096;
const BODY_SNIPPET_CHARS = 300;
const EVIDENCE_HEADERS = ['server', 'content-type', 'x-ms-request-id', 'docker-distribution-api-version', 'www-authenticate', 'via', 'x-squid-error'];
const FIREWALL_DENY = /Action:\s*Deny/i;

/** What we learnt along the way, so a timeout can say which step never finished. */
interface Progress {
  proxyConnected: boolean;
  connectReply?: { status: number; headers: Record<string, string> };
  tcpConnected: boolean;
  tlsDone: boolean;
  peerIssuer?: string;
  response?: { status: number; statusText: string; headers: Record<string, string>; body: string };
}

export async function probeHttp(opts: HttpProbeOptions): Promise<ProbeOutcome> {
  const progress: Progress = { proxyConnected: false, tcpConnected: false, tlsDone: false };
  const shown = `${opts.url.origin}${opts.url.pathname}`;
  const evidence: Record<string, unknown> = { url: shown };
  if (opts.proxy) evidence.via = describeProxy(opts.proxy);
  else evidence.address = opts.address;
  const started = performance.now();
  const elapsed = (): number => Math.round(performance.now() - started);

  let dispatcher: Dispatcher | undefined;
  let outcome: ProbeOutcome;
  try {
    dispatcher = opts.proxy ? proxyDispatcher(opts, opts.proxy, progress) : directDispatcher(opts, progress);
    const via = dispatcher;
    outcome = await withDeadline(
      opts,
      async (deadline) => {
        let response: Dispatcher.ResponseData;
        try {
          response = await request(opts.url, {
            method: 'GET',
            dispatcher: via,
            signal: deadline.signal,
            headers: { 'user-agent': 'aml-preflight', accept: '*/*' },
            headersTimeout: opts.timeoutMs,
            bodyTimeout: opts.timeoutMs,
          });
        } catch (err) {
          return failedRequest(err, opts, progress, shown, evidence, elapsed());
        }
        const headers = flattenHeaders(response.headers);
        progress.response = { status: response.statusCode, statusText: response.statusText ?? '', headers, body: '' };
        await readBody(response.body, progress.response);
        return judgeResponse(opts, progress.response, shown, evidence, elapsed());
      },
      (why) => {
        // Headers arrived but the body was slow: judge what we have.
        if (progress.response) return judgeResponse(opts, progress.response, shown, evidence, elapsed());
        return timedOut(why, opts, progress, shown, evidence, elapsed());
      },
    );
  } catch (err) {
    outcome = fail('HTTP_UNEXPECTED_STATUS', `HTTP probe of ${shown} failed unexpectedly: ${errorMessage(err)}`, { ...evidence, durationMs: elapsed() });
  } finally {
    // destroy, not close: close would wait for a request the deadline abandoned.
    void dispatcher?.destroy().catch(() => {});
  }
  return redact(outcome, secretsOf(opts));
}

// ---------------------------------------------------------------------------
// Dispatchers: one per call, destroyed afterwards.

function directDispatcher(opts: HttpProbeOptions, progress: Progress): Dispatcher {
  const realName = opts.url.hostname.replace(/^\[(.*)\]$/, '$1');
  // We verify the certificate ourselves (below) so a failure can name its issuer.
  const base = buildConnector({ secureContext: trustedContext(opts.ca), allowH2: false, timeout: opts.timeoutMs, rejectUnauthorized: false });
  const connect: buildConnector.connector = (options, callback) => {
    // Connect to the resolved address; SNI and certificate checks stay on the real name.
    const socket = base(
      { ...options, hostname: opts.address, host: opts.address, port: opts.port === undefined ? options.port : String(opts.port), servername: net.isIP(realName) ? undefined : realName },
      (err, connected) => {
        if (err || !connected) {
          callback(err ?? new Error('connection failed'), null);
          return;
        }
        const rejection = connected instanceof TLSSocket ? verify(connected, realName, progress) : undefined;
        if (rejection) {
          connected.destroy();
          callback(rejection, null);
          return;
        }
        progress.tlsDone = true;
        callback(null, connected);
      },
    ) as unknown as net.Socket | undefined;
    socket?.once('connect', () => (progress.tcpConnected = true));
    return socket as never;
  };
  return new Agent({ connect, allowH2: false, connections: 1 });
}

/** The check rejectUnauthorized would make, keeping the issuer for the message. */
function verify(socket: TLSSocket, name: string, progress: Progress): Error | undefined {
  const cert = socket.getPeerCertificate();
  const reason = socket.authorized ? (checkServerIdentity(name, cert) ? 'ERR_TLS_CERT_ALTNAME_INVALID' : undefined) : String(socket.authorizationError);
  if (!reason) return undefined;
  progress.peerIssuer = describeName(cert.issuer) || undefined;
  return Object.assign(new Error(`certificate rejected: ${reason}`), { code: reason });
}

function proxyDispatcher(opts: HttpProbeOptions, proxy: URL, progress: Progress): Dispatcher {
  const realName = opts.url.hostname.replace(/^\[(.*)\]$/, '$1');
  const secureContext = trustedContext(opts.ca);
  return new ProxyAgent({
    // Credentials in the proxy URL become Proxy-Authorization inside undici.
    uri: proxy.href,
    allowH2: false,
    connectTimeout: opts.timeoutMs,
    requestTls: { secureContext, allowH2: false, ...(net.isIP(realName) ? {} : { servername: realName }) },
    proxyTls: { secureContext },
    // The client that talks to the proxy: watch it connect and keep its CONNECT reply,
    // which undici would otherwise reduce to "Proxy response (403) !== 200".
    clientFactory: (origin, options) => {
      const proxyConnect = (options as { connect: buildConnector.connector }).connect;
      const pool = new Pool(origin, {
        ...options,
        connect: (connectOptions, callback) =>
          proxyConnect(connectOptions, (err, socket) => {
            if (socket) progress.proxyConnected = true;
            callback(err as Error, socket as never);
          }),
      });
      const connectThrough = pool.connect.bind(pool) as (params: Dispatcher.ConnectOptions) => Promise<Dispatcher.ConnectData>;
      pool.connect = (async (params: Dispatcher.ConnectOptions) => {
        const data = await connectThrough(params);
        progress.connectReply = { status: data.statusCode, headers: flattenHeaders(data.headers) };
        return data;
      }) as typeof pool.connect;
      return pool;
    },
  });
}

// ---------------------------------------------------------------------------
// Verdicts.

function judgeResponse(opts: HttpProbeOptions, response: NonNullable<Progress['response']>, shown: string, base: Record<string, unknown>, durationMs: number): ProbeOutcome {
  const { status, headers, body } = response;
  const statusText = `${status}${response.statusText ? ` ${response.statusText}` : ''}`;
  const evidence: Record<string, unknown> = { ...base, status, headers: pickHeaders(headers), durationMs };
  const failed = (code: FailureCode, message: string): ProbeOutcome => fail(code, message, { ...evidence, bodySnippet: body.slice(0, BODY_SNIPPET_CHARS) });

  const deny = FIREWALL_DENY.exec(body);
  if (status === 470 || deny) {
    const reason = deny ? body.slice(deny.index).split(/[\r\n<]/)[0]!.trim().slice(0, 200) : `status ${status}`;
    return failed('FIREWALL_DENIED', `Azure Firewall denied GET ${shown}: "${reason}" (no application rule allows this FQDN from here)`);
  }
  const squid = headers['x-squid-error'];
  if (squid || status === 407 || (status === 403 && /squid/i.test(headers.server ?? ''))) {
    const who = opts.proxy ? `proxy ${describeProxy(opts.proxy)}` : 'a transparent proxy in the path';
    return failed('PROXY_DENIED', `${who} refused GET ${shown} with ${statusText}${squid ? ` (X-Squid-Error: ${squid})` : ''}: allow this host in the proxy's policy`);
  }
  if (opts.expectStatus?.length && !opts.expectStatus.includes(status)) {
    return failed(
      'HTTP_UNEXPECTED_STATUS',
      `${shown} answered ${statusText}, expected ${opts.expectStatus.join(' or ')}: something other than the real service answered (a captive portal, a proxy page or the wrong backend)`,
    );
  }
  if (opts.expectHeader && !hasExpectedHeader(headers, opts.expectHeader)) {
    return failed(
      'HTTP_UNEXPECTED_STATUS',
      `${shown} answered ${statusText} without the header "${opts.expectHeader}" the real service sends: something else answered`,
    );
  }
  return { status: 'pass', message: `${shown} answered ${statusText} in ${durationMs} ms${opts.proxy ? ` through proxy ${describeProxy(opts.proxy)}` : ''}`, evidence };
}

function failedRequest(err: unknown, opts: HttpProbeOptions, progress: Progress, shown: string, base: Record<string, unknown>, durationMs: number): ProbeOutcome {
  const code = errorCode(err);
  const text = errorMessage(err);
  const evidence = { ...base, error: code ?? text, durationMs };
  const proxy = opts.proxy ? describeProxy(opts.proxy) : '';
  const target = `${opts.url.hostname}:${portOf(opts.url)}`;

  // The proxy answered CONNECT with something other than 200.
  const refused = progress.connectReply && progress.connectReply.status !== 200 ? progress.connectReply : undefined;
  const statusInText = /Proxy response \((\d{3})\)/.exec(text);
  if (opts.proxy && (refused || statusInText)) {
    const status = refused?.status ?? Number(statusInText![1]);
    const headers = refused?.headers ?? {};
    const squid = headers['x-squid-error'];
    const withEvidence = { ...evidence, proxyStatus: status, proxyHeaders: pickHeaders(headers) };
    if (status === 470) return fail('FIREWALL_DENIED', `Azure Firewall ${proxy} denied CONNECT ${target} (470)`, withEvidence);
    const why = status === 407 ? 'it requires authentication (check the credentials in the proxy URL)' : 'allow this host in its policy';
    return fail('PROXY_DENIED', `proxy ${proxy} answered ${status} to CONNECT ${target}${squid ? ` (X-Squid-Error: ${squid})` : ''}: ${why}`, withEvidence);
  }
  if (opts.proxy && /Proxy Authentication Required/i.test(text)) {
    return fail('PROXY_DENIED', `proxy ${proxy} answered 407 to GET ${shown}: it requires authentication (check the credentials in the proxy URL)`, evidence);
  }
  if (opts.proxy && !progress.proxyConnected && !progress.connectReply && isConnectFailure(code)) {
    return fail('PROXY_UNREACHABLE', `could not connect to proxy ${proxy}: ${code} (check HTTPS_PROXY and that this machine may reach the proxy)`, evidence);
  }

  const tlsCode = tlsCodeForError(code);
  if (tlsCode) {
    const issuer = progress.peerIssuer ? ` issued by "${progress.peerIssuer}"` : '';
    const hint =
      tlsCode === 'TLS_UNTRUSTED'
        ? 'which this machine does not trust: the sign of a TLS-inspecting firewall or proxy'
        : tlsCode === 'TLS_EXPIRED'
          ? 'which is expired or not yet valid'
          : `which is not valid for ${opts.url.hostname}: something else answers at this address`;
    return fail(tlsCode, `${target} presented a certificate${issuer} ${hint} (${code})`, evidence);
  }

  const where = opts.proxy ? `${target} through proxy ${proxy}` : directTarget(opts);
  if (code === 'ECONNREFUSED') return fail('TCP_REFUSED', `connection to ${where} was refused (RST to the SYN: nothing listens, or a firewall rejects it)`, evidence);
  if (code === 'UND_ERR_CONNECT_TIMEOUT') return fail('TCP_TIMEOUT', `connection to ${where} timed out (no SYN-ACK: packets dropped, a blackhole or firewall drop rule)`, evidence);
  if (code === 'UND_ERR_HEADERS_TIMEOUT') return fail('HTTP_TIMEOUT', `${shown} sent no response headers within ${opts.timeoutMs} ms`, evidence);
  if (code && ['EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL', 'EACCES', 'EPERM'].includes(code)) {
    return fail('TCP_UNREACHABLE', `connection to ${where} failed with ${code} (no route, or a firewall answered unreachable)`, evidence);
  }
  if (code?.startsWith('HPE_') || (err instanceof Error && err.name === 'HTTPParserError')) {
    const received = String((err as { data?: unknown }).data ?? '').slice(0, BODY_SNIPPET_CHARS);
    return fail('HTTP_UNEXPECTED_STATUS', `${where} answered with something that is not HTTP: something other than the real service answered`, { ...evidence, bodySnippet: received });
  }
  const handshaking = opts.url.protocol === 'https:' && !progress.tlsDone && !opts.proxy;
  if (handshaking || code?.startsWith('ERR_SSL_') || code?.startsWith('ERR_TLS_')) {
    return fail('TLS_HANDSHAKE_FAILED', `TLS handshake with ${where} failed: ${handshakeFailureText(code, err instanceof Error ? err : new Error(text))}`, evidence);
  }
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || code === 'UND_ERR_PRX_CONN') {
    return fail('TCP_RESET', `${where} closed or reset the connection instead of answering GET ${shown} (a firewall or proxy cutting the request)`, evidence);
  }
  return fail('HTTP_UNEXPECTED_STATUS', `GET ${shown} via ${where} failed: ${text}`, evidence);
}

function timedOut(why: 'timeout' | 'aborted', opts: HttpProbeOptions, progress: Progress, shown: string, base: Record<string, unknown>, durationMs: number): ProbeOutcome {
  const evidence = { ...base, durationMs };
  const after = why === 'aborted' ? `was cancelled after ${durationMs} ms` : `timed out after ${durationMs} ms`;
  const tunnelled = opts.proxy && opts.url.protocol === 'https:';
  if (tunnelled && !progress.proxyConnected) {
    return fail('PROXY_UNREACHABLE', `connection to proxy ${describeProxy(opts.proxy!)} ${after} (no SYN-ACK from the proxy)`, evidence);
  }
  if (tunnelled && !progress.connectReply) {
    return fail('TCP_TIMEOUT', `proxy ${describeProxy(opts.proxy!)} did not answer CONNECT ${opts.url.hostname}:${portOf(opts.url)}: the request ${after} (the proxy is probably still trying to reach the target)`, evidence);
  }
  if (!opts.proxy && !progress.tcpConnected) {
    return fail('TCP_TIMEOUT', `connection to ${directTarget(opts)} ${after} (no SYN-ACK: packets dropped, a blackhole or firewall drop rule)`, evidence);
  }
  if (!opts.proxy && opts.url.protocol === 'https:' && !progress.tlsDone) {
    return fail('TLS_HANDSHAKE_TIMEOUT', `TLS handshake with ${directTarget(opts)} ${after} (TCP connected, but no answer to the ClientHello)`, evidence);
  }
  return fail('HTTP_TIMEOUT', `GET ${shown} ${after} without response headers (connected${opts.proxy ? ` through proxy ${describeProxy(opts.proxy)}` : ''}, but nothing answered: a proxy or firewall holding the request, or a hung service)`, evidence);
}

// ---------------------------------------------------------------------------
// Helpers.

/** Read at most BODY_READ_LIMIT bytes into `into.body`, then drop the rest of the stream. */
async function readBody(body: Dispatcher.ResponseData['body'], into: { body: string }): Promise<void> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of body) {
      chunks.push(Buffer.from(chunk as Uint8Array));
      size += (chunk as Uint8Array).length;
      into.body = Buffer.concat(chunks).subarray(0, BODY_READ_LIMIT).toString('utf8');
      if (size >= BODY_READ_LIMIT) break;
    }
  } catch {
    // A body cut short still tells us who answered.
  } finally {
    body.destroy();
  }
}

function hasExpectedHeader(headers: Record<string, string>, expected: string): boolean {
  const colon = expected.indexOf(':');
  const name = (colon === -1 ? expected : expected.slice(0, colon)).trim().toLowerCase();
  const value = headers[name];
  if (value === undefined) return false;
  return colon === -1 || value.toLowerCase().includes(expected.slice(colon + 1).trim().toLowerCase());
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}

function pickHeaders(headers: Record<string, string>): Record<string, string> {
  const picked: Record<string, string> = {};
  for (const name of EVIDENCE_HEADERS) if (headers[name] !== undefined) picked[name] = headers[name];
  return picked;
}

function portOf(url: URL): number {
  return url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
}

/** "name (address:port)": the name asked for and where we actually connected. */
function directTarget(opts: HttpProbeOptions): string {
  const address = net.isIPv6(opts.address) ? `[${opts.address}]` : opts.address;
  return `${opts.url.hostname} (${address}:${opts.port ?? portOf(opts.url)})`;
}

function isConnectFailure(code: string | undefined): boolean {
  return ['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_SOCKET', 'UND_ERR_PRX_CONN'].includes(code ?? '');
}

function fail(code: FailureCode, message: string, evidence: Record<string, unknown>): ProbeOutcome {
  return { status: 'fail', code, message, evidence };
}

/** Query strings (SAS tokens) and passwords that must never reach a report. */
function secretsOf(opts: HttpProbeOptions): string[] {
  // The whole query, and each longer value on its own (a server may echo just the signature).
  const values = [...opts.url.searchParams.values()].filter((v) => v.length >= 6);
  const secrets = [opts.url.search.slice(1), ...values, ...values.map(encodeURIComponent), opts.url.password, opts.proxy?.password ?? ''];
  const decoded = secrets.map((s) => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  });
  return [...new Set([...secrets, ...decoded])].filter((s) => s.length > 0).sort((a, b) => b.length - a.length);
}

function redact<T>(value: T, secrets: string[]): T {
  if (secrets.length === 0) return value;
  if (typeof value === 'string') return secrets.reduce((text, secret) => text.split(secret).join('***'), value as string) as T;
  if (Array.isArray(value)) return value.map((item) => redact(item, secrets)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, redact(item, secrets)])) as T;
  }
  return value;
}
