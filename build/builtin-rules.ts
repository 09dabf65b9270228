// npm run generate: the built-in rule files (rules/*.yaml) parsed ahead of time into
// src/catalog/builtin-rules.ts, each checked and keyed by the SHA-256 of its text. The catalog
// loader uses a parse only for the exact text it was made from (an edited rule file
// is parsed again), so YAML costs nothing at start-up and can never be stale;
// test/schema-validators.test.ts fails when the file no longer matches rules/.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { checkedRuleSet } from '../src/catalog/load.ts';
import { parseRuleText, ruleTextKey } from '../src/catalog/parse.ts';

const rulesDir = new URL('../rules/', import.meta.url);
export const builtinRulesPath = fileURLToPath(new URL('../src/catalog/builtin-rules.ts', import.meta.url));

/** The source of src/catalog/builtin-rules.ts, exactly as `npm run generate` writes it. */
export function generateBuiltinRules(): string {
  const parsed: Record<string, string> = {};
  for (const name of readdirSync(rulesDir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()) {
    const text = readFileSync(new URL(name, rulesDir), 'utf8');
    const data = parseRuleText(`rules/${name}`, text);
    // Checked here once, so that loading a built-in rule file is only a copy: a rule file the schema refuses fails the build.
    checkedRuleSet(`rules/${name}`, data);
    parsed[ruleTextKey(text)] = JSON.stringify(data);
  }
  return [
    '// Generated from rules/*.yaml by build/builtin-rules.ts (npm run generate): do not edit.',
    '// Each rule file parsed (as JSON text, so that every load gets its own copy), keyed by the SHA-256 of its text.',
    `export const PARSED_RULES: Readonly<Record<string, string>> = ${JSON.stringify(parsed, null, 2)};`,
    '',
  ].join('\n');
}

if (import.meta.main) writeFileSync(builtinRulesPath, generateBuiltinRules());
