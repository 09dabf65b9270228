// HTTP: one real GET on the connection the TCP and TLS steps proved (or on
// one of its own when run alone), and a verdict on *who* answered: a proxy's
// or firewall's page (the transport's table), or the service, judged by its
// rule's proof (service-proof.ts).

import type net from 'node:net';
import type tls from 'node:tls';
import type { Dispatcher } from 'undici';
import type { RequirementHttp } from '../catalog/types.ts';
import type { ProbeOutcome } from '../types.ts';
import { proxyAuthorization } from './connect-tunnel.ts';
import { errorCode, withDeadline } from './deadline.ts';
import { describeProxy } from './proxy.ts';
import { judgeServiceAnswer, type ServiceAnswer } from './service-proof.ts';
import { openStream, pickHeaders, secureStream, targetText } from './transport.ts';
import { intermediaryVerdict, requestErrorCode, type Classified } from './transport-errors.ts';

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
  /** How the real service answers; undefined = any answer that is not a proxy's or firewall's page. */
  proof?: RequirementHttp;
}

// Enough for a Kubernetes Status or a storage error document; a deadline bounds the wait, this bounds memory.
const BODY_READ_LIMIT = 64 * 1024;
const BODY_SNIPPET_CHARS = 300;
// undici (and node:http2 under it, and its parser) loads with the first request, not at start-up: the first
// probes (DNS, TCP) start sooner, and a host that hangs at TCP runs out its timeout while the rest loads.
let undiciClient: Promise<typeof import('undici/lib/dispatcher/client.js').default> | undefined;
const loadClient = () => (undiciClient ??= import('undici/lib/dispatcher/client.js').then((m) => m.default));

// Handed to undici when a probe lets go of its client: one error for all, not a new one (and its stack) per host.
const CONNECTION_DONE = new Error('the probe is done with this connection');
const EVIDENCE_HEADERS = [
  'server',
  'content-type',
  'x-ms-request-id',
  'docker-distribution-api-version',
  'www-authenticate',
  'via',
  'x-squid-error',
];

/**
 * The HTTP step. `socket`: the connection the earlier steps verified (TLS for
 * https:, plain for http:, or a connection to the proxy for plain HTTP through
 * it); without one, the step opens its own through the transport.
 */
export async function requestHttp(opts: HttpProbeOptions, socket?: net.Socket | tls.TLSSocket): Promise<ProbeOutcome> {
  const shown = `${opts.url.origin}${opts.url.pathname}`;
  const started = performance.now();
  const elapsed = (): number => Math.round(performance.now() - started);
  const forward = opts.proxy !== undefined && opts.url.protocol === 'http:';
  const evidence: Record<string, unknown> = { url: shown };
  if (opts.proxy) evidence.via = describeProxy(opts.proxy);
  else evidence.address = opts.address;

  let stream = socket;
  if (!stream) {
    const opened = await openOwnConnection(opts, forward);
    if ('outcome' in opened) return opened.outcome;
    stream = opened.socket;
  }
  const outcome = await exchange(opts, stream, forward, shown, evidence, elapsed);
  stream.destroy();
  // Evidence may hold what a proxy said back; every report is redacted as a whole when it is written.
  return outcome;
}

/** An HTTP check on its own. */
export function probeHttp(opts: HttpProbeOptions): Promise<ProbeOutcome> {
  return requestHttp(opts);
}

async function openOwnConnection(opts: HttpProbeOptions, forward: boolean): Promise<{ socket: net.Socket } | { outcome: ProbeOutcome }> {
  const host = opts.url.hostname.replace(/^\[(.*)\]$/, '$1');
  const port = opts.port ?? portOf(opts.url);
  const started = performance.now();
  const opened = await openStream({
    host,
    address: opts.address,
    port,
    timeoutMs: opts.timeoutMs,
    signal: opts.signal,
    proxy: opts.proxy,
    forward,
  });
  if (!opened.ok) return { outcome: opened.outcome };
  if (opts.url.protocol !== 'https:') return { socket: opened.socket };
  const remaining = Math.max(0, opts.timeoutMs - (performance.now() - started));
  const secured = await secureStream(opened.socket, {
    host,
    address: opts.address,
    port,
    timeoutMs: remaining,
    signal: opts.signal,
    ca: opts.ca,
    alpn: ['http/1.1'],
  });
  return secured.ok ? { socket: secured.socket } : { outcome: secured.outcome };
}

async function exchange(
  opts: HttpProbeOptions,
  socket: net.Socket,
  forward: boolean,
  shown: string,
  base: Record<string, unknown>,
  elapsed: () => number,
): Promise<ProbeOutcome> {
  const where = opts.proxy
    ? `${opts.url.host} through proxy ${describeProxy(opts.proxy)}`
    : targetText({ host: opts.url.hostname, address: opts.address, port: opts.port ?? portOf(opts.url) });
  const request = `GET ${shown}`;
  // Plain HTTP through a proxy is sent to the proxy in absolute form, as curl does; otherwise to the origin.
  const origin = forward ? `http://${describeProxy(opts.proxy!)}` : opts.url.origin;
  const headers: Record<string, string> = { 'user-agent': 'aml-preflight', accept: '*/*' };
  if (forward) {
    headers.host = opts.url.host;
    const authorization = proxyAuthorization(opts.proxy!);
    if (authorization) headers['proxy-authorization'] = authorization;
  }
  // The client takes the socket the earlier steps verified: it never dials.
  const Client = await loadClient();
  const client = new Client(origin, {
    connect: (_options, callback) => {
      // undici expects the connector to call back later, as a dial would.
      queueMicrotask(() => callback(null, socket));
    },
    allowH2: true,
    headersTimeout: 0,
    bodyTimeout: 0,
    keepAliveTimeout: 1,
  });
  const seen: { answer?: ServiceAnswer } = {};
  const fail = (c: Classified, extra: Record<string, unknown> = {}): ProbeOutcome => ({
    status: 'fail',
    code: c.code,
    message: c.message,
    evidence: { ...base, ...extra, ...c.evidence, durationMs: elapsed() },
  });
  try {
    return await withDeadline(
      opts,
      async () => {
        try {
          await get(client, { method: 'GET', path: forward ? shown : opts.url.pathname, headers }, seen);
        } catch (err) {
          const received = String((err as { data?: unknown }).data ?? '').slice(0, BODY_SNIPPET_CHARS);
          return fail(requestErrorCode(err, where, request), {
            error: errorCode(err) ?? String(err),
            ...(received ? { bodySnippet: received } : {}),
          });
        }
        return judge(opts, seen.answer!, shown, request, base, elapsed());
      },
      (why) => {
        // Headers arrived but the body was slow: judge what we have.
        if (seen.answer) return judge(opts, seen.answer, shown, request, base, elapsed());
        const after = why === 'aborted' ? `was cancelled after ${elapsed()} ms` : `timed out after ${elapsed()} ms`;
        return fail({
          code: 'HTTP_TIMEOUT',
          message: `${request} ${after} without response headers (connected${opts.proxy ? ` through proxy ${describeProxy(opts.proxy)}` : ''}, but nothing answered: a proxy or firewall holding the request, or a hung service)`,
        });
      },
    );
  } finally {
    // destroy, not close: close would wait for a request the deadline abandoned.
    void client.destroy(CONNECTION_DONE).catch(() => {});
  }
}

function judge(
  opts: HttpProbeOptions,
  answer: ServiceAnswer,
  shown: string,
  request: string,
  base: Record<string, unknown>,
  durationMs: number,
): ProbeOutcome {
  const statusText = `${answer.status}${answer.statusText ? ` ${answer.statusText}` : ''}`;
  const evidence: Record<string, unknown> = {
    ...base,
    status: answer.status,
    headers: pickHeaders(answer.headers, EVIDENCE_HEADERS),
    durationMs,
  };
  const who = opts.proxy ? `proxy ${describeProxy(opts.proxy)}` : 'a transparent proxy in the path';
  const verdict =
    intermediaryVerdict(answer, who, request, false) ?? judgeServiceAnswer(opts.proof ?? { path: opts.url.pathname }, answer, shown);
  if (verdict) {
    return {
      status: 'fail',
      code: verdict.code,
      message: verdict.message,
      evidence: { ...evidence, ...verdict.evidence, bodySnippet: answer.body.slice(0, BODY_SNIPPET_CHARS) },
    };
  }
  return {
    status: 'pass',
    message: `${shown} answered ${statusText} in ${durationMs} ms${opts.proxy ? ` through proxy ${describeProxy(opts.proxy)}` : ''}`,
    evidence,
  };
}

/**
 * One GET through undici's dispatcher. `seen.answer` holds status and headers as
 * soon as they arrive, and the body (at most BODY_READ_LIMIT bytes) as it grows,
 * so a deadline mid-body still judges what came. Resolves when the body ends or
 * reaches the limit; rejects only when no answer came (a reset, or not HTTP).
 */
function get(client: Dispatcher, request: Dispatcher.DispatchOptions, seen: { answer?: ServiceAnswer }): Promise<void> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    client.dispatch(request, {
      // Required by the dispatcher; the deadline, not the controller, ends a request.
      onRequestStart: () => undefined,
      onResponseStart(_controller, statusCode, headers, statusText) {
        // An informational answer (100, 103) comes before the real one.
        if (statusCode >= 200)
          seen.answer = { status: statusCode, statusText: statusText ?? '', headers: flattenHeaders(headers), body: '' };
      },
      onResponseData(controller, chunk) {
        if (!seen.answer) return;
        chunks.push(chunk);
        size += chunk.length;
        seen.answer.body = Buffer.concat(chunks).subarray(0, BODY_READ_LIMIT).toString('utf8');
        if (size >= BODY_READ_LIMIT) {
          resolve();
          controller.abort(CONNECTION_DONE);
        }
      },
      onResponseEnd: () => (seen.answer ? resolve() : reject(new Error('the response ended without a final status'))),
      // A body cut short still tells us who answered.
      onResponseError: (_controller, err) => (seen.answer ? resolve() : reject(err)),
    });
  });
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}

function portOf(url: URL): number {
  return url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
}
