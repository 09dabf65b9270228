// The DNS query is written by hand (a hot path); it must be byte for byte what dns2,
// the library that reads the answers, writes for the same question.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import dns2 from 'dns2';
import { encodeQuery, TYPE_A, TYPE_AAAA } from '../../src/probes/dns/packet.ts';

const { Packet } = dns2;

function dns2Query(id: number, qname: string, qtype: number): Buffer {
  const packet = new Packet();
  packet.header.id = id;
  packet.header.rd = 1;
  packet.questions.push(new Packet.Question(qname, qtype, Packet.CLASS.IN));
  return packet.toBuffer();
}

const names = [
  'mcr.microsoft.com',
  'myworkspace.privatelink.api.azureml.ms.',
  'xn--bcher-kva.example',
  `${'a'.repeat(63)}.example`,
  'localhost',
];

for (const name of names) {
  for (const [type, qtype] of [
    ['A', TYPE_A],
    ['AAAA', TYPE_AAAA],
  ] as const) {
    test(`the ${type} query for ${name} is the one dns2 writes`, () => {
      for (const id of [0, 1, 0xabcd, 0xffff]) assert.deepEqual(encodeQuery(id, name, qtype), dns2Query(id, name, qtype));
    });
  }
}

test('a name that cannot be a DNS name is refused', () => {
  assert.throws(() => encodeQuery(1, `${'a'.repeat(64)}.example`, TYPE_A), /cannot be a DNS name/);
  assert.throws(() => encodeQuery(1, Array(130).fill('ab').join('.'), TYPE_A), /cannot be a DNS name/);
});
