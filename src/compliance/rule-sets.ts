// Which compliance rule sets a run evaluates. `compliance` (the platform's rules)
// unless rule sets are named; naming one (`--rule-set aml-migration`) evaluates
// exactly the named ones, so the migration audit says only what the move needs.
import type { Catalog } from '../catalog/types.ts';
import { InputError } from '../errors.ts';

export const PLATFORM_RULE_SET = 'compliance';

/** Rule sets made of compliance requirements: evaluated over the cluster's objects, never probed. */
export function isComplianceSet(catalog: Catalog, name: string): boolean {
  return catalog.ruleSets.some((s) => s.ruleSet === name && s.requirements.every((r) => r.compliance));
}

/** The named compliance rule sets, or the platform's rules when none is named; an unknown name is an input error. */
export function complianceRuleSets(catalog: Catalog, names?: string[]): string[] {
  for (const name of names ?? []) {
    if (!catalog.ruleSets.some((s) => s.ruleSet === name)) {
      throw new InputError(`ruleSets: unknown rule set "${name}" (known: ${catalog.ruleSets.map((s) => s.ruleSet).join(', ')})`);
    }
  }
  const named = (names ?? []).filter((n) => isComplianceSet(catalog, n));
  return named.length ? named : [PLATFORM_RULE_SET].filter((n) => isComplianceSet(catalog, n));
}
