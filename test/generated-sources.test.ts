// What the tool runs instead of compiling schemas and parsing its rule files at
// start-up is generated (npm run generate): each generated file must be what the
// generator makes of today's schema/ and rules/, or an edit there would be
// ignored (a validator) or cost its start-up time again (a rule file).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { builtinRulesPath, generateBuiltinRules } from '../build/builtin-rules.ts';
import { generateValidator, validatorPath, VALIDATORS } from '../build/schema-validators.ts';
import { PARSED_RULES } from '../src/catalog/builtin-rules.ts';
import { parseRuleText, ruleTextKey } from '../src/catalog/parse.ts';

const names = Object.keys(VALIDATORS) as (keyof typeof VALIDATORS)[];

test('the schemas the tool reads input against (rules, profiles, reports) each have a validator', () => {
  assert.deepEqual(names.sort(), ['config', 'report', 'rules']);
});

for (const name of names) {
  test(`src/schema-validators/${name}.ts matches ${VALIDATORS[name]!.schema} (if not: npm run generate)`, () => {
    assert.equal(readFileSync(validatorPath(name), 'utf8'), generateValidator(name));
  });
}

test('src/catalog/builtin-rules.ts holds every rule file in rules/, parsed as the YAML parser parses it (if not: npm run generate)', () => {
  const files = readdirSync(new URL('../rules/', import.meta.url)).filter((f) => f.endsWith('.yaml'));
  assert.ok(files.length >= 5, `rule files: ${files.join(', ')}`);
  for (const file of files) {
    const text = readFileSync(new URL(`../rules/${file}`, import.meta.url), 'utf8');
    const parsed = PARSED_RULES[ruleTextKey(text)];
    assert.ok(parsed !== undefined, `rules/${file} is not in src/catalog/builtin-rules.ts`);
    assert.deepEqual(JSON.parse(parsed), parseRuleText(file, text), `rules/${file}`);
  }
  assert.equal(Object.keys(PARSED_RULES).length, files.length);
  assert.equal(readFileSync(builtinRulesPath, 'utf8'), generateBuiltinRules());
});
