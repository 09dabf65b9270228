// V8 sizes its young generation for long-lived servers: it doubles the
// semi-spaces whenever enough objects have survived scavenges since the last
// doubling, up to 64 MiB each on Node's 64-bit builds (no pointer compression).
// A probe run survives that much without holding it: its results and the hosts
// in flight come to about 20 MB live, yet at 1,000 hosts the young generation
// grew to 128 MiB and peak RSS to ~180 MiB. Semi-spaces of 8 MiB cost no more
// CPU on that run (the bench's 1,000-host check, interleaved runs with and
// without) and keep peak RSS within 30 MiB of the bare client's. The cap only
// needs a V8 flag read when new space grows (--semi-space-growth-factor);
// --max-semi-space-size, read once when the heap is made, cannot be set from
// inside the process.

import { PerformanceObserver } from 'node:perf_hooks';
import v8 from 'node:v8';

/** New space (both semi-spaces) is left to grow to this, and no further. */
export const YOUNG_GENERATION_CAP_BYTES = 16 * 2 ** 20;

let capped = false;

/** Stop the young generation growing once it has reached the cap. Looked at after each GC, so it may end one
 *  doubling past it (the observer runs after the GC that grew it). Idempotent. */
export function capYoungGeneration(): void {
  if (capped) return;
  capped = true;
  const newSpaceBytes = (): number => v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')?.space_size ?? 0;
  const observer = new PerformanceObserver(() => {
    if (newSpaceBytes() < YOUNG_GENERATION_CAP_BYTES) return;
    v8.setFlagsFromString('--semi-space-growth-factor=1');
    observer.disconnect();
  });
  observer.observe({ entryTypes: ['gc'] });
}
