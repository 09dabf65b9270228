// DNS messages: build a query, check that an answer is really the answer to
// it (id, question, counts that fit), and read what it says for one record
// type: the CNAME chain from the asked name, and the addresses at its end.
// decode.ts reads the bytes; these checks turn damage into DNS_MALFORMED
// instead of a wrong NODATA.

import { randomInt } from 'node:crypto';
import { domainToASCII } from 'node:url';
import { errorMessage } from '../deadline.ts';
import { decodeMessage, type Message, TYPE_A, TYPE_AAAA, TYPE_CNAME } from './decode.ts';

export { TYPE_A, TYPE_AAAA };
const CLASS_IN = 1;
export type AddressType = 'A' | 'AAAA';

const RCODE_NAMES: Record<number, string> = { 0: 'NOERROR', 1: 'FORMERR', 2: 'SERVFAIL', 3: 'NXDOMAIN', 4: 'NOTIMP', 5: 'REFUSED' };
export const RCODE = { NOERROR: 0, NXDOMAIN: 3, REFUSED: 5 } as const;

export function rcodeName(rcode: number): string {
  return RCODE_NAMES[rcode] ?? `RCODE${rcode}`;
}

/** RFC 5452 §3: the whole 16-bit space, from a CSPRNG, so a forged answer must guess it. */
export function newQueryId(): number {
  return randomInt(0x10000);
}

/** One question, recursion desired (the bytes dns2 writes, tested against it). */
export function encodeQuery(id: number, qname: string, qtype: number): Buffer {
  const labels = qname.split('.').filter((label) => label !== '');
  let nameOctets = 1;
  for (const label of labels) {
    if (label.length > 63) nameOctets = Number.POSITIVE_INFINITY;
    nameOctets += label.length + 1;
  }
  if (nameOctets > 255) throw new Error(`"${qname}" cannot be a DNS name: a label over 63 octets, or over 255 in all`);
  const msg = Buffer.alloc(12 + nameOctets + 4);
  msg.writeUInt16BE(id, 0);
  msg.writeUInt16BE(0x0100, 2); // RD
  msg.writeUInt16BE(1, 4); // QDCOUNT
  let at = 12;
  for (const label of labels) {
    msg[at++] = label.length;
    at += msg.write(label, at, 'latin1');
  }
  at++; // the root label
  msg.writeUInt16BE(qtype, at);
  msg.writeUInt16BE(CLASS_IN, at + 2);
  return msg;
}

type Checked = { kind: 'packet'; packet: Message } | { kind: 'malformed'; detail: string } | { kind: 'ignore' };

/** Is `msg` the answer to query `id` for (qname, qtype)? Over UDP a stranger's datagram is ignored, over TCP it is damage. */
export function checkResponse(msg: Buffer, id: number, qname: string, qtype: number, transport: 'udp' | 'tcp'): Checked {
  if (msg.length < 12) return { kind: 'malformed', detail: `${msg.length}-byte packet, shorter than a DNS header` };
  if (msg.readUInt16BE(0) !== id)
    return transport === 'udp' ? { kind: 'ignore' } : { kind: 'malformed', detail: 'answer id does not match the query' };
  const qd = msg.readUInt16BE(4);
  const an = msg.readUInt16BE(6);
  const ns = msg.readUInt16BE(8);
  const ar = msg.readUInt16BE(10);
  // Smallest question is 5 bytes, smallest record 11: more announced than fits is garbage.
  if (qd * 5 + (an + ns + ar) * 11 > msg.length - 12) {
    return { kind: 'malformed', detail: `header announces ${qd + an + ns + ar} entries that do not fit in ${msg.length} bytes` };
  }
  let packet: Message;
  try {
    packet = decodeMessage(msg);
  } catch (err) {
    return { kind: 'malformed', detail: `unparseable packet (${errorMessage(err)})` };
  }
  const header = packet.header;
  if (header.qr !== 1) return { kind: 'malformed', detail: 'packet is a query, not a response' };
  if (packet.questions.length !== qd) return { kind: 'malformed', detail: 'the question could not be decoded' };
  const question = packet.questions[0];
  if (question && (normalizeName(question.name) !== qname || question.type !== qtype)) {
    return { kind: 'malformed', detail: `answer is for another question (${question.name})` };
  }
  return { kind: 'packet', packet };
}

export type Answer = { kind: 'answer'; rcode: number; chain: string[]; addresses: string[]; ttl: number | null };

/** The chain from qname and the qtype addresses at its end; damaged record data is malformed. */
export function readAnswer(packet: Message, qname: string, qtype: number): Answer | { kind: 'malformed'; detail: string } {
  const ttls: number[] = [];
  const chain: string[] = [];
  let current = qname;
  for (;;) {
    const cname = packet.answers.find((r) => r.type === TYPE_CNAME && normalizeName(r.name) === current);
    if (!cname?.domain) break;
    ttls.push(cname.ttl);
    current = normalizeName(cname.domain);
    if (current === qname || chain.includes(current)) break; // a CNAME loop ends with no data
    chain.push(current);
  }
  const addresses: string[] = [];
  for (const record of packet.answers) {
    if (record.type !== qtype || normalizeName(record.name) !== current) continue;
    if (!record.address) {
      return { kind: 'malformed', detail: `invalid ${qtype === TYPE_A ? 'A' : 'AAAA'} record data "${record.badAddress ?? ''}"` };
    }
    ttls.push(record.ttl);
    if (!addresses.includes(record.address)) addresses.push(record.address);
  }
  return { kind: 'answer', rcode: packet.header.rcode, chain, addresses, ttl: minTtl(ttls) };
}

/** ASCII form of a name we can put in a question, or undefined if it cannot be one. */
export function toQueryName(name: string): string | undefined {
  const ascii = domainToASCII(name);
  if (!ascii || ascii.length > 253) return undefined;
  const labels = ascii.split('.');
  return labels.every((label) => label.length > 0 && label.length <= 63) ? ascii.toLowerCase() : undefined;
}

export function normalizeName(name: string): string {
  return name.replace(/\.$/, '').toLowerCase();
}

export function minTtl(ttls: (number | null)[]): number | null {
  const known = ttls.filter((t): t is number => typeof t === 'number');
  return known.length > 0 ? Math.min(...known) : null;
}
