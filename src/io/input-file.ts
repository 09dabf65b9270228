import { closeSync, openSync, readSync } from 'node:fs';
import { InputError } from '../errors.ts';

const MiB = 1024 * 1024;

/** Every file a user hands us, with the most it may hold (README "Input files"). Reading stops one byte past the
 *  limit, so /dev/zero or a runaway file fails at once instead of filling memory, and parsing never sees more. */
export const INPUT_FILES = {
  profile: { noun: 'the profile', limitBytes: 1 * MiB },
  rules: { noun: 'the rule file', limitBytes: 4 * MiB },
  ca: { noun: 'the CA file', limitBytes: 4 * MiB },
  report: { noun: 'the report', limitBytes: 64 * MiB },
  manifests: { noun: 'the manifest file', limitBytes: 64 * MiB },
  azureSnapshot: { noun: 'the Azure snapshot', limitBytes: 64 * MiB },
} as const;

export type InputFile = keyof typeof INPUT_FILES;

const CHUNK = 64 * 1024;

/** A user's input file as UTF-8 text, never more than its limit; an unreadable or oversized file is one input error. */
export function readInputFile(file: string, kind: InputFile): string {
  const { noun, limitBytes } = INPUT_FILES[kind];
  const chunks: Buffer[] = [];
  let total = 0;
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (e) {
    throw cannotRead(file, noun, e);
  }
  try {
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(CHUNK, limitBytes + 1 - total));
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      chunks.push(chunk.subarray(0, n));
      total += n;
      if (total > limitBytes)
        throw new InputError(`${file}: ${noun} is larger than ${describeBytes(limitBytes)}, the most aml-preflight reads for it`);
    }
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw cannotRead(file, noun, e);
  } finally {
    closeSync(fd);
  }
  return Buffer.concat(chunks, total).toString('utf8');
}

function cannotRead(file: string, noun: string, e: unknown): InputError {
  return new InputError(`${file}: cannot read ${noun}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
}

const describeBytes = (n: number): string => (n % MiB === 0 ? `${n / MiB} MiB` : `${n} bytes`);
