import type { Catalog } from '../../catalog/types.ts';
import type { Profile } from '../../config/profile.ts';
import { readSnapshot } from '../snapshot.ts';
import { explain } from './explain.ts';

// `firewall generate --against-snapshot FILE`: the generator's openings
// restricted to what the customer's configuration denies, in every format.

export function deniedOpenings(
  file: string,
  profile: Profile,
  catalog: Catalog,
  only?: Map<string, string[]>,
): { only: Map<string, string[]>; notes: string[] } {
  const x = explain(readSnapshot(file), profile, catalog, file);
  const denied = x.entries.filter((e) => e.verdict === 'deny' && (!only || only.has(e.requirement)));
  const notes = x.entries
    .filter((e) => e.verdict === 'unknown')
    .map(
      (e) =>
        `${e.requirement}: ${file} cannot tell whether it is open (${e.findings[0]?.message ?? 'see aml-preflight explain'}); not included`,
    );
  for (const e of denied.filter((d) => d.findings.some((f) => f.code === 'EXPLAIN_FQDN_RULE_NOT_ENOUGH')))
    notes.push(
      `${e.requirement}: denied, and no catalog opening covers it: add a network rule for TCP 443 to the API server's address (see aml-preflight explain)`,
    );
  return { only: new Map(denied.map((e) => [e.requirement, only?.get(e.requirement) ?? []])), notes };
}
