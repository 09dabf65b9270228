// DNS messages built byte by byte, so a hostile peer can send exactly the
// damage it means to (a library would refuse to encode most of it).

export const TYPE = { A: 1, CNAME: 5, AAAA: 28 } as const;

export interface Query {
  id: number;
  /** The question section as sent, to echo back. */
  question: Buffer;
  name: string;
  type: number;
  raw: Buffer;
}

/** Reads the id and the question of a query; undefined when it is not one. */
export function parseQuery(raw: Buffer): Query | undefined {
  if (raw.length < 17) return undefined;
  const labels: string[] = [];
  let offset = 12;
  while (offset < raw.length && raw[offset] !== 0) {
    const length = raw[offset]!;
    if (length > 63) return undefined;
    labels.push(raw.subarray(offset + 1, offset + 1 + length).toString('latin1'));
    offset += 1 + length;
  }
  const end = offset + 5;
  if (end > raw.length) return undefined;
  return {
    id: raw.readUInt16BE(0),
    question: raw.subarray(12, end),
    name: labels.join('.').toLowerCase(),
    type: raw.readUInt16BE(offset + 1),
    raw,
  };
}

export interface ReplyOptions {
  id?: number;
  rcode?: number;
  tc?: boolean;
  /** Raw resource records (answer section). */
  answers?: Buffer[];
  /** Overrides of the header's counts, to lie about them. */
  counts?: { an?: number };
}

export function reply(query: Query, options: ReplyOptions = {}): Buffer {
  const header = Buffer.alloc(12);
  header.writeUInt16BE(options.id ?? query.id, 0);
  // QR, opcode 0, RD copied, RA, TC when asked.
  header[2] = 0x80 | (options.tc ? 0x02 : 0) | (query.raw[2]! & 0x01);
  header[3] = 0x80 | ((options.rcode ?? 0) & 0x0f);
  header.writeUInt16BE(1, 4);
  header.writeUInt16BE(options.counts?.an ?? options.answers?.length ?? 0, 6);
  return Buffer.concat([header, query.question, ...(options.answers ?? [])]);
}

/** An A record whose owner is the question's name (a pointer to offset 12). */
export function aRecord(address: string, options: { rdlength?: number; owner?: Buffer } = {}): Buffer {
  const fixed = Buffer.alloc(10);
  fixed.writeUInt16BE(TYPE.A, 0);
  fixed.writeUInt16BE(1, 2);
  fixed.writeUInt32BE(60, 4);
  fixed.writeUInt16BE(options.rdlength ?? 4, 8);
  return Buffer.concat([options.owner ?? Buffer.from([0xc0, 0x0c]), fixed, Buffer.from(address.split('.').map(Number))]);
}

/** A name that is a compression pointer to itself: a parser that follows it never ends. */
export function selfPointer(offset: number): Buffer {
  return Buffer.from([0xc0 | (offset >> 8), offset & 0xff]);
}

/** RFC 1035 §4.2.2: over TCP every message follows its 2-byte length. */
export function frame(message: Buffer): Buffer {
  const length = Buffer.alloc(2);
  length.writeUInt16BE(message.length);
  return Buffer.concat([length, message]);
}
