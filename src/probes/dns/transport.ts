// One question to one resolver, on our own sockets: UDP first (asked once
// more halfway through the deadline, so one lost datagram is not a timeout),
// TCP when the answer is truncated, as real stub resolvers do. Nothing here
// outlives the deadline: its cleanup closes every socket.

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
  return net.isIPv6(server.address) ? `[${server.address}]:${server.port}` : `${server.address}:${server.port}`;
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
    const id = newQueryId();
    const message = encodeQuery(id, qname, qtype);
    const socket = dgram.createSocket(net.isIPv6(server.address) ? 'udp6' : 'udp4');
    let malformed: string | undefined;
    let settled = false;
    let retransmit: NodeJS.Timeout | undefined;
    let forget = (): void => {};

    const finish = (result: Received): void => {
      if (settled) return;
      settled = true;
      clearTimeout(retransmit);
      forget();
      try {
        socket.close();
      } catch {
        // already closed
      }
      resolve(result);
    };
    forget = deadline.onCleanup(() =>
      finish(
        malformed
          ? { kind: 'malformed', transport: 'udp', detail: malformed }
          : { kind: 'timeout', transport: 'udp', detail: 'no UDP reply' },
      ),
    );
    if (settled) return; // the deadline had already passed
    const send = (): void => {
      if (!settled) socket.send(message, (err) => err && finish(udpError(err)));
    };
    retransmit = setTimeout(send, Math.max(1, deadline.remainingMs() / 2));

    socket.on('message', (msg, from) => {
      if (from.port !== server.port || !sameAddress(from.address, server.address)) return;
      const checked = checkResponse(msg, id, qname, qtype, 'udp');
      if (checked.kind === 'ignore') return;
      if (checked.kind === 'malformed') {
        // Keep listening: the real answer may still come.
        malformed = checked.detail;
        return;
      }
      finish(checked);
    });
    socket.on('error', (err) => finish(udpError(err)));
    // A connected socket sees ICMP port unreachable as ECONNREFUSED instead of silence.
    socket.connect(server.port, server.address, send);
  });
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
