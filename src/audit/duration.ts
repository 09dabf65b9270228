import { InputError } from '../errors.ts';

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Durations as people write them in flags and CronJob args: 90, 90s, 5m, 1h, 7d (a bare number is seconds). */
export function parseDuration(flag: string, value: string | undefined, limits: { minMs: number; maxMs: number }): number | undefined {
  if (value === undefined) return undefined;
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)?$/.exec(value.trim());
  const ms = m ? Number(m[1]) * UNITS[m[2] ?? 's'] : NaN;
  if (!m || !Number.isFinite(ms) || ms < limits.minMs || ms > limits.maxMs) {
    throw new InputError(
      `--${flag}: must be a duration such as 30s, 5m, 1h or 7d, from ${describe(limits.minMs)} to ${describe(limits.maxMs)} (got ${JSON.stringify(value)})`,
    );
  }
  return Math.round(ms);
}

export function describe(ms: number): string {
  for (const [unit, size] of [
    ['d', 86_400_000],
    ['h', 3_600_000],
    ['m', 60_000],
    ['s', 1000],
  ] as const) {
    if (ms >= size && ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${ms}ms`;
}
