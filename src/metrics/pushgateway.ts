// Pushes one run's metrics to a Prometheus Pushgateway with PUT, which replaces
// every metric of the group: a check that disappeared from the catalog does not
// linger there as a stale series.
import { request } from 'undici';
import { InputError } from '../errors.ts';
import { quoted } from '../report/redact.ts';
import { EXPOSITION_CONTENT_TYPE } from './exposition.ts';

export const PUSH_JOB = 'aml-preflight';

export class PushError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PushError';
  }
}

/** Validates --pushgateway early (exit 2), before any check runs. */
export function parsePushgatewayUrl(value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InputError(
      `--pushgateway: must be an http:// or https:// URL such as http://pushgateway.monitoring:9091 (got ${quoted(value)})`,
    );
  }
  if (!['http:', 'https:'].includes(url.protocol) || url.search || url.hash) {
    throw new InputError(`--pushgateway: must be an http:// or https:// URL without query or fragment (got ${quoted(value)})`);
  }
  return url;
}

/** /metrics/job/aml-preflight/<label>@base64/<value>...: base64url keeps a value with "/" in one path segment. */
export function pushPath(base: URL, grouping: Record<string, string>): URL {
  const url = new URL(base.href);
  const segments = [`metrics/job/${PUSH_JOB}`];
  for (const [k, v] of Object.entries(grouping)) {
    if (!/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(k) || v === '') continue;
    segments.push(`${k}@base64/${Buffer.from(v).toString('base64url') || '='}`);
  }
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/${segments.join('/')}`;
  url.username = '';
  url.password = '';
  return url;
}

export async function pushMetrics(
  base: URL,
  body: string,
  options: { grouping?: Record<string, string>; timeoutMs?: number } = {},
): Promise<void> {
  const url = pushPath(base, options.grouping ?? {});
  const timeoutMs = options.timeoutMs ?? 10_000;
  const headers: Record<string, string> = { 'content-type': EXPOSITION_CONTENT_TYPE };
  if (base.username)
    headers.authorization = `Basic ${Buffer.from(`${decodeURIComponent(base.username)}:${decodeURIComponent(base.password)}`).toString('base64')}`;
  let status: number;
  let text: string;
  try {
    const res = await request(url, {
      method: 'PUT',
      body,
      headers,
      signal: AbortSignal.timeout(timeoutMs),
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
    status = res.statusCode;
    text = await res.body.text();
  } catch (e) {
    const err = e as Error & { code?: string; cause?: { code?: string } };
    const why =
      err.name === 'TimeoutError' || err.name === 'AbortError'
        ? `no answer within ${timeoutMs} ms`
        : (err.code ?? err.cause?.code ?? err.message);
    throw new PushError(`push to ${url.origin} failed: ${why}`);
  }
  if (status !== 200 && status !== 202) {
    throw new PushError(`push to ${url.origin} failed: HTTP ${status}${text ? `: ${text.trim().split('\n')[0].slice(0, 200)}` : ''}`);
  }
}
