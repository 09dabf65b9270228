import assert from 'node:assert/strict';

/** Fails on an empty list, so `nonEmpty(xs).every(...)` cannot pass vacuously. */
export function nonEmpty<T>(xs: readonly T[], what = 'the list'): readonly T[] {
  assert.ok(xs.length > 0, `${what} is empty, so an assertion about every item would pass without checking one`);
  return xs;
}
