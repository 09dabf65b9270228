// A tiny HTTP proxy for tests: it reads one request head (CONNECT or a
// forwarded GET) and lets the test decide: open the tunnel, answer with a
// canned reply (squid's 403, Azure Firewall's 470), or say nothing.

import net from 'node:net';
import { listenOnLoopback } from '../helpers/loopback-server.ts';

export interface ProxyRequest {
  line: string;
  headers: Record<string, string>;
}

/** tunnelTo: open a tunnel to 127.0.0.1:port whatever name was asked (the proxy plays DNS too). */
export type ProxyAnswer = { tunnelTo: number } | { raw: string } | 'silent';

export interface FakeProxy {
  port: number;
  requests: ProxyRequest[];
  url(userinfo?: string): URL;
  close(): Promise<void>;
}

export async function startProxy(decide: (request: ProxyRequest) => ProxyAnswer): Promise<FakeProxy> {
  const requests: ProxyRequest[] = [];
  const server = net.createServer((client) => {
    let head = Buffer.alloc(0);
    const onData = (chunk: Buffer): void => {
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf('\r\n\r\n');
      if (end === -1) return;
      client.off('data', onData);
      const [line = '', ...rest] = head.subarray(0, end).toString('latin1').split('\r\n');
      const headers = Object.fromEntries(rest.map((h) => [h.slice(0, h.indexOf(':')).toLowerCase(), h.slice(h.indexOf(':') + 1).trim()]));
      const request = { line, headers };
      requests.push(request);
      const answer = decide(request);
      if (answer === 'silent') return;
      if ('raw' in answer) {
        client.end(answer.raw);
        return;
      }
      const upstream = net.connect(answer.tunnelTo, '127.0.0.1', () => {
        client.write('HTTP/1.1 200 Connection established\r\n\r\n');
        const early = head.subarray(end + 4);
        if (early.length > 0) upstream.write(early);
        client.pipe(upstream).pipe(client);
      });
      upstream.on('error', () => client.destroy());
      client.on('close', () => upstream.destroy());
    };
    client.on('data', onData);
  });
  const { port, close } = await listenOnLoopback(server);
  return {
    port,
    requests,
    url: (userinfo) => new URL(`http://${userinfo ? `${userinfo}@` : ''}127.0.0.1:${port}`),
    close,
  };
}

export const SQUID_403 =
  'HTTP/1.1 403 Forbidden\r\nServer: squid/5.7\r\nX-Squid-Error: ERR_ACCESS_DENIED 0\r\nContent-Type: text/html\r\nContent-Length: 40\r\nConnection: close\r\n\r\n<html><body>Access Denied.</body></html>';
