import { setTimeout as pause } from 'node:timers/promises';

/**
 * Waits for a condition instead of a guessed time: polls `condition` until it returns something truthy,
 * and fails with `what` once `timeoutMs` has passed (a hang fails the test instead of stalling it).
 */
export async function waitUntil<T>(
  condition: () => T | Promise<T>,
  what: string,
  timeoutMs = 10_000,
  everyMs = 10,
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await condition();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await pause(everyMs);
  }
}
