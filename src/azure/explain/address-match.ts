import { anyOf, maybe, NO, YES, type Match } from './first-match.ts';
import type { AddressContext, Flow } from './flow.ts';
import { contains, isPrivate, parsePrefix } from './ipv4.ts';

// A rule's destination value ("*", a CIDR, a service tag) against a flow. The
// snapshot holds no IP ranges of service tags and no public addresses, so some
// answers are "maybe": said with the reason, never guessed.

const ANY = new Set(['*', 'any', '0.0.0.0/0']);
/** Tags that hold all of Azure's public ranges (or a region of them): they may contain any Azure endpoint. */
const AZURE_WIDE = /^azurecloud(\.|$)/i;

/** A service tag rule value against the flow's destination. */
export function serviceTagMatch(tag: string, flow: Flow, context?: AddressContext): Match {
  const t = tag.toLowerCase();
  if (t === 'internet') return flow.public ? YES : NO;
  if (t === 'virtualnetwork') return virtualNetworkMatch(flow, context);
  if (!flow.public) return NO; // a service tag holds public ranges; the flow goes to a private address
  const want = flow.serviceTag?.toLowerCase();
  if (want) {
    if (t === want) return YES;
    const [service, region] = want.split('.');
    if (t === service) return YES; // the global tag holds every region's ranges
    if (t.split('.')[0] === service && region !== undefined) return NO; // the same service, another region
  }
  if (AZURE_WIDE.test(t))
    return maybe(
      `${tag} holds Azure's public ranges; whether ${flow.host ?? flow.serviceTag ?? 'the destination'}'s address is among them needs IP ranges the snapshot does not hold`,
    );
  return want ? NO : maybe(`whether ${flow.host ?? 'the destination'} is in ${tag} needs IP ranges the snapshot does not hold`);
}

function virtualNetworkMatch(flow: Flow, context?: AddressContext): Match {
  if (!context) return flow.public ? NO : YES;
  if (flow.inVnet) return YES;
  const ranges = [...context.vnetPrefixes, ...context.udrPrefixes].map((p) => parsePrefix(p)).filter((p) => p !== undefined);
  if (flow.address) {
    const a = parsePrefix(flow.address);
    return a && ranges.some((r) => contains(r, a)) ? YES : NO;
  }
  // A UDR for 0.0.0.0/0 puts every address into the VirtualNetwork tag (Azure docs, service tags).
  return ranges.some((r) => r.bits === 0) ? YES : flow.public ? NO : maybe('the destination address is not known');
}

/** One destination value: "*", an address or prefix, or a service tag. */
export function addressMatch(value: string, flow: Flow, context?: AddressContext): Match {
  const v = value.trim();
  if (ANY.has(v.toLowerCase())) return YES;
  const prefix = parsePrefix(v);
  if (!prefix) return serviceTagMatch(v, flow, context);
  if (flow.address) {
    const a = parsePrefix(flow.address);
    return a && contains(prefix, a) ? YES : NO;
  }
  if (flow.inVnet)
    return context?.vnetPrefixes.some((p) => {
      const q = parsePrefix(p);
      return q !== undefined && contains(prefix, q);
    })
      ? YES
      : maybe(`the API server's private address is not in the snapshot`);
  if (flow.public && isPrivate(prefix)) return NO;
  return maybe(`${flow.host ?? flow.serviceTag ?? 'the destination'} has no address in the snapshot; whether it is in ${v} cannot be told`);
}

export const anyAddress = (values: string[], flow: Flow, context?: AddressContext): Match =>
  anyOf(values.map((v) => addressMatch(v, flow, context)));

/** A port list as NSGs and firewall rules write it: "*", "443", "8000-8999". */
export function portMatch(values: string[], port: number): Match {
  const hit = values.some((v) => {
    const s = v.trim();
    if (s === '*') return true;
    const [lo, hi] = s.split('-').map(Number);
    return hi === undefined ? lo === port : lo <= port && port <= hi;
  });
  return hit ? YES : NO;
}

/** The node subnet's prefixes against a rule's source values ("*", CIDRs, VirtualNetwork). */
export function sourceMatch(values: string[], subnetPrefixes: string[]): Match {
  const subnets = subnetPrefixes.map((p) => parsePrefix(p)).filter((p) => p !== undefined);
  return anyOf(
    values.map((value) => {
      const v = value.trim().toLowerCase();
      if (ANY.has(v) || v === 'virtualnetwork') return YES;
      const prefix = parsePrefix(v);
      if (!prefix) return NO; // other tags (AzureLoadBalancer, Internet, …) never hold the node subnet
      if (subnets.length && subnets.every((s) => contains(prefix, s))) return YES;
      if (subnets.some((s) => contains(prefix, s) || contains(s, prefix)))
        return maybe(`${value} holds only part of the node subnet ${subnetPrefixes.join(', ')}`);
      return NO;
    }),
  );
}
