// The one way a probe reaches a host: a stream to the address DNS found (or
// one CONNECT tunnel through the proxy, or, for plain HTTP, a connection to
// the proxy that forwards the request), then TLS with SNI and ALPN on that
// same socket, verified by us so a failure can say what was presented. Each
// step returns the socket it made (the caller owns it) or a coded outcome.

import net from 'node:net';
import tls from 'node:tls';
import type { ProbeOutcome } from '../types.ts';
import type { ProbeCode } from '../codes.ts';
import { ipFamily } from '../ip-literal.ts';
import { identityCheck, judgeCertificate } from './certificate.ts';
import { authorityOf, requestTunnel } from './connect-tunnel.ts';
import { errorCode, errorMessage, withDeadline, type Deadline } from './deadline.ts';
import { describeProxy, proxyPort } from './proxy.ts';
import { connectErrorCode, handshakeFailureText, intermediaryVerdict } from './transport-errors.ts';

export interface StreamOptions {
  host: string;
  address: string;
  port: number;
  timeoutMs: number;
  signal?: AbortSignal;
  proxy?: URL;
  /** Plain HTTP through the proxy: connect to the proxy only; it forwards the request and reaches the host itself. */
  forward?: boolean;
}

/** A connected socket the caller now owns (and must destroy), or the coded failure. */
export type StreamResult = { ok: true; socket: net.Socket; evidence: Record<string, unknown> } | { ok: false; outcome: ProbeOutcome };

/** Connect directly to address:port, tunnel to host:port through `proxy`, or (forward) connect to the proxy. */
export async function openStream(opts: StreamOptions): Promise<StreamResult> {
  const baseEvidence: Record<string, unknown> = { address: opts.address, port: opts.port };
  if (opts.proxy) baseEvidence.via = describeProxy(opts.proxy);
  const state: ConnectState = { connected: false, socket: undefined };

  const failure = (code: ProbeCode, message: string, extra: Record<string, unknown> = {}, elapsed = 0): StreamResult => ({
    ok: false,
    outcome: {
      status: 'fail',
      code,
      message,
      evidence: { ...baseEvidence, localAddress: state.socket?.localAddress, durationMs: elapsed, ...extra },
    },
  });

  try {
    return await withDeadline(
      opts,
      async (deadline) => {
        const result = opts.proxy ? await connectViaProxy(opts, opts.proxy, deadline, state) : await connectDirect(opts, deadline, state);
        if ('code' in result) return failure(result.code, result.message, result.evidence, deadline.elapsedMs());
        return {
          ok: true as const,
          socket: result.socket,
          evidence: { ...baseEvidence, localAddress: result.socket.localAddress, durationMs: deadline.elapsedMs() },
        };
      },
      (why, deadline) => {
        const ms = deadline.elapsedMs();
        const cause = why === 'aborted' ? `was cancelled after ${ms} ms` : `timed out after ${ms} ms`;
        if (opts.proxy && !state.connected) {
          return failure(
            'PROXY_UNREACHABLE',
            `connection to proxy ${describeProxy(opts.proxy)} ${cause} (no SYN-ACK from the proxy)`,
            {},
            ms,
          );
        }
        if (opts.proxy) {
          return failure(
            'TCP_TIMEOUT',
            `proxy ${describeProxy(opts.proxy)} accepted the connection but held CONNECT ${authorityOf(opts.host, opts.port)} without an answer until the probe ${cause}: the proxy is still trying to reach the target, or holds requests it will not serve (its access log says which)`,
            { proxyHeld: true },
            ms,
          );
        }
        return failure(
          'TCP_TIMEOUT',
          `connection to ${targetText(opts)} ${cause} (no SYN-ACK: packets dropped, a blackhole or firewall drop rule)`,
          {},
          ms,
        );
      },
    );
  } catch (err) {
    return failure('TCP_UNREACHABLE', `could not open a connection to ${targetText(opts)}: ${errorMessage(err)}`);
  }
}

type ConnectResult = { socket: net.Socket } | { code: ProbeCode; message: string; evidence?: Record<string, unknown> };
type ConnectState = { connected: boolean; socket: net.Socket | undefined };

async function connectDirect(opts: StreamOptions, deadline: Deadline, state: ConnectState): Promise<ConnectResult> {
  const family = net.isIP(opts.address);
  if (family === 0) {
    // Resolving here would bypass the DNS probe and its evidence.
    return {
      code: 'TCP_UNREACHABLE',
      message: `"${opts.address}" is not an IP address: the TCP probe only connects to addresses the DNS probe resolved`,
    };
  }
  // noDelay: a probe writes small messages and waits for the answer, Nagle would only delay them.
  const socket = net.connect({ host: opts.address, port: opts.port, family, noDelay: true });
  state.socket = socket;
  const forget = deadline.onCleanup(() => socket.destroy());
  const err = await connected(socket, 'connect');
  if (err) {
    socket.destroy();
    return connectErrorCode(err, `connection to ${targetText(opts)}`);
  }
  state.connected = true;
  forget();
  return { socket };
}

async function connectViaProxy(opts: StreamOptions, proxy: URL, deadline: Deadline, state: ConnectState): Promise<ConnectResult> {
  const proxyHost = proxy.hostname.replace(/^\[(.*)\]$/, '$1');
  const port = proxyPort(proxy);
  const socket: net.Socket =
    proxy.protocol === 'https:'
      ? tls.connect({ host: proxyHost, port, servername: net.isIP(proxyHost) ? undefined : proxyHost })
      : net.connect({ host: proxyHost, port, noDelay: true });
  state.socket = socket;
  const forget = deadline.onCleanup(() => socket.destroy());

  const err = await connected(socket, proxy.protocol === 'https:' ? 'secureConnect' : 'connect');
  if (err) {
    socket.destroy();
    return { ...connectErrorCode(err, `connection to proxy ${describeProxy(proxy)}`), code: 'PROXY_UNREACHABLE' };
  }
  state.connected = true;
  if (opts.forward) {
    forget();
    return { socket };
  }

  const authority = authorityOf(opts.host, opts.port);
  const reply = await requestTunnel(socket, authority, proxy);
  if ('error' in reply) {
    socket.destroy();
    return { code: 'PROXY_DENIED', message: `proxy ${describeProxy(proxy)} ${reply.error} instead of answering CONNECT ${authority}` };
  }
  const evidence = {
    proxyStatus: reply.status,
    proxyHeaders: pickHeaders(reply.headers, ['server', 'x-squid-error', 'via', 'proxy-authenticate']),
  };
  if (reply.status < 200 || reply.status > 299) {
    socket.destroy();
    const verdict = intermediaryVerdict(
      { status: reply.status, statusText: reply.reason, headers: reply.headers, body: reply.body },
      `proxy ${describeProxy(proxy)}`,
      `CONNECT ${authority}`,
      true,
    )!;
    return { ...verdict, evidence };
  }
  forget();
  return { socket };
}

/** Resolves undefined once `event` fires, or with the error that came first. */
function connected(socket: net.Socket, event: 'connect' | 'secureConnect'): Promise<Error | undefined> {
  return new Promise((resolve) => {
    const onOk = (): void => {
      socket.off('error', onError);
      // Keep a listener so a late error on a handed-over socket cannot crash the process.
      socket.on('error', () => {});
      resolve(undefined);
    };
    const onError = (err: Error): void => {
      socket.off(event, onOk);
      socket.on('error', () => {});
      resolve(err);
    };
    socket.once(event, onOk);
    socket.once('error', onError);
  });
}

// After connecting, wait for an immediate RST: middleboxes that accept every
// SYN and then reset are common, and a bare connect misses them. The reset
// answers our ACK one round trip later, so a connection that carries a request
// next waits about one more connect time (at least MIN, at most MAX); a bare
// TCP check has nothing else to learn and waits MAX.
const SETTLE_MAX_MS = 100;
const SETTLE_MIN_MS = 5;

export function settleWindowMs(connectMs: number, carriesRequest: boolean): number {
  return carriesRequest ? Math.min(SETTLE_MAX_MS, Math.max(SETTLE_MIN_MS, 2 * connectMs)) : SETTLE_MAX_MS;
}

/**
 * Wait up to `ms` for the peer to reset a fresh connection; resolves the error code, or undefined.
 * Bytes the peer sends first (a banner) stay in the socket for the next step.
 */
export function watchForReset(socket: net.Socket, ms: number, signal?: AbortSignal): Promise<string | undefined> {
  return new Promise((resolve) => {
    const done = (code: string | undefined): void => {
      clearTimeout(timer);
      socket.off('error', onError);
      socket.off('data', onData);
      socket.pause();
      signal?.removeEventListener('abort', onAbort);
      resolve(code);
    };
    const onError = (err: Error): void => done(errorCode(err) ?? 'ERROR');
    const onAbort = (): void => done(undefined);
    // A peer that speaks is alive: keep what it said for the next step.
    const onData = (chunk: Buffer): void => {
      done(undefined);
      socket.unshift(chunk);
    };
    // setImmediate after the timer: an RST already in the kernel is read (poll phase) before we decide.
    const timer = setTimeout(() => setImmediate(() => done(undefined)), ms);
    socket.on('error', onError);
    socket.on('data', onData);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

// ---------------------------------------------------------------------------
// TLS on the stream: accept any certificate, then judge it ourselves.

export interface TlsOptions {
  host: string;
  address: string;
  port: number;
  timeoutMs: number;
  signal?: AbortSignal;
  /** Extra PEM certificates trusted on top of the default roots. */
  ca?: string[];
  alpn?: string[];
}

export type TlsResult = { ok: true; socket: tls.TLSSocket; outcome: ProbeOutcome } | { ok: false; outcome: ProbeOutcome };

/** Roots to trust: Node's defaults (with NODE_EXTRA_CA_CERTS) plus `extra`; undefined = defaults. */
function trustedRoots(extra?: string[]): string[] | undefined {
  if (!extra?.length) return undefined;
  return [...tls.getCACertificates('default'), ...extra];
}

// A context with extra roots parses every default root again (~8 ms and ~1 MB
// each): one per check made 1,000 dependencies take 1.6 GB. Built once per CA set;
// a run passes the same array to every check, so it is looked up by identity
// before its text is joined and hashed again.
const contexts = new Map<string, tls.SecureContext>();
const contextOf = new WeakMap<string[], tls.SecureContext>();

function trustedContext(extra?: string[]): tls.SecureContext | undefined {
  if (!extra?.length) return undefined;
  const known = contextOf.get(extra);
  if (known) return known;
  const key = extra.join('\n');
  let context = contexts.get(key);
  if (!context) {
    context = tls.createSecureContext({ ca: trustedRoots(extra) });
    contexts.set(key, context);
  }
  contextOf.set(extra, context);
  return context;
}

/** Handshake on `raw` (which the result's socket then wraps); on failure `raw` is destroyed. */
export async function secureStream(raw: net.Socket, opts: TlsOptions): Promise<TlsResult> {
  const started = performance.now();
  const elapsed = (): number => Math.round(performance.now() - started);
  const evidence: Record<string, unknown> = { address: opts.address, port: opts.port, servername: opts.host };
  let socket: tls.TLSSocket | undefined;
  const failed = (outcome: ProbeOutcome): TlsResult => {
    socket?.destroy();
    raw.destroy();
    return { ok: false, outcome };
  };
  try {
    return await withDeadline(
      opts,
      async (deadline) => {
        const forget = [deadline.onCleanup(() => raw.destroy())];
        let checked: tls.DetailedPeerCertificate | undefined;
        socket = tls.connect({
          socket: raw,
          // SNI must be a name; an IP literal is sent without SNI.
          servername: ipFamily(opts.host) ? undefined : opts.host,
          rejectUnauthorized: false,
          secureContext: trustedContext(opts.ca),
          ALPNProtocols: opts.alpn,
          checkServerIdentity: identityCheck(opts.host, (cert) => (checked = cert)),
        });
        const tlsSocket = socket;
        forget.push(deadline.onCleanup(() => tlsSocket.destroy()));
        const failure = await new Promise<Error | undefined>((resolve) => {
          tlsSocket.once('secureConnect', () => resolve(undefined));
          tlsSocket.once('error', resolve);
          tlsSocket.once('close', () => resolve(new Error('connection closed before the handshake finished')));
        });
        tlsSocket.on('error', () => {});
        evidence.durationMs = elapsed();
        if (failure) {
          const code = errorCode(failure);
          evidence.error = code ?? failure.message;
          return failed({
            status: 'fail',
            code: 'TLS_HANDSHAKE_FAILED',
            message: `TLS handshake with ${targetText(opts)} failed: ${handshakeFailureText(code, failure)}`,
            evidence,
          });
        }
        const outcome = judgeCertificate(tlsSocket, opts.host, targetText(opts), evidence, checked);
        // The socket keeps its options (and the closure that set this) until it closes: let the certificate go now.
        checked = undefined;
        if (outcome.status === 'fail') return failed(outcome);
        for (const f of forget) f();
        return { ok: true as const, socket: tlsSocket, outcome };
      },
      (why) =>
        failed({
          status: 'fail',
          code: 'TLS_HANDSHAKE_TIMEOUT',
          message:
            why === 'aborted'
              ? `TLS handshake with ${targetText(opts)} was cancelled after ${elapsed()} ms`
              : `TLS handshake with ${targetText(opts)} did not finish within ${opts.timeoutMs} ms (TCP connected, but no answer to the ClientHello: a firewall holding the connection after reading the SNI, or a service that does not speak TLS)`,
          evidence: { ...evidence, durationMs: elapsed() },
        }),
    );
  } catch (err) {
    return failed({
      status: 'fail',
      code: 'TLS_HANDSHAKE_FAILED',
      message: `TLS probe of ${targetText(opts)} failed unexpectedly: ${errorMessage(err)}`,
      evidence,
    });
  }
}

/** The headers among `names` that a reply carries: what the evidence keeps of it. */
export function pickHeaders(headers: Record<string, string>, names: string[]): Record<string, string> {
  const picked: Record<string, string> = {};
  for (const name of names) if (headers[name] !== undefined) picked[name] = headers[name];
  return picked;
}

/** "name (address:port)": the name asked for and where we actually connected. */
export function targetText(opts: { host: string; address: string; port: number }): string {
  // An IPv6 address is the only kind of address (or host name) with a colon.
  const address = opts.address.includes(':') ? `[${opts.address}]` : opts.address;
  return opts.host && opts.host !== opts.address ? `${opts.host} (${address}:${opts.port})` : `${address}:${opts.port}`;
}
