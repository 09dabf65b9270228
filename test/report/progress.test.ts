import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startProgress } from '../../src/report/progress.ts';
import type { CheckResult } from '../../src/types.ts';

test('a thousand hosts finishing at once redraw the progress line a few times, not once a check, and end on the last count', () => {
  const lines: string[] = [];
  const terminal = { isTTY: true, columns: 80, write: (chunk: string) => lines.push(chunk) } as unknown as NodeJS.WriteStream;
  const progress = startProgress({ stream: terminal, env: {}, refreshMs: 60_000 })!;
  const result = { phase: 'model-serve', status: 'pass' } as CheckResult;
  for (let done = 1; done <= 4000; done++) progress.onCheckDone(result, { done, total: 4000 });
  progress.stop();
  // One line when it starts, one when it stops, the last count, and at most one a 50 ms in between.
  assert.ok(lines.length < 20, `${lines.length} writes for 4,000 checks`);
  assert.match(lines.at(-2)!, /model-serve 4000\/4000 checks, 0 failing/);
});
