// TCP peers that misbehave on purpose: they accept and then stall, trickle,
// reset or talk nonsense, at the TCP, TLS or HTTP layer. Every one listens on
// 127.0.0.1 and close() ends every connection it holds.
import net from 'node:net';
import tls from 'node:tls';
import { listenOnLoopback } from '../../helpers/loopback-server.ts';

export type StreamMischief =
  /** Accepts and never says a word. */
  | 'silent'
  /** After the ClientHello, one byte of a TLS record per second, forever (slowloris). */
  | 'tls-trickle'
  /** After the ClientHello, the start of a TLS record, then a reset. */
  | 'tls-reset'
  /** Answers the ClientHello with an SSH banner. */
  | 'ssh-banner'
  /** Floods random bytes as soon as the connection opens. */
  | 'garbage-flood'
  /** HTTP: a status line, then one more header line every 200 ms, never the blank line. */
  | 'http-endless-headers'
  /** HTTP: the response head one byte per second. */
  | 'http-trickle'
  /** HTTP: megabytes of headers as fast as it can. */
  | 'http-header-flood'
  /** HTTP: a line of SMTP instead of HTTP. */
  | 'smtp-banner';

export interface StreamPeer {
  port: number;
  close(): Promise<void>;
}

const TLS_RECORD_START = Buffer.from([0x16, 0x03, 0x03, 0x00, 0x7a, 0x02, 0x00, 0x00, 0x76, 0x03, 0x03]);

export async function startStreamPeer(
  mischief: StreamMischief,
  options: { tlsContext?: { cert: string; key: string } } = {},
): Promise<StreamPeer> {
  const timers = new Set<NodeJS.Timeout>();
  const every = (ms: number, socket: net.Socket, tick: () => void): void => {
    const timer = setInterval(() => (socket.destroyed ? clearInterval(timer) : tick()), ms);
    timers.add(timer);
    socket.once('close', () => {
      clearInterval(timer);
      timers.delete(timer);
    });
  };
  const trickle = (socket: net.Socket, bytes: Buffer, ms: number): void => {
    let sent = 0;
    every(ms, socket, () => socket.write(bytes.subarray(sent % bytes.length, (sent++ % bytes.length) + 1)));
  };
  const onFirstData = (socket: net.Socket, fn: () => void): void => void socket.once('data', fn);

  const behave = (socket: net.Socket): void => {
    switch (mischief) {
      case 'silent':
        return;
      case 'tls-trickle':
        onFirstData(socket, () => trickle(socket, TLS_RECORD_START, 1000));
        return;
      case 'tls-reset':
        onFirstData(socket, () => {
          socket.write(TLS_RECORD_START.subarray(0, 5));
          setTimeout(() => socket.resetAndDestroy(), 20); // the peer's behaviour (half a record, then a reset), not a wait
        });
        return;
      case 'ssh-banner':
        onFirstData(socket, () => socket.write('SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n'));
        return;
      case 'garbage-flood': {
        const chunk = Buffer.alloc(64 * 1024, 0x5a);
        const pump = (): void => {
          while (!socket.destroyed && socket.write(chunk));
        };
        socket.on('drain', pump);
        pump();
        return;
      }
      case 'http-endless-headers':
        onFirstData(socket, () => {
          socket.write('HTTP/1.1 200 OK\r\n');
          let n = 0;
          every(200, socket, () => socket.write(`X-Still-Thinking-${n++}: yes\r\n`));
        });
        return;
      case 'http-trickle':
        onFirstData(socket, () => trickle(socket, Buffer.from('HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n'), 1000));
        return;
      case 'http-header-flood':
        onFirstData(socket, () => {
          socket.write('HTTP/1.1 200 OK\r\n');
          const line = Buffer.from(`X-Flood: ${'a'.repeat(1000)}\r\n`);
          const pump = (): void => {
            while (!socket.destroyed && socket.write(line));
          };
          socket.on('drain', pump);
          pump();
        });
        return;
      case 'smtp-banner':
        onFirstData(socket, () => socket.end('220 mail.contoso.example ESMTP Postfix\r\n'));
        return;
    }
  };

  const accept = (socket: net.Socket): void => {
    socket.on('error', () => {}); // a TLS peer's wrapped socket; the harness covers the raw one
    behave(socket);
  };
  const listening = await listenOnLoopback(
    options.tlsContext ? tls.createServer({ ...options.tlsContext }, accept) : net.createServer(accept),
  );
  return {
    port: listening.port,
    close: () => {
      for (const t of timers) clearInterval(t);
      return listening.close();
    },
  };
}

/** An HTTP proxy that misbehaves when asked to CONNECT. */
export async function startHostileProxy(mischief: 'connect-trickle' | 'connect-header-flood' | 'connect-garbage'): Promise<StreamPeer> {
  const peer = await startStreamPeer(
    mischief === 'connect-trickle' ? 'http-trickle' : mischief === 'connect-header-flood' ? 'http-header-flood' : 'ssh-banner',
  );
  return peer;
}
