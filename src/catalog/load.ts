import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { codesOf } from '../codes.ts';
import { InputError } from '../errors.ts';
import { readInputFile } from '../io/input-file.ts';
import { describeSchemaErrors } from '../schema-errors.ts';
import { listPackageDir, readPackageText } from '../package-files.ts';
import * as generated from '../schema-validators/rules.ts';
import { schemaValidator } from '../schema-validator.ts';
import { isHostName } from '../config/formats.ts';
import { PARSED_RULES } from './builtin-rules.ts';
import { parseRuleText, ruleTextKey } from './parse.ts';
import { TEMPLATE_VARIABLES } from './template.ts';
import type { Catalog, Requirement, RuleSet } from './types.ts';

// Made when a rule file that was not checked ahead of time is read (the built-in ones never need it).
let validate: ReturnType<typeof schemaValidator> | undefined;

/** Loads one rule file; a bad one is rejected with the file, the path inside it and the reason. */
export function loadRuleFile(file: string, text?: string): RuleSet {
  text ??= readInputFile(file, 'rules');
  // The built-in rule files come parsed and checked ahead of time (npm run generate, which runs checkedRuleSet on
  // each): only a copy is made here. Any other text is parsed and checked now.
  const parsed = PARSED_RULES[ruleTextKey(text)];
  if (parsed !== undefined) return { ...(JSON.parse(parsed) as Omit<RuleSet, 'file'>), file };
  return checkedRuleSet(file, parseRuleText(file, text));
}

/** A parsed rule file against the schema, the template variables and the compliance codes. */
export function checkedRuleSet(file: string, data: unknown): RuleSet {
  validate ??= schemaValidator('rules', generated);
  if (!validate(data)) throw new InputError(describeSchemaErrors(file, validate.errors));
  const set = data as Omit<RuleSet, 'file'>;
  set.requirements.forEach((r, i) => {
    checkTemplates(file, `requirements[${i}]`, r);
    checkComplianceCode(file, `requirements[${i}]`, r);
  });
  return { ...set, file };
}

/** A compliance rule reports one of the registry's compliance codes (src/codes.ts): codes are public API, documented there. */
function checkComplianceCode(file: string, path: string, r: Requirement): void {
  const code: string | undefined = r.compliance?.code;
  const known: string[] = codesOf('compliance');
  if (code !== undefined && !known.includes(code)) {
    throw new InputError(
      `${file}: ${path}.compliance.code: "${code}" is not a compliance code of aml-preflight (known: ${known.join(', ')})`,
    );
  }
}

function checkTemplates(file: string, path: string, r: Requirement): void {
  const templates: [string, string | undefined][] = [
    ['host', r.host],
    ['privateLinkZone', r.privateLinkZone],
    ...(r.firewall?.fqdns ?? []).map((f, i): [string, string] => [`firewall.fqdns[${i}]`, f]),
    ['firewall.serviceTag', r.firewall?.serviceTag],
  ];
  for (const [key, value] of templates) {
    for (const [, name] of value?.matchAll(/\{([^}]*)\}/g) ?? []) {
      if (!(TEMPLATE_VARIABLES as readonly string[]).includes(name)) {
        throw new InputError(`${file}: ${path}.${key}: unknown template variable {${name}} (known: ${TEMPLATE_VARIABLES.join(', ')})`);
      }
    }
    if (value === undefined || key === 'firewall.serviceTag') continue;
    // Filled with any valid values, a template must make a host name (a firewall FQDN may start with "*.").
    const sample = value.replace(/\{[^}]*\}/g, 'sample0');
    const name = key.startsWith('firewall.fqdns') ? sample.replace(/^\*\./, '') : sample;
    if (!isHostName(name)) throw new InputError(`${file}: ${path}.${key}: "${value}" does not make a DNS host name`);
  }
}

const isRuleFile = (name: string) => /\.ya?ml$/.test(name);

/** The built-in rule sets (rules/ in the package, or the rule files of `dir`) plus any
 *  extra rule files, cross-checked as a whole. */
export function loadCatalog(extraFiles: string[] = [], dir?: string): Catalog {
  const builtin = dir
    ? readdirSync(dir)
        .filter(isRuleFile)
        .sort()
        .map((f) => loadRuleFile(join(dir, f)))
    : listPackageDir('rules')
        .filter(isRuleFile)
        .sort()
        .map((f) => loadRuleFile(`rules/${f}`, readPackageText(`rules/${f}`)));
  const ruleSets = [...builtin, ...extraFiles.map((f) => loadRuleFile(f))];
  const byId: Catalog['byId'] = new Map();
  const setNames = new Set<string>();
  for (const set of ruleSets) {
    if (setNames.has(set.ruleSet)) throw new InputError(`${set.file}: ruleSet: "${set.ruleSet}" is defined twice`);
    setNames.add(set.ruleSet);
    set.requirements.forEach((r, i) => {
      if (byId.has(r.id))
        throw new InputError(`${set.file}: requirements[${i}].id: "${r.id}" is already defined in ${basename(byId.get(r.id)!.ruleSet)}`);
      byId.set(r.id, { ...r, ruleSet: set.ruleSet });
    });
  }
  for (const set of ruleSets) {
    set.requirements.forEach((r, i) => {
      r.dependsOn?.forEach((d, j) => {
        if (!byId.has(d)) throw new InputError(`${set.file}: requirements[${i}].dependsOn[${j}]: no requirement "${d}"`);
      });
    });
  }
  const cycle = findCycle(byId);
  if (cycle) throw new InputError(`${byId.get(cycle[0])!.ruleSet}: dependsOn forms a cycle: ${cycle.join(' -> ')}`);
  return { ruleSets, byId };
}

/** A cycle would leave its checks waiting on each other forever. */
function findCycle(byId: Catalog['byId']): string[] | undefined {
  const done = new Set<string>();
  const visit = (id: string, path: string[]): string[] | undefined => {
    if (path.includes(id)) return [...path.slice(path.indexOf(id)), id];
    if (done.has(id)) return undefined;
    for (const d of byId.get(id)?.dependsOn ?? []) {
      const found = visit(d, [...path, id]);
      if (found) return found;
    }
    done.add(id);
    return undefined;
  };
  for (const id of byId.keys()) {
    const found = visit(id, []);
    if (found) return found;
  }
  return undefined;
}
