// One question to one resolver, on our own sockets: UDP first (asked once
// more halfway through the deadline, so one lost datagram is not a timeout),
// TCP when the answer is truncated, as real stub resolvers do. Nothing here
// outlives the deadline: its cleanup ends the question, and a resolver's
// shared UDP socket closes with the last question on it.

import dgram from 'node:dgram';
import net from 'node:net';
import { errorCode, errorMessage, type Deadline } from '../deadline.ts';
import type { Message } from './decode.ts';
import { checkResponse, encodeQuery, newQueryId, readAnswer, type Answer } from './packet.ts';

export interface DnsServer {
  address: string;
  port: number;
}

export type Transport = 'udp' | 'tcp';
export type QueryFailure = { kind: 'timeout' | 'unreachable' | 'malformed'; transport: Transport; detail: string };
export type QueryResult = (Answer & { transport: Transport }) | QueryFailure;
type Received = { kind: 'packet'; packet: Message } | QueryFailure;

const MAX_TCP_MESSAGE = 65_535;

export function serverLabel(server: DnsServer): string {
  return server.address.includes(':') ? `[${server.address}]:${server.port}` : `${server.address}:${server.port}`;
}

export async function query(server: DnsServer, qname: string, qtype: number, deadline: Deadline): Promise<QueryResult> {
  const udp = await queryUdp(server, qname, qtype, deadline);
  if (udp.kind !== 'packet') return udp;
  if (!udp.packet.header.tc) return withTransport(readAnswer(udp.packet, qname, qtype), 'udp');
  const tcp = await queryTcp(server, qname, qtype, deadline);
  if (tcp.kind !== 'packet') return { ...tcp, detail: `answer truncated over UDP, and over TCP: ${tcp.detail}` };
  return withTransport(readAnswer(tcp.packet, qname, qtype), 'tcp');
}

function withTransport(read: ReturnType<typeof readAnswer>, transport: Transport): QueryResult {
  return { ...read, transport };
}

function queryUdp(server: DnsServer, qname: string, qtype: number, deadline: Deadline): Promise<Received> {
  return new Promise((resolve) => {
    const channel = channelTo(server);
    let malformed: string | undefined;
    let settled = false;
    let retransmit: NodeJS.Timeout | undefined;
    let forget = (): void => {};

    const finish = (result: Received): void => {
      if (settled) return;
      settled = true;
      clearTimeout(retransmit);
      forget();
      channel.leave(id);
      resolve(result);
    };
    const id = channel.join({
      onMessage(msg) {
        const checked = checkResponse(msg, id, qname, qtype, 'udp');
        if (checked.kind === 'ignore') return;
        if (checked.kind === 'malformed') {
          // Keep listening: the real answer may still come.
          malformed = checked.detail;
          return;
        }
        finish(checked);
      },
      onError: (err) => finish(udpError(err)),
    });
    forget = deadline.onCleanup(() =>
      finish(
        malformed
          ? { kind: 'malformed', transport: 'udp', detail: malformed }
          : { kind: 'timeout', transport: 'udp', detail: 'no UDP reply' },
      ),
    );
    if (settled) return; // the deadline had already passed
    const message = encodeQuery(id, qname, qtype);
    const send = (): void => {
      if (!settled) channel.send(message);
    };
    retransmit = setTimeout(send, Math.max(1, deadline.remainingMs() / 2));
    send();
  });
}

interface Question {
  onMessage(msg: Buffer): void;
  onError(err: Error): void;
}

// One UDP socket per resolver, shared by the questions in flight to it, as
// c-ares does: a socket of its own per question cost five system calls (1,000
// hosts: 2,000 sockets). Answers go to their question by id, which the
// question then checks with the rest of the answer; the id is still the
// CSPRNG's, unique among the questions in flight. The socket is connected, so
// the kernel drops datagrams from anyone but the resolver and reports ICMP
// port unreachable (ECONNREFUSED), which answers every waiting question.
// It closes when its last question is done.
const channels = new Map<string, UdpChannel>();

function channelTo(server: DnsServer): UdpChannel {
  const key = serverLabel(server);
  let channel = channels.get(key);
  if (!channel) {
    channel = new UdpChannel(server, () => channels.delete(key));
    channels.set(key, channel);
  }
  return channel;
}

class UdpChannel {
  readonly #socket: dgram.Socket;
  readonly #questions = new Map<number, Question>();
  readonly #closed: () => void;
  #connected = false;
  #waitingToSend: (() => void)[] = [];
  #open = true;

  constructor(server: DnsServer, closed: () => void) {
    this.#closed = closed;
    this.#socket = dgram.createSocket(net.isIPv6(server.address) ? 'udp6' : 'udp4');
    this.#socket.on('message', (msg, from) => {
      if (msg.length < 2 || from.port !== server.port || !sameAddress(from.address, server.address)) return;
      this.#questions.get(msg.readUInt16BE(0))?.onMessage(msg);
    });
    this.#socket.on('error', (err) => this.#fail(err));
    this.#socket.connect(server.port, server.address, (err?: Error) => {
      if (err) return this.#fail(err);
      this.#connected = true;
      for (const send of this.#waitingToSend.splice(0)) send();
    });
  }

  /** Registers a question; returns its id. */
  join(question: Question): number {
    let id = newQueryId();
    while (this.#questions.has(id)) id = newQueryId();
    this.#questions.set(id, question);
    return id;
  }

  leave(id: number): void {
    this.#questions.delete(id);
    if (this.#questions.size === 0) this.#close();
  }

  send(message: Buffer): void {
    if (!this.#connected) {
      this.#waitingToSend.push(() => this.send(message));
      return;
    }
    this.#socket.send(message, (err) => err && this.#fail(err));
  }

  /**
   * A socket error is every waiting question's: they end with it, and the next question opens a new socket.
   * ICMP port unreachable comes back on whichever call is next, a send or a receive, so send errors count too.
   */
  #fail(err: Error): void {
    this.#close();
    for (const question of [...this.#questions.values()]) question.onError(err);
  }

  #close(): void {
    if (!this.#open) return;
    this.#open = false;
    this.#closed();
    try {
      this.#socket.close();
    } catch {
      // already closed
    }
  }
}

function udpError(err: Error): QueryFailure {
  const code = errorCode(err);
  if (code === 'ECONNREFUSED')
    return { kind: 'unreachable', transport: 'udp', detail: 'ICMP port unreachable: nothing listens on that UDP port' };
  return { kind: 'unreachable', transport: 'udp', detail: `UDP error ${code ?? errorMessage(err)}` };
}

function queryTcp(server: DnsServer, qname: string, qtype: number, deadline: Deadline): Promise<Received> {
  return new Promise((resolve) => {
    const id = newQueryId();
    const message = encodeQuery(id, qname, qtype);
    const frame = Buffer.alloc(2 + message.length);
    frame.writeUInt16BE(message.length, 0);
    message.copy(frame, 2);

    const socket = net.connect({ host: server.address, port: server.port });
    let received = Buffer.alloc(0);
    let settled = false;
    let forget = (): void => {};
    const partial = (): string => `connection ended after ${received.length} bytes of the answer`;

    const finish = (result: Received): void => {
      if (settled) return;
      settled = true;
      forget();
      socket.destroy();
      resolve(result);
    };
    forget = deadline.onCleanup(() =>
      finish(
        received.length > 0
          ? { kind: 'malformed', transport: 'tcp', detail: `${partial()} when the deadline hit` }
          : { kind: 'timeout', transport: 'tcp', detail: 'no TCP answer' },
      ),
    );

    socket.on('connect', () => socket.write(frame));
    socket.on('data', (chunk: Buffer) => {
      // Answers may trickle in: collect until the 2-byte length is satisfied, never more than one message.
      received = Buffer.concat([received, chunk]);
      if (received.length < 2) return;
      const length = Math.min(received.readUInt16BE(0), MAX_TCP_MESSAGE);
      if (received.length < 2 + length) return;
      const checked = checkResponse(received.subarray(2, 2 + length), id, qname, qtype, 'tcp');
      finish(
        checked.kind === 'packet'
          ? checked
          : { kind: 'malformed', transport: 'tcp', detail: checked.kind === 'malformed' ? checked.detail : 'wrong answer id' },
      );
    });
    socket.on('error', (err) => {
      const code = errorCode(err);
      if (received.length > 0) finish({ kind: 'malformed', transport: 'tcp', detail: partial() });
      else if (code === 'ECONNREFUSED') finish({ kind: 'unreachable', transport: 'tcp', detail: 'TCP 53 refused' });
      else finish({ kind: 'unreachable', transport: 'tcp', detail: `TCP error ${code ?? errorMessage(err)}` });
    });
    socket.on('close', () =>
      finish(
        received.length > 0
          ? { kind: 'malformed', transport: 'tcp', detail: partial() }
          : { kind: 'unreachable', transport: 'tcp', detail: 'the server closed the TCP connection without answering' },
      ),
    );
  });
}

function sameAddress(a: string, b: string): boolean {
  if (a === b) return true;
  try {
    // Same IPv6 address written two ways; the socket is connected, so the kernel already filtered.
    return net.isIPv6(a) && net.isIPv6(b) && new URL(`http://[${a}]`).hostname === new URL(`http://[${b}]`).hostname;
  } catch {
    return true;
  }
}
