// The young-generation cap, seen as a user's process would: under the same
// churn (objects surviving a few scavenges, then dropped, as a probe run's
// hosts in flight do), new space stays near the cap with it and grows to
// V8's own ceiling without it.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import { YOUNG_GENERATION_CAP_BYTES } from '../src/young-generation.ts';

const MODULE = new URL('../src/young-generation.ts', import.meta.url).href;

/** The largest new space (bytes) a fresh Node process reached under churn, capped or not. */
function largestNewSpace(capped: boolean): number {
  const script = `
    import v8 from 'node:v8';
    import { capYoungGeneration } from ${JSON.stringify(MODULE)};
    if (${capped}) capYoungGeneration();
    const newSpace = () => v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size;
    let largest = 0;
    let kept = [];
    for (let round = 0; round < 300; round++) {
      for (let i = 0; i < 20000; i++) kept.push({ i, s: 'x' + i });
      if (kept.length > 200000) kept = [];
      await new Promise((resolve) => setImmediate(resolve));
      largest = Math.max(largest, newSpace());
    }
    process.stdout.write(String(largest));`;
  return Number(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' }));
}

test('the young generation stops growing near its cap, where without the cap it grows far past it', () => {
  const uncapped = largestNewSpace(false);
  const capped = largestNewSpace(true);
  // The cap is seen after the GC that reached it, so new space may end one growth step past it.
  assert.ok(capped <= 2 * YOUNG_GENERATION_CAP_BYTES, `capped new space reached ${capped} bytes`);
  assert.ok(uncapped > 4 * YOUNG_GENERATION_CAP_BYTES, `the churn grew uncapped new space only to ${uncapped} bytes`);
});
