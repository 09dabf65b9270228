// The validators of the JSON Schemas in schema/ that input is read against. Each is
// generated ahead of time (npm run generate: build/schema-validators.ts) so that no
// command compiles a schema when it starts; a schema edited since (in a checkout,
// before anyone ran the generator) is compiled from the file instead, so the edit
// is never silently ignored.
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import type { ValidateFunction } from 'ajv';
import { FORMATS } from './config/formats.ts';
import { readPackageText } from './package-files.ts';
import { REPORT_FORMATS } from './report/report-formats.ts';

export interface ValidatorSpec {
  readonly schema: string;
  /** Ajv's options: the error objects the readers turn into messages depend on them. */
  readonly verbose: boolean;
  /** The formats the schema names beyond JSON Schema's, and the export that holds them. */
  readonly formats?: { readonly table: Record<string, { validate: (s: string) => boolean }>; readonly name: string; readonly from: string };
}

export const VALIDATORS = {
  rules: { schema: 'schema/rules.schema.json', verbose: false },
  config: {
    schema: 'schema/config.schema.json',
    verbose: true,
    formats: { table: FORMATS, name: 'FORMATS', from: '../config/formats.ts' },
  },
  report: {
    schema: 'schema/report.schema.json',
    verbose: true,
    formats: { table: REPORT_FORMATS, name: 'REPORT_FORMATS', from: '../report/report-formats.ts' },
  },
} as const satisfies Record<string, ValidatorSpec>;

export type ValidatorName = keyof typeof VALIDATORS;

export const schemaDigest = (text: string): string => createHash('sha256').update(text).digest('hex');

/** The generated validator, or, when the schema's text is not the one it was generated from, one compiled now. */
export function schemaValidator(name: ValidatorName, generated: { validate: ValidateFunction; schemaSha256: string }): ValidateFunction {
  const spec: ValidatorSpec = VALIDATORS[name];
  const text = readPackageText(spec.schema);
  if (schemaDigest(text) === generated.schemaSha256) return generated.validate;
  const { Ajv } = createRequire(import.meta.url)('ajv') as typeof import('ajv');
  const ajv = new Ajv({ allErrors: true, verbose: spec.verbose });
  for (const [format, def] of Object.entries(spec.formats?.table ?? {})) ajv.addFormat(format, { validate: def.validate });
  return ajv.compile(JSON.parse(text));
}
