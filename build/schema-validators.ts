// npm run generate: the JSON Schemas in schema/ compiled ahead of time into the
// validators src/schema-validators/ holds (Ajv's standalone code), so that no
// command compiles a schema when it starts. The checkout and the published package
// both run these files; test/generated-sources.test.ts fails when one no longer
// matches its schema (run this again after editing a schema; until then
// src/schema-validator.ts compiles the edited schema at run time).
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { _, Ajv, type Code } from 'ajv';
import standaloneModule from 'ajv/dist/standalone/index.js';
import { schemaDigest, VALIDATORS, type ValidatorName, type ValidatorSpec } from '../src/schema-validator.ts';

export { VALIDATORS };

// How the generated code names each schema's formats.
const FORMATS_CODE: Partial<Record<ValidatorName, Code>> = { config: _`FORMATS`, report: _`REPORT_FORMATS` };

// A CommonJS module whose exports object is the function itself.
const standaloneCode = standaloneModule as unknown as typeof standaloneModule.default;
const root = new URL('..', import.meta.url);
export const validatorPath = (name: ValidatorName): string => fileURLToPath(new URL(`src/schema-validators/${name}.ts`, root));

/** The source of one validator module, exactly as `npm run generate` writes it. */
export function generateValidator(name: ValidatorName): string {
  const spec: ValidatorSpec = VALIDATORS[name];
  const text = readFileSync(new URL(spec.schema, root), 'utf8');
  const ajv = new Ajv({
    allErrors: true,
    verbose: spec.verbose,
    code: { source: true, esm: true, lines: true, formats: FORMATS_CODE[name] },
  });
  for (const [format, def] of Object.entries(spec.formats?.table ?? {})) ajv.addFormat(format, { validate: def.validate });
  const standalone = standaloneCode(ajv, ajv.compile(JSON.parse(text)));
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
  const digest = `// The SHA-256 of the schema's text this was generated from (src/schema-validator.ts).\nexport const schemaSha256 = '${schemaDigest(text)}';\n`;
  return `// @ts-nocheck\n// Generated from ${spec.schema} by build/schema-validators.ts (npm run generate): do not edit.\n${imports}${digest}${code}\n`;
}

if (import.meta.main) {
  for (const name of Object.keys(VALIDATORS) as ValidatorName[]) writeFileSync(validatorPath(name), generateValidator(name));
}
