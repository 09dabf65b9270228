// The validators the tool runs are generated from schema/ (npm run schemas): each
// must be what the generator makes of today's schema, or a schema edit would be
// silently ignored by every reader.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { generateValidator, validatorPath, VALIDATORS } from '../build/schema-validators.ts';

const names = Object.keys(VALIDATORS);

test('the schemas the tool reads input against (rules, profiles, reports) each have one', () => {
  assert.deepEqual(names.sort(), ['config', 'report', 'rules']);
});

for (const name of names) {
  test(`src/schema-validators/${name}.ts matches ${VALIDATORS[name]!.schema} (if not: npm run schemas)`, () => {
    assert.equal(readFileSync(validatorPath(name), 'utf8'), generateValidator(name));
  });
}
