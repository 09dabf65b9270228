import { parseArgs, type ParseArgsConfig } from 'node:util';
import { InputError } from '../errors.ts';

type Options = NonNullable<ParseArgsConfig['options']>;

/** parseArgs with its errors turned into one-line input errors (exit 2). */
export function parseCommandArgs<O extends Options>(argv: string[], options: O, allowPositionals = false) {
  try {
    return parseArgs({ args: argv, options, allowPositionals, strict: true });
  } catch (e) {
    // parseArgs explains at length how to pass a value starting with "-"; the first line says what is wrong.
    throw new InputError((e as Error).message.split('\n')[0].replace(/\. To specify a positional argument.*$/s, ''));
  }
}

export function parseIntFlag(flag: string, value: string | undefined, min: number, max: number, unit = ''): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || n > max) throw new InputError(`--${flag}: must be a whole number${unit} from ${min} to ${max} (got ${JSON.stringify(value)})`);
  return n;
}

export const parseMs = (flag: string, value: string | undefined, min = 50, max = 600_000): number | undefined =>
  parseIntFlag(flag, value, min, max, ' of milliseconds');
