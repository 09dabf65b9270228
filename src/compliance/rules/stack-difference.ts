// After the move, which openings the v1 rule set needed that the v2 one no longer
// does (so the firewall can be tightened), and which are new. Openings are
// compared as the catalog writes them (FQDN templates; a wildcard covers its
// subdomains); the cluster's own egress (`keep`: rule sets or requirements) is never retired.
import type { Catalog } from '../../catalog/types.ts';
import { list, type ComplianceRule } from './rule.ts';

// The workspace's region defaults to the cluster's: one spelling for comparing.
const normal = (fqdn: string): string => fqdn.replace(/\{workspaceRegion\}/g, '{region}');
const covers = (pattern: string, fqdn: string): boolean =>
  pattern === fqdn || (pattern.startsWith('*.') && fqdn.endsWith(pattern.slice(1)));

/** The openings of the named rule sets or requirements, by FQDN template, with the requirement that needs each. */
function openings(catalog: Catalog, names: string[]): Map<string, string> {
  const byFqdn = new Map<string, string>();
  for (const set of catalog.ruleSets) {
    for (const r of set.requirements.filter((r) => names.includes(set.ruleSet) || names.includes(r.id))) {
      for (const f of r.firewall?.fqdns ?? []) if (!byFqdn.has(normal(f))) byFqdn.set(normal(f), r.id);
    }
  }
  return byFqdn;
}

const inCluster = (catalog: Catalog, ruleSet: string): string[] =>
  catalog.ruleSets
    .find((s) => s.ruleSet === ruleSet)
    ?.requirements.filter((r) => r.vantage === 'cluster')
    .map((r) => r.id) ?? [];

export const stackDifference: ComplianceRule = {
  needs: [],
  evaluate({ spec, catalog }) {
    const { from, to, keep = [] } = spec.compare!;
    const before = openings(catalog, [from]);
    const after = openings(catalog, [to]);
    const kept = openings(catalog, keep);
    const coveredBy = (f: string, by: Map<string, string>) => [...by.keys()].some((p) => covers(p, f));
    const retired = [...before.keys()].filter((f) => !coveredBy(f, after) && !coveredBy(f, kept));
    const added = [...after.keys()].filter((f) => !coveredBy(f, before));
    const evidence = {
      retired: retired.map((f) => ({ fqdn: f, requirement: before.get(f) })),
      added: added.map((f) => ({ fqdn: f, requirement: after.get(f) })),
      retiredInCluster: inCluster(catalog, from),
      addedInCluster: inCluster(catalog, to),
    };
    const message = `after the move to ${to}: no longer needed by ${from}: ${retired.length ? list(retired, 20) : 'nothing'}; newly needed: ${added.length ? list(added, 20) : 'nothing'} (firewall generate --rule-set ${to} opens exactly the new set)`;
    return { outcome: 'pass', message, evidence };
  },
};
