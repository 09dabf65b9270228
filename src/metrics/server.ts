// `aml-preflight serve`: /metrics for Prometheus to scrape. Either the checks run
// on a timer and a scrape reads the last result (cheap scrapes, steady load on
// the network under test), or they run when scraped, at most once per cache
// period, with concurrent scrapes sharing one run.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Report } from '../types.ts';
import { EXPOSITION_CONTENT_TYPE, renderExposition, type MetricFamily } from './exposition.ts';

export type ServeMode = { kind: 'interval'; intervalMs: number } | { kind: 'scrape'; cacheMs: number };

export interface MetricsServerOptions {
  host: string;
  port: number;
  mode: ServeMode;
  collect: () => Promise<Report>;
  render: (report: Report) => Promise<string>;
  /** Called when a run fails outright (not when checks fail): the server keeps the last good result. */
  onError?: (e: Error) => void;
}

export interface MetricsServer {
  url: string;
  /** Stops the timer, lets a run in flight finish within `graceMs`, closes the listener. */
  close(graceMs?: number): Promise<void>;
}

export async function startMetricsServer(options: MetricsServerOptions): Promise<MetricsServer> {
  let last: { body: string; at: number } | undefined;
  let inFlight: Promise<void> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let closing = false;
  const counters = { runs: 0, errors: 0 };

  const runOnce = (): Promise<void> => {
    inFlight ??= (async () => {
      try {
        const report = await options.collect();
        last = { body: await options.render(report), at: Date.now() };
        counters.runs++;
      } catch (e) {
        counters.errors++;
        options.onError?.(e as Error);
      } finally {
        inFlight = undefined;
      }
    })();
    return inFlight;
  };

  const schedule = () => {
    if (closing || options.mode.kind !== 'interval') return;
    // The next run starts an interval after this one ended: runs never overlap, even when one is slow.
    timer = setTimeout(() => void runOnce().then(schedule), options.mode.intervalMs);
  };

  const selfMetrics = (): string => {
    const families: MetricFamily[] = [
      {
        name: 'aml_preflight_serve_runs_total',
        help: 'Runs completed by this server.',
        type: 'counter',
        samples: [{ labels: {}, value: counters.runs }],
      },
      {
        name: 'aml_preflight_serve_run_errors_total',
        help: 'Runs that ended in an error (the previous result is served).',
        type: 'counter',
        samples: [{ labels: {}, value: counters.errors }],
      },
      {
        name: 'aml_preflight_serve_result_age_seconds',
        help: 'Age of the result being served, in seconds.',
        type: 'gauge',
        samples: [{ labels: {}, value: last ? (Date.now() - last.at) / 1000 : -1 }],
      },
    ];
    return renderExposition(families);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    if (path === '/healthz') {
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok\n');
      return;
    }
    if (path === '/') {
      res
        .writeHead(200, { 'content-type': 'text/html' })
        .end('<html><body><h1>aml-preflight</h1><p><a href="/metrics">/metrics</a></p></body></html>\n');
      return;
    }
    if (path !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found: try /metrics\n');
      return;
    }
    if (options.mode.kind === 'scrape' && !closing && (!last || Date.now() - last.at >= options.mode.cacheMs)) await runOnce();
    if (!last) {
      res.writeHead(503, { 'content-type': 'text/plain', 'retry-after': '5' }).end('the first run has not finished yet\n');
      return;
    }
    res.writeHead(200, { 'content-type': EXPOSITION_CONTENT_TYPE }).end(req.method === 'HEAD' ? undefined : last.body + selfMetrics());
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  // Slow or stuck clients must not hold the server: bounded header and request times.
  server.headersTimeout = 10_000;
  server.requestTimeout = 120_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  if (options.mode.kind === 'interval') void runOnce().then(schedule);
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  return {
    url: `http://${host}:${address.port}`,
    async close(graceMs = 10_000) {
      closing = true;
      clearTimeout(timer);
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const grace = new Promise<void>((resolve) => setTimeout(resolve, graceMs).unref());
      await Promise.race([Promise.all([inFlight, closed]), grace]);
      server.closeAllConnections();
    },
  };
}

/** --listen HOST:PORT, :PORT or [V6]:PORT. */
export function parseListen(value: string): { host: string; port: number } | undefined {
  const m = /^(?:\[([0-9a-fA-F:.]+)\]|([^:[\]]*)):(\d{1,5})$/.exec(value);
  if (!m) return undefined;
  const port = Number(m[3]);
  if (port > 65535) return undefined;
  return { host: m[1] ?? (m[2] || '0.0.0.0'), port };
}
