import { parseDocument } from 'yaml';
import { InputError } from '../errors.ts';
import { readInputFile } from '../io/input-file.ts';
import { describeSchemaErrors } from '../schema-errors.ts';
import * as generated from '../schema-validators/config.ts';
import { schemaValidator } from '../schema-validator.ts';
import type { Profile } from './profile.ts';

const validate = schemaValidator('config', generated);

/** Validates a profile before any probe runs: unknown keys and malformed values are input errors (exit 2). */
export function validateProfile(data: unknown, source: string): Profile {
  if (data === null || data === undefined) return {};
  if (!validate(data)) {
    const errors = validate.errors?.filter((e) => e.keyword !== 'oneOf') ?? [];
    throw new InputError(describeSchemaErrors(source, errors.length ? errors : validate.errors));
  }
  return data as Profile;
}

export function readProfileFile(file: string): Profile {
  const text = readInputFile(file, 'profile');
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length) {
    const e = doc.errors[0];
    const where = e.linePos ? ` (line ${e.linePos[0].line}, column ${e.linePos[0].col})` : '';
    throw new InputError(`${file}: not valid YAML${where}: ${e.message.split('\n')[0]}`);
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    // An alias bomb ("billion laughs") is refused while the document is expanded, not while it is parsed.
    throw new InputError(`${file}: not valid YAML: ${(e as Error).message.split('\n')[0]}`);
  }
  return validateProfile(data, file);
}

/** Flags win over the file, key by key. */
export function mergeProfiles(base: Profile, overrides: Profile): Profile {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) continue;
    const prev = out[key];
    out[key] = isPlainObject(prev) && isPlainObject(value) ? { ...prev, ...dropUndefined(value) } : value;
  }
  return out as Profile;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function dropUndefined(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}
