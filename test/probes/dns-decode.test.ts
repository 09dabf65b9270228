// The DNS reader against dns2, the library the lab's servers encode with:
// whatever dns2 writes (compressed names, CNAME chains, A and AAAA), both read
// the same records; and damaged bytes end in an Error, never a hang or a crash.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import dns2 from 'dns2';
import fc from 'fast-check';
import { decodeMessage } from '../../src/probes/dns/decode.ts';

const { Packet } = dns2;

const label = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,20}[a-z0-9])?$/);
const name = fc.array(label, { minLength: 1, maxLength: 5 }).map((labels) => labels.join('.'));
const ipv4 = fc.ipV4();
// dns2 writes an IPv6 address from its full form; compressed forms are read back in RFC 5952 form.
const ipv6 = fc
  .array(fc.integer({ min: 0, max: 0xffff }), { minLength: 8, maxLength: 8 })
  .map((g) => g.map((x) => x.toString(16)).join(':'));
const record = fc.oneof(
  fc.record({ type: fc.constant(Packet.TYPE.A), name, ttl: fc.nat(), address: ipv4 }),
  fc.record({ type: fc.constant(Packet.TYPE.AAAA), name, ttl: fc.nat(), address: ipv6 }),
  fc.record({ type: fc.constant(Packet.TYPE.CNAME), name, ttl: fc.nat(), domain: name }),
);
const message = fc.record({
  id: fc.integer({ min: 0, max: 0xffff }),
  rcode: fc.constantFrom(0, 2, 3, 5),
  question: name,
  qtype: fc.constantFrom(Packet.TYPE.A, Packet.TYPE.AAAA),
  answers: fc.array(record, { maxLength: 8 }),
  authorities: fc.array(record, { maxLength: 2 }),
});

type Generated = typeof message extends fc.Arbitrary<infer T> ? T : never;

function encode(m: Generated): Buffer {
  const packet = new Packet();
  Object.assign(packet.header, { id: m.id, qr: 1, rd: 1, ra: 1, rcode: m.rcode });
  packet.questions.push(new Packet.Question(m.question, m.qtype, Packet.CLASS.IN));
  for (const r of m.answers) packet.answers.push(new Packet.Resource({ ...r, class: Packet.CLASS.IN }));
  for (const r of m.authorities) packet.authorities.push(new Packet.Resource({ ...r, class: Packet.CLASS.IN }));
  return packet.toBuffer();
}

const fields = (records: { name: string; type: number; ttl: number; address?: string; domain?: string }[]) =>
  records.map(({ name, type, ttl, address, domain }) => ({ name, type, ttl, address, domain }));

test('every message dns2 writes is read as dns2 reads it', () => {
  fc.assert(
    fc.property(message, (m) => {
      const bytes = encode(m);
      const ours = decodeMessage(bytes);
      const theirs = Packet.parse(bytes);
      assert.deepEqual(
        { id: ours.header.id, qr: ours.header.qr, tc: ours.header.tc, rcode: ours.header.rcode },
        { id: theirs.header.id, qr: theirs.header.qr, tc: theirs.header.tc, rcode: theirs.header.rcode },
      );
      assert.deepEqual(
        ours.questions,
        theirs.questions.map((q) => ({ name: q.name, type: q.type })),
      );
      assert.deepEqual(fields(ours.answers), fields(theirs.answers));
    }),
    { numRuns: 300 },
  );
});

test('an IPv6 address is written as RFC 5952 says', () => {
  const packet = new Packet();
  packet.header.qr = 1;
  for (const address of ['2001:db8:0:0:1:0:0:1', '0:0:0:0:0:0:0:1', 'fe80:0:0:0:0:0:0:0', '2001:db8:1:2:3:4:5:6', '1:0:2:0:3:0:4:0'])
    packet.answers.push(new Packet.Resource({ name: 'x', type: Packet.TYPE.AAAA, class: 1, ttl: 1, address }));
  assert.deepEqual(
    decodeMessage(packet.toBuffer()).answers.map((a) => a.address),
    ['2001:db8::1:0:0:1', '::1', 'fe80::', '2001:db8:1:2:3:4:5:6', '1:0:2:0:3:0:4:0'],
  );
});

test('damage throws an Error that says where, and a truncated answer keeps what fits', () => {
  const packet = new Packet();
  Object.assign(packet.header, { id: 7, qr: 1 });
  packet.questions.push(new Packet.Question('a.example', Packet.TYPE.A, Packet.CLASS.IN));
  packet.answers.push(new Packet.Resource({ name: 'a.example', type: Packet.TYPE.A, class: 1, ttl: 60, address: '10.0.0.1' }));
  packet.answers.push(new Packet.Resource({ name: 'a.example', type: Packet.TYPE.A, class: 1, ttl: 60, address: '10.0.0.2' }));
  const whole = packet.toBuffer();
  const cut = Buffer.from(whole.subarray(0, whole.length - 3));
  assert.throws(() => decodeMessage(cut), /offset \d+ .*past the end/);
  cut[2] = cut[2]! | 0x02; // TC
  assert.deepEqual(
    decodeMessage(cut).answers.map((a) => a.address),
    ['10.0.0.1'],
  );
  const loop = Buffer.from(whole);
  loop.writeUInt16BE(0xc000 | 12, 12); // the question's name points at itself
  assert.throws(() => decodeMessage(loop), /compression pointer loop/);
});

test('any damage to a valid message ends in a result or an Error', () => {
  fc.assert(
    fc.property(message, fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 6 }), (m, flips) => {
      const bytes = Buffer.from(encode(m));
      for (const [at, value] of flips) bytes[at % bytes.length] = value;
      try {
        decodeMessage(bytes);
      } catch (err) {
        assert.ok(err instanceof Error);
      }
    }),
    { numRuns: 500 },
  );
});
