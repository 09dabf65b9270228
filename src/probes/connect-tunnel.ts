// The CONNECT client: ask an HTTP proxy for a tunnel on a socket already
// connected to it, and read its reply (status line and headers, tolerating
// bytes that trickle in). What the reply means is transport-errors.ts's job.

import net from 'node:net';

export interface ConnectReply {
  status: number;
  reason: string;
  headers: Record<string, string>;
  /** On refusal, the start of the proxy's error page (to spot Azure Firewall's or tinyproxy's text). */
  body: string;
}

// A CONNECT reply bigger than this is not a proxy talking.
const MAX_PROXY_HEADER_BYTES = 16 * 1024;
// How much of an error page to wait for after a refusal's headers, and for how long at most.
const ERROR_PAGE_BYTES = 4096;
const ERROR_PAGE_WAIT_MS = 300;

/** "Basic …" from the proxy URL's userinfo, or undefined. */
export function proxyAuthorization(proxy: URL): string | undefined {
  if (!proxy.username && !proxy.password) return undefined;
  const credentials = `${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`;
  return `Basic ${Buffer.from(credentials).toString('base64')}`;
}

/** host:port as the request line writes it (IPv6 in brackets). */
export function authorityOf(host: string, port: number): string {
  return `${net.isIPv6(host) ? `[${host}]` : host}:${port}`;
}

/** Send CONNECT and read the reply. Bytes after a 200 stay in the socket for the caller's stream. */
export function requestTunnel(socket: net.Socket, authority: string, proxy: URL): Promise<ConnectReply | { error: string }> {
  const lines = [`CONNECT ${authority} HTTP/1.1`, `Host: ${authority}`];
  const authorization = proxyAuthorization(proxy);
  if (authorization) lines.push(`Proxy-Authorization: ${authorization}`);
  socket.write(`${lines.join('\r\n')}\r\n\r\n`);
  return readConnectReply(socket);
}

function readConnectReply(socket: net.Socket): Promise<ConnectReply | { error: string }> {
  return new Promise((resolve) => {
    let buffered = Buffer.alloc(0);
    let refused: (Omit<ConnectReply, 'body'> & { bodyStart: number }) | undefined;
    let pageTimer: NodeJS.Timeout | undefined;
    const finish = (value: ConnectReply | { error: string }, rest?: Buffer): void => {
      clearTimeout(pageTimer);
      // Stop the flow so nothing after the reply is read before the caller takes over.
      socket.pause();
      socket.off('data', onData);
      socket.off('end', onEnd);
      socket.off('close', onEnd);
      socket.off('error', onEnd);
      if (rest && rest.length > 0) socket.unshift(rest);
      resolve(value);
    };
    const refusal = (): ConnectReply => ({
      ...refused!,
      body: buffered.subarray(refused!.bodyStart, refused!.bodyStart + ERROR_PAGE_BYTES).toString('utf8'),
    });
    const onEnd = (): void => {
      if (refused) {
        finish(refusal());
        return;
      }
      finish(
        buffered.length > 0
          ? { error: `closed the connection after a partial reply (${buffered.length} bytes)` }
          : { error: 'closed the connection' },
      );
    };
    const onData = (chunk: Buffer): void => {
      buffered = Buffer.concat([buffered, chunk]);
      if (refused) {
        const length = Number(refused.headers['content-length'] ?? NaN);
        const have = buffered.length - refused.bodyStart;
        if (have >= ERROR_PAGE_BYTES || (Number.isFinite(length) && have >= length)) finish(refusal());
        return;
      }
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
      const status = Number(statusLine[1]);
      const reply = { status, reason: statusLine[2] ?? '', headers };
      if (status >= 200 && status < 300) {
        finish({ ...reply, body: '' }, buffered.subarray(end + 4));
        return;
      }
      // A refusal: wait a little for its error page, which often says who refused and why.
      refused = { ...reply, bodyStart: end + 4 };
      pageTimer = setTimeout(() => finish(refusal()), ERROR_PAGE_WAIT_MS);
      onData(Buffer.alloc(0));
    };
    socket.on('data', onData);
    socket.once('end', onEnd);
    socket.once('close', onEnd);
    socket.once('error', onEnd);
  });
}
