// npm run generate: the JSON Schemas in schema/ compiled ahead of time into the
// validators src/schema-validators/ holds (Ajv's standalone code), so that no
// command compiles a schema when it starts. The checkout and the published package
// both run these files; test/schema-validators.test.ts fails when one no longer
// matches its schema (run this again after editing a schema).
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { _, Ajv, type Code } from 'ajv';
import standaloneModule from 'ajv/dist/standalone/index.js';
import { FORMATS } from '../src/config/formats.ts';
import { REPORT_FORMATS } from '../src/report/report-formats.ts';

interface ValidatorSpec {
  readonly schema: string;
  /** Ajv's options: the error objects the readers turn into messages depend on them. */
  readonly verbose: boolean;
  /** The formats the schema names, and how the generated code imports them. */
  readonly formats?: { readonly table: Record<string, { validate: (s: string) => boolean }>; readonly name: string; readonly from: string; readonly code: Code };
}

export const VALIDATORS: Record<string, ValidatorSpec> = {
  rules: { schema: 'schema/rules.schema.json', verbose: false },
  config: { schema: 'schema/config.schema.json', verbose: true, formats: { table: FORMATS, name: 'FORMATS', from: '../config/formats.ts', code: _`FORMATS` } },
  report: { schema: 'schema/report.schema.json', verbose: true, formats: { table: REPORT_FORMATS, name: 'REPORT_FORMATS', from: '../report/report-formats.ts', code: _`REPORT_FORMATS` } },
};

// A CommonJS module whose exports object is the function itself.
const standaloneCode = standaloneModule as unknown as typeof standaloneModule.default;
const root = new URL('..', import.meta.url);
export const validatorPath = (name: string): string => fileURLToPath(new URL(`src/schema-validators/${name}.ts`, root));

/** The source of one validator module, exactly as `npm run generate` writes it. */
export function generateValidator(name: string): string {
  const spec = VALIDATORS[name]!;
  const ajv = new Ajv({ allErrors: true, verbose: spec.verbose, code: { source: true, esm: true, lines: true, formats: spec.formats?.code } });
  for (const [format, def] of Object.entries(spec.formats?.table ?? {})) ajv.addFormat(format, { validate: def.validate });
  const standalone = standaloneCode(ajv, ajv.compile(JSON.parse(readFileSync(new URL(spec.schema, root), 'utf8'))));
  // Ajv's ESM output still require()s its few runtime helpers: import them instead.
  const runtime: string[] = [];
  const code = standalone
    .replace(/^"use strict";\n?/, '')
    .replace(/^export const validate = (validate\d+);\nexport default validate\d+;$/m, 'export const validate: ValidateFunction = $1;')
    .replace(/require\("(ajv\/dist\/runtime\/[a-z0-9]+)"\)/g, (_match: string, path: string) => {
      if (!runtime.includes(path)) runtime.push(path);
      return `runtime${runtime.indexOf(path)}`;
    });
  const imports = [
    "import type { ValidateFunction } from 'ajv';\n",
    ...runtime.map((path, i) => `import runtime${i} from '${path}.js';\n`),
    ...(spec.formats ? [`import { ${spec.formats.name} } from '${spec.formats.from}';\n`] : []),
  ].join('');
  return `// @ts-nocheck\n// Generated from ${spec.schema} by build/schema-validators.ts (npm run generate): do not edit.\n${imports}${code}\n`;
}

if (import.meta.main) {
  for (const name of Object.keys(VALIDATORS)) writeFileSync(validatorPath(name), generateValidator(name));
}
