// The JSON report is written a check at a time (a run of thousands of checks is
// never held as one string): byte for byte what JSON.stringify of the redacted
// report writes, whatever the report holds.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { jsonChunks } from '../../src/report/json.ts';
import { redact } from '../../src/report/redact.ts';
import type { Report } from '../../src/types.ts';

const value = fc.oneof(
  fc.string(),
  fc.constantFrom('https://user:secret@proxy:3128/', 'x?sig=abc&se=1', 'line\nbreak', '"quoted"', 'ünïcode \u2028'),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
);
const evidence = fc.dictionary(
  fc.constantFrom('url', 'password', 'authorization', 'headers', 'addresses', 'note'),
  fc.oneof(value, fc.array(value)),
);
const check = fc.record(
  { id: fc.string(), status: fc.constantFrom('pass', 'fail', 'skip'), message: value, code: value, evidence },
  { requiredKeys: ['id', 'status'] },
);
const report = fc.record(
  {
    schemaVersion: fc.constant(1),
    target: fc.dictionary(fc.string(), value),
    summary: fc.record({ pass: fc.nat(), fail: fc.nat() }),
    rootCause: fc.option(fc.record({ check: fc.string() }), { nil: undefined }),
    phases: fc.array(fc.record({ id: fc.string() })),
    checks: fc.array(check, { maxLength: 40 }),
  },
  { requiredKeys: ['schemaVersion', 'checks'] },
);

test('the pieces join into exactly what JSON.stringify writes for the redacted report', () => {
  fc.assert(
    fc.property(report, (r) => {
      assert.equal([...jsonChunks(r as unknown as Report, redact)].join(''), `${JSON.stringify(redact(r), null, 2)}\n`);
    }),
    { numRuns: 300 },
  );
});

test('a report of thousands of checks comes in pieces of about 64 KB, each check redacted', () => {
  const checks = Array.from({ length: 4000 }, (_, i) => ({ id: `c${i}/http`, status: 'pass', evidence: { url: `https://u:p${i}@h/` } }));
  const pieces = [...jsonChunks({ schemaVersion: 1, checks } as unknown as Report, redact)];
  const text = pieces.join('');
  assert.ok(pieces.length >= Math.floor(text.length / 70_000) && pieces.length > 1, `${pieces.length} pieces`);
  assert.ok(Math.max(...pieces.map((p) => p.length)) < 70_000);
  assert.doesNotMatch(text, /u:p\d/);
  assert.equal((JSON.parse(text) as Report).checks.length, 4000);
});
