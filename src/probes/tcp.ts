// TCP reachability: connect to the address DNS gave (never the name), or
// through an HTTP proxy with CONNECT, exactly as the real clients would.

import net from 'node:net';
import tls from 'node:tls';
import type { ProbeOutcome } from '../types.ts';
import type { FailureCode } from './codes.ts';
import { errorCode, errorMessage, withDeadline, type Deadline } from './deadline.ts';
import { describeProxy, proxyPort } from './proxy.ts';

export interface StreamOptions {
  host: string;
  address: string;
  port: number;
  timeoutMs: number;
  signal?: AbortSignal;
  proxy?: URL;
}

/** A connected socket the caller now owns (and must destroy), or the coded failure. */
export type StreamResult =
  | { ok: true; socket: net.Socket; evidence: Record<string, unknown> }
  | { ok: false; outcome: ProbeOutcome };

// After connecting, wait this long for an immediate RST: middleboxes that
// accept every SYN and then reset are common, and a bare connect misses them.
const SETTLE_MS = 100;

// A CONNECT reply bigger than this is not a proxy talking.
const MAX_PROXY_HEADER_BYTES = 16 * 1024;

const UNREACHABLE_HINTS: Record<string, string> = {
  EHOSTUNREACH: 'no route to host: an ICMP unreachable from a router or firewall, or a missing route',
  ENETUNREACH: 'network unreachable: this machine has no route to that network',
  EADDRNOTAVAIL: 'the local address is not usable for this destination',
  EACCES: 'a local firewall (netfilter) or policy forbids the connection',
  EPERM: 'a local firewall (netfilter) or policy forbids the connection',
};

export async function probeTcp(opts: StreamOptions): Promise<ProbeOutcome> {
  try {
    const started = performance.now();
    const opened = await openStream(opts);
    if (!opened.ok) return opened.outcome;

    const { socket, evidence } = opened;
    const remaining = Math.max(0, opts.timeoutMs - (performance.now() - started));
    const resetCode = await watchForReset(socket, Math.min(SETTLE_MS, remaining), opts.signal);
    socket.destroy();
    const target = targetText(opts);
    if (resetCode) {
      return {
        status: 'fail',
        code: 'TCP_RESET',
        message: `connection to ${target} was accepted and then reset (${resetCode}): a firewall or proxy in the path rejects it after the handshake`,
        evidence,
      };
    }
    return {
      status: 'pass',
      message: opts.proxy
        ? `tunnel to ${opts.host}:${opts.port} opened through proxy ${describeProxy(opts.proxy)} in ${String(evidence.durationMs)} ms`
        : `connected to ${target} in ${String(evidence.durationMs)} ms`,
      evidence,
    };
  } catch (err) {
    return {
      status: 'fail',
      code: 'TCP_UNREACHABLE',
      message: `TCP probe of ${targetText(opts)} failed unexpectedly: ${errorMessage(err)}`,
      evidence: { address: opts.address, port: opts.port },
    };
  }
}

/** Connect directly to address:port, or tunnel to host:port through `proxy`. */
export async function openStream(opts: StreamOptions): Promise<StreamResult> {
  const baseEvidence: Record<string, unknown> = { address: opts.address, port: opts.port };
  if (opts.proxy) baseEvidence.via = describeProxy(opts.proxy);
  const state = { connected: false, socket: undefined as net.Socket | undefined };

  const failure = (code: FailureCode, message: string, extra: Record<string, unknown> = {}, elapsed = 0): StreamResult => ({
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
        const result = opts.proxy
          ? await connectViaProxy(opts, opts.proxy, deadline, state)
          : await connectDirect(opts, deadline, state);
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
          return failure('PROXY_UNREACHABLE', `connection to proxy ${describeProxy(opts.proxy)} ${cause} (no SYN-ACK from the proxy)`, {}, ms);
        }
        if (opts.proxy) {
          return failure(
            'TCP_TIMEOUT',
            `proxy ${describeProxy(opts.proxy)} did not answer CONNECT ${opts.host}:${opts.port} before the probe ${cause} (the proxy is probably still trying to reach the target: packets dropped beyond the proxy)`,
            {},
            ms,
          );
        }
        return failure('TCP_TIMEOUT', `connection to ${targetText(opts)} ${cause} (no SYN-ACK: packets dropped, a blackhole or firewall drop rule)`, {}, ms);
      },
    );
  } catch (err) {
    return failure('TCP_UNREACHABLE', `could not open a connection to ${targetText(opts)}: ${errorMessage(err)}`);
  }
}

type ConnectResult = { socket: net.Socket } | { code: FailureCode; message: string; evidence?: Record<string, unknown> };
type ConnectState = { connected: boolean; socket: net.Socket | undefined };

async function connectDirect(opts: StreamOptions, deadline: Deadline, state: ConnectState): Promise<ConnectResult> {
  const family = net.isIP(opts.address);
  if (family === 0) {
    // Resolving here would bypass the DNS probe and its evidence.
    return { code: 'TCP_UNREACHABLE', message: `"${opts.address}" is not an IP address: the TCP probe only connects to addresses the DNS probe resolved` };
  }
  const socket = net.connect({ host: opts.address, port: opts.port, family });
  state.socket = socket;
  const forget = deadline.onCleanup(() => socket.destroy());
  const err = await connected(socket, 'connect');
  if (err) {
    socket.destroy();
    return connectError(err, `connection to ${targetText(opts)}`);
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
      : net.connect({ host: proxyHost, port });
  state.socket = socket;
  const forget = deadline.onCleanup(() => socket.destroy());

  const err = await connected(socket, proxy.protocol === 'https:' ? 'secureConnect' : 'connect');
  if (err) {
    socket.destroy();
    const failed = connectError(err, `connection to proxy ${describeProxy(proxy)}`);
    return { ...failed, code: 'PROXY_UNREACHABLE' };
  }
  state.connected = true;

  const authority = `${net.isIPv6(opts.host) ? `[${opts.host}]` : opts.host}:${opts.port}`;
  const lines = [`CONNECT ${authority} HTTP/1.1`, `Host: ${authority}`];
  if (proxy.username || proxy.password) {
    const credentials = `${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`;
    lines.push(`Proxy-Authorization: Basic ${Buffer.from(credentials).toString('base64')}`);
  }
  socket.write(`${lines.join('\r\n')}\r\n\r\n`);

  const reply = await readConnectReply(socket);
  if ('error' in reply) {
    socket.destroy();
    return {
      code: 'PROXY_DENIED',
      message: `proxy ${describeProxy(proxy)} ${reply.error} instead of answering CONNECT ${authority}`,
    };
  }
  const evidence = {
    proxyStatus: reply.status,
    proxyHeaders: pickHeaders(reply.headers, ['server', 'x-squid-error', 'via', 'proxy-authenticate']),
  };
  if (reply.status < 200 || reply.status > 299) {
    socket.destroy();
    const squid = reply.headers['x-squid-error'];
    const detail = `${reply.status} ${reply.reason}`.trim() + (squid ? ` (X-Squid-Error: ${squid})` : '');
    if (reply.status === 470 || /Action:\s*Deny/i.test(reply.body)) {
      return { code: 'FIREWALL_DENIED', message: `Azure Firewall ${describeProxy(proxy)} denied CONNECT ${authority}: ${detail}`, evidence };
    }
    const why = reply.status === 407 ? 'requires authentication (check the credentials in the proxy URL)' : 'refused the tunnel (check its access rules for this host and port)';
    return { code: 'PROXY_DENIED', message: `proxy ${describeProxy(proxy)} answered ${detail} to CONNECT ${authority}: it ${why}`, evidence };
  }
  // Bytes the target sent right after the 200 belong to the caller's stream.
  if (reply.rest.length > 0) socket.unshift(reply.rest);
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

function connectError(err: Error, what: string): { code: FailureCode; message: string; evidence: Record<string, unknown> } {
  const code = errorCode(err) ?? 'UNKNOWN';
  const evidence = { error: code };
  if (code === 'ECONNREFUSED') {
    return { code: 'TCP_REFUSED', message: `${what} was refused (RST to the SYN: nothing listens on that port, or a firewall rejects it)`, evidence };
  }
  if (code === 'ECONNRESET') {
    return { code: 'TCP_RESET', message: `${what} was reset by the peer (a firewall or proxy in the path rejects it)`, evidence };
  }
  if (code === 'ETIMEDOUT') {
    return { code: 'TCP_TIMEOUT', message: `${what} timed out in the kernel (no SYN-ACK: packets dropped, a blackhole or firewall drop rule)`, evidence };
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return { code: 'TCP_UNREACHABLE', message: `${what} failed: the name could not be resolved (${code})`, evidence };
  }
  const hint = UNREACHABLE_HINTS[code] ?? errorMessage(err);
  return { code: 'TCP_UNREACHABLE', message: `${what} failed with ${code} (${hint})`, evidence };
}

interface ConnectReply {
  status: number;
  reason: string;
  headers: Record<string, string>;
  body: string;
  rest: Buffer;
}

/** Read the proxy's answer to CONNECT: status line and headers, tolerating bytes that trickle in. */
function readConnectReply(socket: net.Socket): Promise<ConnectReply | { error: string }> {
  return new Promise((resolve) => {
    let buffered = Buffer.alloc(0);
    const finish = (value: ConnectReply | { error: string }): void => {
      // Stop the flow so nothing after the reply is read before the caller takes over.
      socket.pause();
      socket.off('data', onData);
      socket.off('end', onEnd);
      socket.off('close', onEnd);
      socket.off('error', onEnd);
      resolve(value);
    };
    const onEnd = (): void =>
      finish(buffered.length > 0 ? { error: `closed the connection after a partial reply (${buffered.length} bytes)` } : { error: 'closed the connection' });
    const onData = (chunk: Buffer): void => {
      buffered = Buffer.concat([buffered, chunk]);
      // A banner (SSH, SMTP) that never ends an HTTP head is not a slow proxy: say so now, not at the deadline.
      if (buffered.length >= 5 && buffered.subarray(0, 5).toString('latin1') !== 'HTTP/') {
        const firstLine = buffered.subarray(0, 40).toString('latin1').split(/\r?\n/)[0];
        finish({ error: `answered something that is not HTTP (${JSON.stringify(firstLine)})` });
        return;
      }
      const end = buffered.indexOf('\r\n\r\n');
      if (end === -1) {
        if (buffered.length > MAX_PROXY_HEADER_BYTES) finish({ error: 'sent more than 16 KiB without ending its headers' });
        return;
      }
      const head = buffered.subarray(0, end).toString('latin1').split('\r\n');
      const statusLine = /^HTTP\/\d(?:\.\d)?\s+(\d{3})\s*(.*)$/.exec(head[0] ?? '');
      if (!statusLine) {
        finish({ error: `answered something that is not HTTP (${JSON.stringify(head[0]?.slice(0, 40))})` });
        return;
      }
      const headers: Record<string, string> = {};
      for (const line of head.slice(1)) {
        const colon = line.indexOf(':');
        if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      }
      const rest = buffered.subarray(end + 4);
      const status = Number(statusLine[1]);
      finish({
        status,
        reason: statusLine[2] ?? '',
        headers,
        // On refusal the rest is an error page; keep a little to spot Azure Firewall's text.
        body: status >= 200 && status < 300 ? '' : rest.subarray(0, 4096).toString('utf8'),
        rest: status >= 200 && status < 300 ? rest : Buffer.alloc(0),
      });
    };
    socket.on('data', onData);
    socket.once('end', onEnd);
    socket.once('close', onEnd);
    socket.once('error', onEnd);
  });
}

/** Wait up to `ms` for the peer to reset a fresh connection; resolves the error code, or undefined. */
function watchForReset(socket: net.Socket, ms: number, signal?: AbortSignal): Promise<string | undefined> {
  return new Promise((resolve) => {
    const done = (code: string | undefined): void => {
      clearTimeout(timer);
      socket.off('error', onError);
      signal?.removeEventListener('abort', onAbort);
      resolve(code);
    };
    const onError = (err: Error): void => done(errorCode(err) ?? 'ERROR');
    const onAbort = (): void => done(undefined);
    const timer = setTimeout(() => done(undefined), ms);
    socket.on('error', onError);
    signal?.addEventListener('abort', onAbort, { once: true });
    // Reading lets the kernel's RST surface as an error.
    socket.resume();
  });
}

function pickHeaders(headers: Record<string, string>, names: string[]): Record<string, string> {
  const picked: Record<string, string> = {};
  for (const name of names) if (headers[name] !== undefined) picked[name] = headers[name];
  return picked;
}

function targetText(opts: StreamOptions): string {
  const address = net.isIPv6(opts.address) ? `[${opts.address}]` : opts.address;
  return opts.host && opts.host !== opts.address ? `${opts.host} (${address}:${opts.port})` : `${address}:${opts.port}`;
}
