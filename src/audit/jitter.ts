import { setTimeout as sleep } from 'node:timers/promises';

/** A random pause before a scheduled run, so a fleet of clusters on the same schedule does not probe (and push) at once. */
export async function jitter(maxSeconds: number, random: () => number = Math.random): Promise<number> {
  if (maxSeconds <= 0) return 0;
  const ms = Math.floor(random() * maxSeconds * 1000);
  await sleep(ms);
  return ms;
}
