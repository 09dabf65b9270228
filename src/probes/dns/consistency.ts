// Across resolvers: do they send traffic to the same place? Round-robin order
// is not a difference (sets are compared), and neither are the edge addresses
// a CDN or global load balancer hands each resolver: behind the same CDN
// chain those are a note. What changes where traffic goes is a difference:
// an answer against an error, private against public, another CNAME chain
// (so another canonical name), an address only some resolvers give.

import { rcodeName, type AddressType } from './packet.ts';
import { isPrivateAddress } from './private-endpoint.ts';
import type { QueryResult } from './transport.ts';

export interface ResolverView {
  label: string;
  types: Record<AddressType, QueryResult>;
}

export interface Comparison {
  compared: string;
  /** Differences that change where traffic goes: DNS_INCONSISTENT. */
  differences: string[];
  /** Differences that do not (CDN edges, chains that part only behind the same CDN name). */
  notes: string[];
}

// Zones whose names steer each client to its own edge (Front Door, Traffic Manager, Azure CDN, Akamai, …).
const CDN_ZONES = [
  'azurefd.net',
  't-msedge.net',
  'a-msedge.net',
  'trafficmanager.net',
  'azureedge.net',
  'akamaiedge.net',
  'akadns.net',
  'edgekey.net',
  'edgesuite.net',
  'cloudfront.net',
  'fastly.net',
];

const COMPARED =
  'per record type (A, AAAA): answer or error, private or public addresses, the CNAME chain up to its first CDN name, and the address sets (order ignored; edge addresses behind the same CDN chain are only noted)';

function isCdnName(name: string): boolean {
  return CDN_ZONES.some((zone) => name.endsWith(`.${zone}`));
}

export function compareResolvers(views: ResolverView[]): Comparison {
  const differences: string[] = [];
  const notes: string[] = [];
  for (const type of ['A', 'AAAA'] as const) {
    const results = views.map((v) => ({ label: v.label, result: v.types[type] }));
    const outcomes = results.map(({ label, result }) => `${label} ${outcomeOf(result)}`);
    if (new Set(results.map(({ result }) => outcomeOf(result))).size > 1) {
      differences.push(`${type}: ${outcomes.join(', ')}`);
      continue;
    }
    const answered = results.flatMap(({ label, result }) =>
      result.kind === 'answer' && result.addresses.length > 0 ? [{ label, chain: result.chain, addresses: result.addresses }] : [],
    );
    if (answered.length < 2) continue;

    const privacy = answered.map((r) => privacyOf(r.addresses));
    if (new Set(privacy).size > 1) {
      differences.push(`${type}: ${answered.map((r, i) => `${r.label} gives ${privacy[i]} ${r.addresses.join(', ')}`).join(', ')}`);
      continue;
    }
    const toCdn = answered.map((r) => chainToCdn(r.chain));
    if (new Set(toCdn.map((c) => c.path.join(' → '))).size > 1) {
      differences.push(
        `${type}: different CNAME chains: ${answered.map((r) => `${r.label} via ${r.chain.join(' → ') || 'no CNAME'}`).join(', ')}`,
      );
      continue;
    }
    const sets = answered.map((r) => [...r.addresses].sort().join(','));
    const sameChains = new Set(answered.map((r) => r.chain.join(' → '))).size === 1;
    if (new Set(sets).size === 1 && sameChains) continue;
    const cdn = toCdn[0]!.cdn;
    if (cdn) {
      const edge = (chain: string[]): string => (chain.at(-1) === cdn ? '' : ` via ${chain.slice(chain.indexOf(cdn) + 1).join(' → ')}`);
      notes.push(
        `${type}: behind the same CDN chain (${cdn}) each resolver gets its own edge: ${answered.map((r) => `${r.label} says ${r.addresses.join(', ')}${edge(r.chain)}`).join('; ')}`,
      );
      continue;
    }
    const all = [...new Set(answered.flatMap((r) => r.addresses))];
    const partial = all.filter((address) => !answered.every((r) => r.addresses.includes(address)));
    differences.push(
      `${type}: ${partial
        .map(
          (address) =>
            `${address} only from ${answered
              .filter((r) => r.addresses.includes(address))
              .map((r) => r.label)
              .join(', ')}`,
        )
        .join('; ')}`,
    );
  }
  return { compared: COMPARED, differences, notes };
}

function outcomeOf(result: QueryResult): string {
  if (result.kind === 'answer') {
    if (result.rcode !== 0) return `says ${rcodeName(result.rcode)}`;
    return result.addresses.length > 0 ? 'gives addresses' : 'says NODATA';
  }
  return result.kind === 'malformed' ? 'sends a malformed answer' : 'gives no answer';
}

function privacyOf(addresses: string[]): string {
  const kinds = new Set(addresses.map((a) => (isPrivateAddress(a) ? 'private' : 'public')));
  return [...kinds].sort().join(' and ');
}

/** The chain up to and including its first CDN name: past it, resolvers are meant to part. */
function chainToCdn(chain: string[]): { path: string[]; cdn?: string } {
  const at = chain.findIndex(isCdnName);
  return at < 0 ? { path: chain } : { path: chain.slice(0, at + 1), cdn: chain[at]! };
}
