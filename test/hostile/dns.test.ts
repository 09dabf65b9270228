// Never hang, never crash: a DNS server that answers with damage, lies or
// silence. Every name ends inside its deadline with a code, and the engine
// never sees an exception.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { runPreflight } from '../../src/preflight.ts';
import type { CheckResult, Report } from '../../src/types.ts';
import { aRecord, reply, selfPointer, TYPE, type Query } from './peers/dns-wire.ts';
import { startDnsPeer, type Answer, type DnsPeer } from './peers/dns-peer.ts';

const TIMEOUT_MS = 1000;
// Scheduling slack on a loaded 2-core CI machine; the deadline itself is TIMEOUT_MS.
const SLACK_MS = 400;

interface Row {
  name: string;
  what: string;
  udp: (q: Query) => Answer;
  tcp?: (q: Query) => Answer;
  /** Acceptable outcomes of the dns check ('pass' for an answer that is odd but valid). */
  codes: string[];
}

const noAddress = (q: Query): Answer => ({ bytes: reply(q) });
const truncated = (q: Query): Answer => ({ bytes: reply(q, { tc: true }) });
const addressesFor = (q: Query, count: number): Buffer[] =>
  q.type === TYPE.A ? Array.from({ length: count }, (_, i) => aRecord(`127.${1 + (i >> 16)}.${(i >> 8) & 255}.${i & 255 || 1}`)) : [];

const ROWS: Row[] = [
  {
    name: 'truncated',
    what: 'TC set over UDP, and TCP 53 closes without a word',
    udp: truncated,
    tcp: () => 'close',
    codes: ['DNS_TIMEOUT'],
  },
  {
    name: 'truncated-silent-tcp',
    what: 'TC set over UDP, and TCP 53 accepts and stays silent',
    udp: truncated,
    tcp: () => 'silent',
    codes: ['DNS_TIMEOUT'],
  },
  {
    name: 'truncated-trickle',
    what: 'TC set over UDP, and the TCP answer arrives one byte a second',
    udp: truncated,
    tcp: (q) => ({ bytes: reply(q, { answers: addressesFor(q, 1) }), trickleMs: 1000 }),
    codes: ['DNS_MALFORMED', 'DNS_TIMEOUT'],
  },
  {
    name: 'loop',
    what: 'an answer whose owner name is a compression pointer to itself',
    udp: (q) => ({ bytes: reply(q, { answers: [aRecord('127.0.0.1', { owner: selfPointer(12 + q.question.length) })] }) }),
    codes: ['DNS_MALFORMED'],
  },
  {
    name: 'wrong-id',
    what: 'every answer carries another query id',
    udp: (q) => ({ bytes: reply(q, { id: q.id ^ 0xffff, answers: addressesFor(q, 1) }) }),
    codes: ['DNS_TIMEOUT'],
  },
  {
    name: 'oversized',
    what: 'an A record whose RDLENGTH claims 65535 bytes',
    udp: (q) => ({ bytes: reply(q, { answers: [aRecord('127.0.0.1', { rdlength: 0xffff })] }) }),
    codes: ['DNS_MALFORMED'],
  },
  {
    name: 'lying-count',
    what: 'a header announcing 500 answers, carrying one',
    udp: (q) => ({ bytes: reply(q, { answers: addressesFor(q, 1), counts: { an: 500 } }) }),
    codes: ['DNS_MALFORMED'],
  },
  {
    name: 'late',
    what: 'a correct answer, one second after the deadline',
    udp: (q) => ({ bytes: reply(q, { answers: addressesFor(q, 1) }), delayMs: TIMEOUT_MS + 1000 }),
    codes: ['DNS_TIMEOUT'],
  },
  {
    name: 'garbage',
    what: 'the right id followed by random bytes',
    udp: (q) => ({ bytes: Buffer.concat([reply(q).subarray(0, 2), Buffer.from(Array.from({ length: 60 }, (_, i) => (i * 73) & 255))]) }),
    codes: ['DNS_MALFORMED'],
  },
  {
    name: 'echo',
    what: 'the query reflected back (a non-DNS echo service on port 53)',
    udp: (q) => ({ bytes: q.raw }),
    codes: ['DNS_MALFORMED'],
  },
  {
    name: 'cname-loop',
    what: 'a CNAME pointing at itself',
    udp: (q) => ({ bytes: reply(q, { answers: [cnameToSelf()] }) }),
    codes: ['DNS_NODATA', 'DNS_MALFORMED'],
  },
  {
    name: 'huge',
    what: 'TC over UDP, then 4,000 A records (64 KB) over TCP',
    udp: truncated,
    tcp: (q) => ({ bytes: reply(q, { answers: addressesFor(q, 4000) }) }),
    codes: ['pass'],
  },
  { name: 'empty', what: 'NOERROR with nothing in it', udp: noAddress, codes: ['DNS_NODATA'] },
  {
    name: 'aaaa-dropped',
    what: 'A answered at once, every AAAA query dropped',
    udp: (q) => (q.type === TYPE.AAAA ? 'silent' : { bytes: reply(q, { answers: addressesFor(q, 1) }) }),
    codes: ['DNS_AAAA_DROPPED'],
  },
];

/** owner = the question's name (pointer to 12), CNAME target = the same pointer. */
function cnameToSelf(): Buffer {
  const fixed = Buffer.alloc(10);
  fixed.writeUInt16BE(TYPE.CNAME, 0);
  fixed.writeUInt16BE(1, 2);
  fixed.writeUInt32BE(60, 4);
  fixed.writeUInt16BE(2, 8);
  return Buffer.concat([Buffer.from([0xc0, 0x0c]), fixed, Buffer.from([0xc0, 0x0c])]);
}

const host = (row: Row): string => `${row.name}.hostile.example`;

describe('hostile DNS answers: every lookup ends on time with a code', () => {
  let peer: DnsPeer;
  let report: Report;
  let wallMs: number;
  before(async () => {
    const byName = new Map(ROWS.map((r) => [host(r), r]));
    peer = await startDnsPeer({
      udp: (q) => byName.get(q.name)?.udp(q) ?? { bytes: reply(q, { rcode: 3 }) },
      tcp: (q) => byName.get(q.name)?.tcp?.(q) ?? 'close',
    });
    const started = performance.now();
    report = await runPreflight(
      { dns: { servers: [peer.server] }, dependencies: ROWS.map((r) => `tcp://${host(r)}:9`) },
      { only: ['dependency'], timeoutMs: TIMEOUT_MS, env: {} },
    );
    wallMs = performance.now() - started;
  });
  after(() => peer?.close());

  for (const row of ROWS) {
    test(`${row.name}: ${row.what} → ${row.codes.join(' or ')}`, () => {
      const check = report.checks.find((c) => c.id === `dependency@${host(row)}:9/dns`) as CheckResult;
      assert.ok(row.codes.includes(check.code ?? check.status), `${check.status} ${check.code}: ${check.message}`);
      assert.ok(check.durationMs <= TIMEOUT_MS + SLACK_MS, `${check.durationMs} ms`);
    });
  }

  test('the whole run ends within one deadline: lookups run side by side, none waits for another', () => {
    // DNS checks all start at once; the TCP check after "huge" is quick (nothing listens on port 9).
    assert.ok(wallMs <= TIMEOUT_MS + 2 * SLACK_MS, `${Math.round(wallMs)} ms`);
    assert.ok(
      !report.checks.some((c) => c.code === 'INTERNAL_ERROR'),
      JSON.stringify(report.checks.filter((c) => c.code === 'INTERNAL_ERROR')),
    );
  });
});
