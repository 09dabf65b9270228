import { InputError } from '../errors.ts';

/** A whole-number flag within [min, max]; undefined when not given. */
export function parseIntFlag(flag: string, value: string | undefined, min: number, max: number, unit = ''): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || n > max)
    throw new InputError(`--${flag}: must be a whole number${unit} from ${min} to ${max} (got ${JSON.stringify(value)})`);
  return n;
}

/** A duration flag in milliseconds. */
export const parseMs = (flag: string, value: string | undefined, min = 50, max = 600_000): number | undefined =>
  parseIntFlag(flag, value, min, max, ' of milliseconds');
