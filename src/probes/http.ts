// HTTP: one real GET on the connection the TCP and TLS steps proved (or on
// one of its own when run alone), and a verdict on *who* answered: a proxy's
// or firewall's page (the transport's table), or the service, judged by its
// rule's proof (service-proof.ts).

import type net from 'node:net';
import type tls from 'node:tls';
import { Client, type Dispatcher } from 'undici';
import type { RequirementHttp } from '../catalog/types.ts';
import { redact } from '../report/redact.ts';
import type { ProbeOutcome } from '../types.ts';
import { proxyAuthorization } from './connect-tunnel.ts';
import { errorCode, withDeadline } from './deadline.ts';
import { describeProxy } from './proxy.ts';
import { judgeServiceAnswer, type ServiceAnswer } from './service-proof.ts';
import { openStream, secureStream, targetText } from './transport.ts';
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
    if ('outcome' in opened) return redact(opened.outcome);
    stream = opened.socket;
  }
  const outcome = await exchange(opts, stream, forward, shown, evidence, elapsed);
  stream.destroy();
  return redact(outcome);
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
  let answer: ServiceAnswer | undefined;
  const fail = (c: Classified, extra: Record<string, unknown> = {}): ProbeOutcome => ({
    status: 'fail',
    code: c.code,
    message: c.message,
    evidence: { ...base, ...extra, ...c.evidence, durationMs: elapsed() },
  });
  try {
    return await withDeadline(
      opts,
      async (deadline) => {
        let response: Dispatcher.ResponseData;
        try {
          response = await client.request({ method: 'GET', path: forward ? shown : opts.url.pathname, headers, signal: deadline.signal });
        } catch (err) {
          const received = String((err as { data?: unknown }).data ?? '').slice(0, BODY_SNIPPET_CHARS);
          return fail(requestErrorCode(err, where, request), {
            error: errorCode(err) ?? String(err),
            ...(received ? { bodySnippet: received } : {}),
          });
        }
        answer = {
          status: response.statusCode,
          statusText: response.statusText ?? '',
          headers: flattenHeaders(response.headers),
          body: '',
        };
        await readBody(response.body, answer);
        return judge(opts, answer, shown, request, base, elapsed());
      },
      (why) => {
        // Headers arrived but the body was slow: judge what we have.
        if (answer) return judge(opts, answer, shown, request, base, elapsed());
        const after = why === 'aborted' ? `was cancelled after ${elapsed()} ms` : `timed out after ${elapsed()} ms`;
        return fail({
          code: 'HTTP_TIMEOUT',
          message: `${request} ${after} without response headers (connected${opts.proxy ? ` through proxy ${describeProxy(opts.proxy)}` : ''}, but nothing answered: a proxy or firewall holding the request, or a hung service)`,
        });
      },
    );
  } finally {
    // destroy, not close: close would wait for a request the deadline abandoned.
    void client.destroy().catch(() => {});
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
  const evidence: Record<string, unknown> = { ...base, status: answer.status, headers: pickHeaders(answer.headers), durationMs };
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

/** Read at most BODY_READ_LIMIT bytes into `into.body`, then drop the rest of the stream. */
async function readBody(body: Dispatcher.ResponseData['body'], into: { body: string }): Promise<void> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of body) {
      const bytes = chunk as Buffer;
      chunks.push(bytes);
      size += bytes.length;
      // Kept current, so a deadline that fires mid-body still judges what arrived.
      into.body = Buffer.concat(chunks).subarray(0, BODY_READ_LIMIT).toString('utf8');
      if (size >= BODY_READ_LIMIT) break;
    }
  } catch {
    // A body cut short still tells us who answered.
  } finally {
    body.destroy();
  }
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
