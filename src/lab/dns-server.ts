// The lab's "custom DNS server": a recursive resolver on 127.0.0.1 that answers
// from a fixed zone, over UDP and TCP on the same port, with the faults real
// custom DNS servers show.
import type { Socket } from 'node:net';
import { Packet, TCPServer, UDPServer } from 'dns2';
import type { DnsHandler, Resource } from 'dns2';

export type DnsBehaviour =
  | { a: string[] }
  | { cname: string }
  | { rcode: 'NXDOMAIN' | 'SERVFAIL' | 'REFUSED' }
  | { drop: true }
  | { nodata: true }
  /** TC set and no records over UDP; the answer (these A records, or none) over TCP. */
  | { truncate: true; a?: string[] };

/** Lower-cased name → behaviour. Names not in the zone are NXDOMAIN. */
export type DnsZone = Record<string, DnsBehaviour>;

export interface LabDnsServer {
  address: string;
  port: number;
  stop(): Promise<void>;
}

const ADDRESS = '127.0.0.1';
const TTL = 60;
const MAX_CHAIN = 8;
// RFC 1035 §4.1.1 (dns2's typings do not declare its Packet.RCODE).
const RCODE = { NOERROR: 0, SERVFAIL: 2, NXDOMAIN: 3, REFUSED: 5 } as const;

interface Answer {
  rcode: number;
  records: Resource[];
  truncate: boolean;
}

function record(name: string, type: number, data: Partial<Resource>): Resource {
  return new Packet.Resource({ name, type, class: Packet.CLASS.IN, ttl: TTL, ...data });
}

/** What a recursive resolver would say: CNAME chains are followed inside the
 *  zone and returned whole, and the rcode is that of the chain's last name.
 *  `undefined` means the query is dropped. */
function resolve(zone: DnsZone, name: string, type: number): Answer | undefined {
  const records: Resource[] = [];
  let owner = name;
  for (let hop = 0; hop < MAX_CHAIN; hop++) {
    const behaviour = zone[owner.toLowerCase()];
    if (!behaviour) return { rcode: RCODE.NXDOMAIN, records, truncate: false };
    if ('drop' in behaviour) return undefined;
    if ('rcode' in behaviour) return { rcode: RCODE[behaviour.rcode], records, truncate: false };
    if ('cname' in behaviour) {
      records.push(record(owner, Packet.TYPE.CNAME, { domain: behaviour.cname }));
      if (type === Packet.TYPE.CNAME) return { rcode: RCODE.NOERROR, records, truncate: false };
      owner = behaviour.cname;
      continue;
    }
    // An A-only name asked for AAAA (or anything else) is NOERROR with no records.
    const addresses = 'a' in behaviour && type === Packet.TYPE.A ? (behaviour.a ?? []) : [];
    records.push(...addresses.map((address) => record(owner, Packet.TYPE.A, { address })));
    return { rcode: RCODE.NOERROR, records, truncate: 'truncate' in behaviour };
  }
  // A chain this long is a loop: resolvers give up with SERVFAIL.
  return { rcode: RCODE.SERVFAIL, records: [], truncate: false };
}

function handler(zone: DnsZone, overTcp: boolean): DnsHandler {
  return (request, send) => {
    const [question] = request.questions;
    const answer = resolve(zone, question.name, question.type);
    if (!answer) return;
    const response = Packet.createResponseFromRequest(request);
    response.header.ra = 1;
    response.header.rcode = answer.rcode;
    if (answer.truncate && !overTcp) response.header.tc = 1;
    else response.answers = answer.records;
    // A client that went away must not crash the lab.
    send(response).catch(() => {});
  };
}

function listenTcp(server: TCPServer, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, ADDRESS, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

export async function startDnsServer(zone: DnsZone): Promise<LabDnsServer> {
  // UDP takes a random port first, TCP must get the same one; it rarely
  // collides with a connection's ephemeral port, so try again when it does.
  for (let attempt = 1; ; attempt++) {
    const udp = new UDPServer(handler(zone, false));
    await udp.listen(0, ADDRESS);
    const port = udp.address().port;
    const tcp = new TCPServer(handler(zone, true));
    try {
      await listenTcp(tcp, port);
    } catch (error) {
      udp.close();
      if (attempt === 5) throw error;
      continue;
    }
    // Dropped queries leave TCP clients waiting; stop() must not wait for them.
    const sockets = new Set<Socket>();
    tcp.on('connection', (socket: Socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    const stop = async () => {
      for (const socket of sockets) socket.destroy();
      await Promise.all([
        new Promise<void>((resolve) => udp.close(() => resolve())),
        new Promise<void>((resolve) => tcp.close(() => resolve())),
      ]);
    };
    return { address: ADDRESS, port, stop };
  }
}
