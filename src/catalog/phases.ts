// Which phases a report lists: the phases of the rule sets in its run, in
// chronological order (PHASES), so a v1 report shows the router's phases and an
// extension report the extension's, and a transition run both.
import { PHASES, type PhaseId } from '../types.ts';
import type { Catalog } from './types.ts';

/** The rule sets a run checks: the ones named, or the catalog's defaults. */
export function selectedRuleSets(catalog: Catalog, names?: string[]): string[] {
  return names ?? catalog.ruleSets.filter((s) => s.default).map((s) => s.ruleSet);
}

/** The phase ids given, each once, in chronological order. */
export function inPhaseOrder(phases: Iterable<PhaseId>): PhaseId[] {
  const wanted = new Set(phases);
  return PHASES.filter((p) => wanted.has(p));
}

/** The phases the named rule sets' requirements are in. */
export function phasesOfRuleSets(catalog: Catalog, names: string[]): PhaseId[] {
  return inPhaseOrder(catalog.ruleSets.filter((s) => names.includes(s.ruleSet)).flatMap((s) => s.requirements.map((r) => r.phase)));
}
