// Reading a DNS message (RFC 1035 §4.1) straight from its bytes: the header,
// the question, and every record's owner, type, TTL and the data we judge
// (A, AAAA, CNAME). dns2's reader goes bit by bit and left about 95 KB of
// garbage per answer at 1,000 hosts; this reads each field once.
// Damage throws: a name that loops or runs past the end, a record longer than
// the message. A truncated (TC) message keeps the records that fit.

export interface Question {
  name: string;
  type: number;
}

export interface ResourceRecord {
  name: string;
  type: number;
  ttl: number;
  /** A and AAAA: the address as text (AAAA in RFC 5952 form). */
  address?: string;
  /** A or AAAA data of the wrong length, shown as its bytes ("1.2.3"): judged invalid. */
  badAddress?: string;
  /** CNAME: the target name. */
  domain?: string;
}

export interface Message {
  header: { id: number; qr: number; tc: number; rcode: number; qdcount: number; ancount: number };
  questions: Question[];
  answers: ResourceRecord[];
}

export const TYPE_A = 1;
export const TYPE_CNAME = 5;
export const TYPE_AAAA = 28;
const TYPE_OPT = 41;
const MAX_NAME_OCTETS = 255;

class Damaged extends Error {}

/** The name at `offset`, and where the bytes after it start (after the first pointer, if any). */
function readName(msg: Buffer, offset: number): { name: string; next: number } {
  const labels: string[] = [];
  let visited: Set<number> | undefined;
  let at = offset;
  let next = -1;
  let octets = 1;
  for (;;) {
    if (at >= msg.length) throw new Damaged(`name at offset ${offset} runs past the end`);
    const len = msg[at]!;
    if (len === 0) break;
    if ((len & 0xc0) === 0xc0) {
      if (at + 1 >= msg.length) throw new Damaged(`name at offset ${offset} runs past the end`);
      const target = ((len & 0x3f) << 8) | msg[at + 1]!;
      visited ??= new Set();
      if (visited.has(target)) throw new Damaged(`name at offset ${offset}: compression pointer loop`);
      visited.add(target);
      if (next < 0) next = at + 2;
      at = target;
      continue;
    }
    if (len & 0xc0) throw new Damaged(`name at offset ${offset}: invalid label length byte 0x${len.toString(16)}`);
    octets += len + 1;
    if (octets > MAX_NAME_OCTETS) throw new Damaged(`name at offset ${offset} exceeds ${MAX_NAME_OCTETS} octets`);
    if (at + 1 + len > msg.length) throw new Damaged(`name at offset ${offset} runs past the end`);
    labels.push(msg.toString('latin1', at + 1, at + 1 + len));
    at += 1 + len;
  }
  return { name: labels.join('.'), next: next < 0 ? at + 1 : next };
}

/** RFC 5952: lower-case hex groups, the first longest run of two or more zero groups as "::". */
function ipv6Text(msg: Buffer, at: number): string {
  const groups: string[] = [];
  for (let i = 0; i < 8; i++) groups.push(msg.readUInt16BE(at + 2 * i).toString(16));
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0, run = 0; i < 8; i++) {
    run = groups[i] === '0' ? run + 1 : 0;
    if (run > bestLen) {
      bestLen = run;
      bestStart = i - run + 1;
    }
  }
  if (bestLen < 2) return groups.join(':');
  return `${groups.slice(0, bestStart).join(':')}::${groups.slice(bestStart + bestLen).join(':')}`;
}

/** Record data as text for the types we judge; an address of the wrong length is kept as its bytes, to be judged invalid. */
function readData(msg: Buffer, type: number, at: number, length: number, record: ResourceRecord): void {
  if (type === TYPE_A && length === 4) {
    record.address = `${msg[at]}.${msg[at + 1]}.${msg[at + 2]}.${msg[at + 3]}`;
  } else if (type === TYPE_AAAA && length === 16) {
    record.address = ipv6Text(msg, at);
  } else if (type === TYPE_A || type === TYPE_AAAA) {
    record.badAddress = Array.from(msg.subarray(at, at + length)).join('.');
  } else if (type === TYPE_CNAME) {
    const { name, next } = readName(msg, at);
    if (next > at + length) throw new Damaged(`CNAME at offset ${at} runs past its record`);
    record.domain = name;
  }
}

/** Decode `msg`; throws an Error whose message says where the damage is. */
export function decodeMessage(msg: Buffer): Message {
  if (msg.length < 12) throw new Damaged(`${msg.length}-byte packet, shorter than a DNS header`);
  const flags = msg.readUInt16BE(2);
  const header = {
    id: msg.readUInt16BE(0),
    qr: flags >> 15,
    tc: (flags >> 9) & 1,
    rcode: flags & 0xf,
    qdcount: msg.readUInt16BE(4),
    ancount: msg.readUInt16BE(6),
  };
  const message: Message = { header, questions: [], answers: [] };
  const counts = [header.qdcount, header.ancount, msg.readUInt16BE(8), msg.readUInt16BE(10)];
  let at = 12;
  try {
    for (let q = 0; q < counts[0]!; q++) {
      const { name, next } = readName(msg, at);
      if (next + 4 > msg.length) throw new Damaged(`question at offset ${at} runs past the end`);
      message.questions.push({ name, type: msg.readUInt16BE(next) });
      at = next + 4;
    }
    for (let section = 1; section <= 3; section++) {
      for (let r = 0; r < counts[section]!; r++) {
        const { name, next } = readName(msg, at);
        if (next + 10 > msg.length) throw new Damaged(`record at offset ${at} runs past the end`);
        const type = msg.readUInt16BE(next);
        const ttl = msg.readUInt32BE(next + 4);
        const length = msg.readUInt16BE(next + 8);
        const data = next + 10;
        if (data + length > msg.length) throw new Damaged(`record at offset ${at} claims ${length} bytes of data past the end`);
        // RFC 2181 §8: a TTL with the high bit set is read as the largest positive one.
        const record: ResourceRecord = { name, type, ttl: Math.min(ttl, 0x7fffffff) };
        readData(msg, type, data, length, record);
        if (section === 1) message.answers.push(record);
        // RFC 6891 §6.1.3: with an OPT record the RCODE has 12 bits, the high 8 in the OPT's TTL.
        else if (section === 3 && type === TYPE_OPT && ttl >>> 24) header.rcode = ((ttl >>> 24) << 4) | header.rcode;
        at = data + length;
      }
    }
  } catch (err) {
    // A truncated answer is cut short by design: what fits is all it says.
    if (!(err instanceof Damaged) || !header.tc) throw err;
  }
  return message;
}
