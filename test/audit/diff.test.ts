import assert from 'node:assert/strict';
import { test } from 'node:test';
import { diffRuns } from '../../src/audit/diff.ts';
import { formatDrift } from '../../src/audit/format.ts';
import type { Status } from '../../src/types.ts';
import { check, reportOf } from '../metrics/report-fixture.ts';

/** Runs from rows of "id:status" (oldest first). */
const runs = (...rows: string[][]) =>
  rows.map((row, i) => ({
    id: `run${i}`,
    report: reportOf(
      row.map((cell) => {
        const [id, status, blockedBy] = cell.split(':');
        return check(id, status as Status, blockedBy ? { blockedBy } : {});
      }),
      `2025-11-2${i}T00:00:00.000Z`,
    ),
  }));

const cases: {
  name: string;
  runs: ReturnType<typeof runs>;
  broke?: string[];
  recovered?: string[];
  degraded?: string[];
  blocked?: string[];
  added?: string[];
  removed?: string[];
  flapping?: string[];
}[] = [
  { name: 'nothing changed', runs: runs(['a/dns:pass', 'b/dns:fail'], ['a/dns:pass', 'b/dns:fail']) },
  {
    name: 'a check broke',
    runs: runs(['a/dns:pass', 'a/tcp:pass'], ['a/dns:fail', 'a/tcp:skip:a/dns']),
    broke: ['a/dns'],
    blocked: ['a/tcp'],
  },
  { name: 'a check recovered', runs: runs(['a/dns:fail'], ['a/dns:pass']), recovered: ['a/dns'] },
  {
    name: 'a warning appeared, a warning cleared',
    runs: runs(['a/dns:pass', 'b/dns:warn'], ['a/dns:warn', 'b/dns:pass']),
    degraded: ['a/dns'],
    recovered: ['b/dns'],
  },
  { name: 'a warning became a failure', runs: runs(['a/dns:warn'], ['a/dns:fail']), broke: ['a/dns'] },
  {
    name: 'a new requirement fails from the start',
    runs: runs(['a/dns:pass'], ['a/dns:pass', 'n/dns:fail']),
    broke: ['n/dns'],
    added: ['n/dns'],
  },
  { name: 'a check no longer runs', runs: runs(['a/dns:pass', 'gone/dns:fail'], ['a/dns:pass']), removed: ['gone/dns'] },
  {
    name: 'flapping over the window, fixed in the last run',
    runs: runs(['f/dns:pass'], ['f/dns:fail'], ['f/dns:pass'], ['f/dns:fail'], ['f/dns:pass']),
    recovered: ['f/dns'],
    flapping: ['f/dns'],
  },
  {
    name: 'broken and staying broken is not flapping',
    runs: runs(['f/dns:pass'], ['f/dns:fail'], ['f/dns:fail'], ['f/dns:fail']),
    flapping: [],
  },
  {
    name: 'skips between do not hide a flap',
    runs: runs(['f/dns:fail'], ['f/dns:skip'], ['f/dns:pass'], ['f/dns:fail']),
    broke: ['f/dns'],
    flapping: ['f/dns'],
  },
];

for (const c of cases) {
  test(`diff: ${c.name}`, () => {
    const d = diffRuns(c.runs);
    const keys = (l: { key: string }[]) => l.map((t) => t.key);
    assert.deepEqual(keys(d.broke), c.broke ?? []);
    assert.deepEqual(keys(d.recovered), c.recovered ?? []);
    assert.deepEqual(keys(d.degraded), c.degraded ?? []);
    assert.deepEqual(keys(d.blocked), c.blocked ?? []);
    assert.deepEqual(keys(d.added), c.added ?? []);
    assert.deepEqual(keys(d.removed), c.removed ?? []);
    assert.deepEqual(keys(d.flapping), c.flapping ?? []);
  });
}

test('the same check from two node pools is two checks', () => {
  const pool = (p: string, s: Status) => check('mcr/tcp', s, { vantage: { kind: 'pod', host: `p-${p}`, nodePool: p } });
  const d = diffRuns([
    { id: 'a', report: reportOf([pool('system', 'pass'), pool('gpu', 'pass')]) },
    { id: 'b', report: reportOf([pool('system', 'pass'), pool('gpu', 'fail')]) },
  ]);
  assert.deepEqual(
    d.broke.map((t) => t.key),
    ['mcr/tcp [gpu]'],
  );
});

test('the text says what broke, with the code and message, and the flap history', () => {
  const d = diffRuns(runs(['a/dns:pass'], ['a/dns:fail'], ['a/dns:pass'], ['a/dns:fail']));
  const text = formatDrift(d);
  assert.match(text, /^Broke \(1\):\n {2}a\/dns: pass -> fail — a\/dns fail$/m);
  assert.match(text, /Flapping over the last 4 runs \(1\):\n {2}a\/dns: pass -> fail -> pass -> fail \(3 changes\)/);
});
