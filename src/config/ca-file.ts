import { InputError } from '../errors.ts';
import { readInputFile } from '../io/input-file.ts';

/** The extra trusted CA certificates of tls.caFile (--ca-file), as PEM. */
export function readCaFile(file: string): string {
  const pem = readInputFile(file, 'ca');
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) throw new InputError(`tls.caFile: ${file} holds no PEM certificate`);
  return pem;
}
