// Azure publishes what a cluster and a workspace reach
// (outboundNetworkDependenciesEndpoints). A host there that no requirement of
// the catalog covers is something this tool would not check: said as
// "Azure lists X; aml-preflight has no requirement for it".
import type { Catalog } from '../../catalog/types.ts';
import type { Profile } from '../../config/profile.ts';
import { collectOpenings } from '../../firewall/openings.ts';
import type { ListedHost } from './profile-from-snapshot.ts';

/** The listed hosts that no catalog host or wildcard covers (either way round: *.x covers a.x). */
export function unlistedHosts(catalog: Catalog, profile: Profile, listed: ListedHost[]): ListedHost[] {
  const ruleSets = catalog.ruleSets.map((s) => s.ruleSet);
  const { openings } = collectOpenings(catalog, profile, { ruleSets });
  const known = [...new Set(openings.flatMap((o) => [...o.fqdns, ...o.probedHosts]).map((h) => h.toLowerCase()))];
  return listed.filter((l) => !known.some((k) => covers(k, l.host) || covers(l.host, k)));
}

/** Azure Firewall's wildcard rule: "*.x" matches any name under x, not x itself. */
export function covers(pattern: string, host: string): boolean {
  if (pattern === host) return true;
  if (!pattern.startsWith('*.')) return false;
  const suffix = pattern.slice(1);
  return host.endsWith(suffix) && host.length > suffix.length;
}

export const unlistedLine = (l: ListedHost) =>
  `Azure lists ${l.host}${l.ports.length ? `:${l.ports.join(',')}` : ''} (${l.listedBy}${l.category ? `, ${l.category}` : ''}); aml-preflight has no requirement for it`;
