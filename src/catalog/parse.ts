import { createHash } from 'node:crypto';
import { parse as parseYaml } from 'yaml';
import { InputError } from '../errors.ts';

/** A rule file's text as data, not yet checked against the schema; bad YAML is one line naming the file. */
export function parseRuleText(file: string, text: string): unknown {
  try {
    return parseYaml(text, { prettyErrors: true, maxAliasCount: 100 });
  } catch (e) {
    throw new InputError(`${file}: not valid YAML: ${(e as Error).message.split('\n')[0]}`);
  }
}

/** What src/catalog/builtin-rules.ts keys a rule file's parse by: the SHA-256 of its text. */
export const ruleTextKey = (text: string): string => createHash('sha256').update(text).digest('hex');
