// Raw DNS queries over UDP and TCP, so the tests see the lab's DNS server
// exactly as it answers on the wire (flags, rcode, record order, TTL).
import dgram from 'node:dgram';
import net from 'node:net';
import { Packet } from 'dns2';

export interface Server {
  address: string;
  port: number;
}

function encode(name: string, type: number): Buffer {
  const packet = new Packet();
  packet.header = new Packet.Header({ id: Packet.uuid(), rd: 1 });
  packet.questions.push(new Packet.Question(name, type, Packet.CLASS.IN));
  return packet.toBuffer();
}

/** The answer, or undefined when none came within `timeoutMs`. */
export function queryUdp(server: Server, name: string, type: number = Packet.TYPE.A, timeoutMs = 1000): Promise<Packet | undefined> {
  return new Promise((resolve, reject) => {
    const socket = dgram.createSocket('udp4');
    const done = (answer: Packet | undefined) => {
      clearTimeout(timer);
      socket.close();
      resolve(answer);
    };
    const timer = setTimeout(() => done(undefined), timeoutMs);
    socket.on('message', (message) => done(Packet.parse(message)));
    socket.on('error', reject);
    socket.send(encode(name, type), server.port, server.address);
  });
}

/** The answer over TCP (RFC 1035 §4.2.2: each message behind a 2-byte length). */
export function queryTcp(server: Server, name: string, type: number = Packet.TYPE.A, timeoutMs = 1000): Promise<Packet | undefined> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(server.port, server.address);
    const timer = setTimeout(() => done(undefined), timeoutMs);
    const done = (answer: Packet | undefined) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(answer);
    };
    const message = encode(name, type);
    const length = Buffer.alloc(2);
    length.writeUInt16BE(message.length);
    socket.write(Buffer.concat([length, message]));
    let received = Buffer.alloc(0);
    socket.on('data', (chunk) => {
      received = Buffer.concat([received, chunk]);
      if (received.length >= 2 && received.length >= 2 + received.readUInt16BE(0)) {
        done(Packet.parse(received.subarray(2, 2 + received.readUInt16BE(0))));
      }
    });
    socket.on('error', reject);
  });
}
