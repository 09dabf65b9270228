// A DNS server that misbehaves on purpose, over UDP and TCP on one port of
// 127.0.0.1. Each query goes to `answer`, which returns what to send (or
// nothing); it may relay to a real resolver first, as a middlebox would.
import dgram from 'node:dgram';
import net from 'node:net';
import { frame, parseQuery, type Query } from './dns-wire.ts';

/** What to do with one query: bytes to send (after `delayMs`), trickled over TCP if asked, or silence. */
export type Answer = { bytes: Buffer; delayMs?: number; trickleMs?: number } | 'silent' | 'close';

export interface DnsPeerBehaviour {
  udp(query: Query): Answer | Promise<Answer>;
  /** Default: TCP port closed (nothing listens). */
  tcp?(query: Query): Answer | Promise<Answer>;
}

export interface DnsPeer {
  /** "127.0.0.1:port", as --dns-server takes it. */
  server: string;
  port: number;
  close(): Promise<void>;
}

export async function startDnsPeer(behaviour: DnsPeerBehaviour): Promise<DnsPeer> {
  const timers = new Set<NodeJS.Timeout>();
  const later = (ms: number, fn: () => void): void => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      fn();
    }, ms);
    timers.add(timer);
  };
  const udp = dgram.createSocket('udp4');
  udp.on('message', async (raw, from) => {
    const query = parseQuery(raw);
    if (!query) return;
    const answer = await behaviour.udp(query);
    if (typeof answer === 'string') return;
    later(answer.delayMs ?? 0, () => udp.send(answer.bytes, from.port, from.address, () => {}));
  });
  udp.on('error', () => {});
  await new Promise<void>((resolve) => udp.bind(0, '127.0.0.1', resolve));
  const port = udp.address().port;

  const sockets = new Set<net.Socket>();
  let tcp: net.Server | undefined;
  if (behaviour.tcp) {
    const onTcp = behaviour.tcp;
    tcp = net.createServer((socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => {});
      let buffered = Buffer.alloc(0);
      socket.on('data', async (chunk) => {
        buffered = Buffer.concat([buffered, chunk]);
        if (buffered.length < 2 || buffered.length < 2 + buffered.readUInt16BE(0)) return;
        const query = parseQuery(buffered.subarray(2, 2 + buffered.readUInt16BE(0)));
        buffered = Buffer.alloc(0);
        if (!query) return socket.destroy();
        const answer = await onTcp(query);
        if (answer === 'silent') return;
        if (answer === 'close') return socket.end();
        const bytes = frame(answer.bytes);
        if (!answer.trickleMs) return later(answer.delayMs ?? 0, () => socket.write(bytes));
        // One byte at a time: a slow or hostile link.
        let sent = 0;
        const next = (): void => {
          if (socket.destroyed || sent >= bytes.length) return;
          socket.write(bytes.subarray(sent, ++sent));
          later(answer.trickleMs!, next);
        };
        next();
      });
    });
    await new Promise<void>((resolve, reject) => {
      tcp!.once('error', reject);
      tcp!.listen(port, '127.0.0.1', () => resolve());
    });
  }
  return {
    server: `127.0.0.1:${port}`,
    port,
    close: async () => {
      for (const t of timers) clearTimeout(t);
      for (const s of sockets) s.destroy();
      await Promise.all([
        new Promise<void>((resolve) => udp.close(() => resolve())),
        tcp ? new Promise<void>((resolve) => tcp!.close(() => resolve())) : undefined,
      ]);
    },
  };
}

/** Sends a query to a real resolver over UDP and returns its answer (undefined on silence). */
export function relay(query: Query, upstream: { address: string; port: number }, timeoutMs = 2000): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    const socket = dgram.createSocket('udp4');
    const done = (answer: Buffer | undefined): void => {
      clearTimeout(timer);
      socket.close();
      resolve(answer);
    };
    const timer = setTimeout(() => done(undefined), timeoutMs);
    socket.on('message', (message) => done(message));
    socket.on('error', () => done(undefined));
    socket.send(query.raw, upstream.port, upstream.address);
  });
}
