import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { InputError } from '../errors.ts';
import { readPackageJson } from '../package-files.ts';
import { describeSchemaErrors } from '../schema-errors.ts';
import type { Report } from '../types.ts';

const ajv = new Ajv({ allErrors: true, verbose: true });
ajv.addFormat('date-time', (s: string) => !Number.isNaN(Date.parse(s)));
const validate = ajv.compile(readPackageJson('schema/report.schema.json'));

/** Reads a JSON report of `aml-preflight check` and checks it against schema/report.schema.json. */
export function readReport(file: string): Report {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new InputError(`${file}: cannot read the report: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new InputError(`${file}: not JSON (write it with aml-preflight check -o json): ${(e as Error).message}`);
  }
  if (!validate(data)) throw new InputError(`${describeSchemaErrors(file, validate.errors).split('\n')[0]} (not an aml-preflight report, see schema/report.schema.json)`);
  return data as Report;
}

/** What the report saw blocked: the instance ("acr@myacr", "dependency@host:443") of every failed check. */
export function failedInstances(report: Report): Set<string> {
  return new Set(report.checks.filter((c) => c.status === 'fail').map((c) => (c.id.includes('/') ? c.id.slice(0, c.id.lastIndexOf('/')) : c.requirement)));
}
