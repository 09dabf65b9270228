// What the answers mean. Per resolver: an address, or the one failure code
// that explains why none came (a definitive error beats silence, silence
// beats "no data"). Across resolvers: the first failure fails the check;
// otherwise warnings, most serious first: a private address without a
// privatelink CNAME in the chain of the answer that carries it, AAAA
// queries dropped, resolvers that send traffic to different places.

import type { ProbeOutcome, ResolvedAddress } from '../../types.ts';
import type { ProbeCode } from '../../codes.ts';
import type { Deadline } from '../deadline.ts';
import type { ResolverAnswers } from './ask.ts';
import { compareResolvers, type ResolverView } from './consistency.ts';
import { minTtl, rcodeName, RCODE, type AddressType } from './packet.ts';
import { isPrivateAddress, isPrivateLinkName } from './private-endpoint.ts';
import type { QueryResult } from './transport.ts';

export type DnsOutcome = ProbeOutcome & { addresses: ResolvedAddress[] };
type Failure = { code: ProbeCode; message: string };

/** One query of a resolver, as recorded in `evidence.resolvers[].queries`. */
export interface QueryEvidence {
  type: AddressType;
  transport: 'udp' | 'tcp';
  rcode: string | null;
  cnameChain: string[];
  addresses: string[];
  durationMs: number;
  error?: string;
}

/** What one resolver said, as recorded in `evidence.resolvers`. */
export interface ResolverEvidence {
  server: string;
  transport: 'udp' | 'tcp' | 'system';
  rcode: string | null;
  cnameChain: string[];
  addresses: string[];
  ttl: number | null;
  durationMs: number;
  code?: ProbeCode;
  error?: string;
  /** The A and the AAAA answer, each judged on its own chain (absent for getaddrinfo). */
  queries?: QueryEvidence[];
}

export interface ResolverVerdict {
  label: string;
  transport: 'udp' | 'tcp' | 'system';
  rcode: number | null;
  chain: string[];
  addresses: string[];
  ttl: number | null;
  durationMs: number;
  failure?: Failure;
  notes: string[];
  /** Absent for getaddrinfo, which hides rcodes and CNAME chains. */
  answers?: ResolverAnswers;
}

export function judgeResolver(answers: ResolverAnswers, qname: string, deadline: Deadline): ResolverVerdict {
  const { a, aaaa, label } = answers;
  const pair = [
    ['A', a],
    ['AAAA', aaaa],
  ] as const;
  const answered = pair.flatMap(([, r]) => (r.kind === 'answer' ? [r] : []));
  const verdict: ResolverVerdict = {
    label,
    transport: [a, aaaa].some((r) => r.transport === 'tcp') ? 'tcp' : 'udp',
    rcode: answered[0]?.rcode ?? null,
    chain: (answered.find((r) => r.chain.length > 0) ?? answered[0])?.chain ?? [],
    addresses: [...(a.kind === 'answer' ? a.addresses : []), ...(aaaa.kind === 'answer' ? aaaa.addresses : [])],
    ttl: minTtl(answered.map((r) => r.ttl)),
    durationMs: answers.durationMs,
    notes: [],
    answers,
  };
  for (const [type, r] of pair) {
    if (r.kind !== 'answer')
      verdict.notes.push(`${type}: ${type === 'AAAA' && answers.aaaaAbandonedAfterMs !== undefined ? abandoned(answers) : r.detail}`);
    else if (r.rcode !== RCODE.NOERROR) verdict.notes.push(`${type}: ${rcodeName(r.rcode)}`);
  }
  if (verdict.addresses.length === 0) verdict.failure = classify(answers, qname, deadline);
  return verdict;
}

const abandoned = (answers: ResolverAnswers): string => `no reply, given up ${answers.aaaaAbandonedAfterMs} ms after the A answer`;

function classify(answers: ResolverAnswers, qname: string, deadline: Deadline): Failure {
  const pair = [
    ['A', answers.a],
    ['AAAA', answers.aaaa],
  ] as const;
  const who = `resolver ${answers.label}`;
  for (const [, r] of pair) {
    if (r.kind === 'answer' && r.rcode === RCODE.NXDOMAIN) {
      return {
        code: 'DNS_NXDOMAIN',
        message: `${who} answered NXDOMAIN for ${qname}: the name does not exist there (a typo, or a private zone that lacks this record)`,
      };
    }
  }
  for (const [, r] of pair) {
    if (r.kind !== 'answer' || r.rcode === RCODE.NOERROR) continue;
    if (r.rcode === RCODE.REFUSED) {
      return {
        code: 'DNS_REFUSED',
        message: `${who} REFUSED to resolve ${qname}: it does not serve this client or zone (check its recursion and ACL settings)`,
      };
    }
    return {
      code: 'DNS_SERVFAIL',
      message: `${who} answered ${rcodeName(r.rcode)} for ${qname}: it failed to resolve the name (a broken forwarder, e.g. a custom DNS server that cannot reach 168.63.129.16 or its upstream)`,
    };
  }
  for (const [type, r] of pair) {
    if (r.kind === 'malformed') {
      return {
        code: 'DNS_MALFORMED',
        message: `${who} sent an unusable answer to the ${type} query for ${qname} (${r.detail}): a middlebox rewriting DNS, or not a DNS server`,
      };
    }
    if (r.kind === 'unreachable') {
      return { code: 'DNS_TIMEOUT', message: `${who} could not be asked about ${qname} (${r.detail})` };
    }
    if (r.kind === 'timeout') {
      if (deadline.expired() === 'aborted')
        return { code: 'DNS_TIMEOUT', message: `query to ${who} for ${qname} was cancelled after ${deadline.elapsedMs()} ms` };
      if (type === 'AAAA' && answers.aaaaAbandonedAfterMs !== undefined) {
        return {
          code: 'DNS_TIMEOUT',
          message: `${who} answered the A query for ${qname} with no address and never answered AAAA (${abandoned(answers)}): AAAA queries are dropped on the way or by the resolver, so no answer is usable`,
        };
      }
      return {
        code: 'DNS_TIMEOUT',
        message: `${who} gave no answer to the ${type} query for ${qname} within ${deadline.timeoutMs} ms (${r.detail}): port 53 blocked on the way, the server down, or the resolver still waiting on its own upstream or delegated servers (a forwarder or a zone's name servers that do not answer it)`,
      };
    }
  }
  const chain = answers.a.kind === 'answer' ? answers.a.chain : [];
  const end = chain.length > 0 ? ` at the end of the CNAME chain ${[qname, ...chain].join(' → ')}` : '';
  return {
    code: 'DNS_NODATA',
    message: `${who} answered NOERROR for ${qname} but with no A or AAAA record${end} (the record is missing from the zone)`,
  };
}

export function judge(host: string, verdicts: ResolverVerdict[], privateLinkZone: string | undefined, deadline: Deadline): DnsOutcome {
  const all = sortAddresses([...new Set(verdicts.flatMap((r) => r.addresses))]);
  const first = verdicts.find((r) => !r.failure) ?? verdicts[0];
  const evidence: Record<string, unknown> = {
    host,
    resolvers: verdicts.map(resolverEvidence),
    cnameChain: first?.chain ?? [],
    addresses: all,
    durationMs: deadline.elapsedMs(),
  };
  // Answers are addresses the decoder wrote: IPv6 is the one with colons.
  const addresses: ResolvedAddress[] = all.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  const outcome = (status: DnsOutcome['status'], message: string, code?: ProbeCode): DnsOutcome =>
    code ? { status, code, message, evidence, addresses } : { status, message, evidence, addresses };

  const failed = verdicts.filter((r) => r.failure);
  if (failed[0]?.failure) {
    const others = failed.length > 1 ? ` (${failed.length - 1} other resolver${failed.length > 2 ? 's' : ''} failed too)` : '';
    return outcome('fail', failed[0].failure.message + others, failed[0].failure.code);
  }

  const warnings: Failure[] = [];
  const privateLink = privateEndpointWarnings(host, verdicts, privateLinkZone);
  evidence.privateEndpoint = privateLink.privateEndpoint;
  warnings.push(...privateLink.warnings);
  warnings.push(...verdicts.flatMap((r) => aaaaDropped(host, r)));
  const views = verdicts.flatMap((r): ResolverView[] =>
    r.answers ? [{ label: r.label, types: { A: r.answers.a, AAAA: r.answers.aaaa } }] : [],
  );
  const comparison = views.length > 1 ? compareResolvers(views) : undefined;
  if (comparison) {
    evidence.comparison = comparison;
    if (comparison.differences.length > 0) {
      warnings.push({
        code: 'DNS_INCONSISTENT',
        message: `resolvers disagree about ${host} in a way that changes where traffic goes: ${comparison.differences.join('; ')} (split-horizon DNS or a stale forwarder: pods may get either answer)`,
      });
    }
  }
  if (warnings[0]) {
    if (warnings.length > 1) evidence.otherWarnings = warnings.slice(1);
    return outcome('warn', warnings[0].message, warnings[0].code);
  }

  const noted =
    comparison && comparison.notes.length > 0 ? ' on the CDN chain; each gets its own edge addresses, see evidence.comparison' : '';
  const via = verdicts.length > 1 ? `${verdicts.length} resolvers agree${noted}` : `resolver ${verdicts[0]?.label ?? 'system'}`;
  const chain = first && first.chain.length > 0 ? ` through CNAME ${first.chain.join(' → ')}` : '';
  const what = privateLink.privateEndpoint ? 'private endpoint ' : '';
  return outcome('pass', `${host} resolves to ${what}${shortList(all)}${chain} (${via})`);
}

/** Each answer vouches only for its own addresses: the AAAA chain never vouches for an A address. */
function privateEndpointWarnings(
  host: string,
  verdicts: ResolverVerdict[],
  zone: string | undefined,
): { privateEndpoint: boolean; warnings: Failure[] } {
  let privateEndpoint = false;
  const warnings: Failure[] = [];
  for (const r of verdicts) {
    if (!r.answers) continue;
    const byType = { A: r.answers.a, AAAA: r.answers.aaaa };
    for (const type of ['A', 'AAAA'] as const) {
      const answer = byType[type];
      if (answer.kind !== 'answer') continue;
      const privates = answer.addresses.filter(isPrivateAddress);
      if (privates.length === 0) continue;
      if ([host, ...answer.chain].some((name) => isPrivateLinkName(name, zone))) {
        privateEndpoint = true;
        continue;
      }
      const other = byType[type === 'A' ? 'AAAA' : 'A'];
      const otherLink = other.kind === 'answer' ? other.chain.find((name) => isPrivateLinkName(name, zone)) : undefined;
      const contrast = otherLink
        ? `; its ${type === 'A' ? 'AAAA' : 'A'} answer does go through ${otherLink}, so an override answers ${type} itself (e.g. dnsmasq address=/${host}/…) while the other type is forwarded`
        : '';
      warnings.push({
        code: 'DNS_SUSPECT_PRIVATE',
        message: `resolver ${r.label} answered private address ${privates.join(', ')} for ${host} in its ${type} answer without a ${zone ?? 'privatelink'} CNAME in that answer's chain${contrast}: a hijacked or stale DNS entry (hosts file, custom zone, conditional forwarder) rather than a private endpoint`,
      });
    }
  }
  return { privateEndpoint: privateEndpoint && warnings.length === 0, warnings };
}

function aaaaDropped(host: string, r: ResolverVerdict): Failure[] {
  const answers = r.answers;
  if (!answers || answers.aaaaAbandonedAfterMs === undefined || answers.a.kind !== 'answer' || answers.a.addresses.length === 0) return [];
  return [
    {
      code: 'DNS_AAAA_DROPPED',
      message: `resolver ${r.label} answered the A query for ${host} in ${answers.aMs} ms but never the AAAA query (${abandoned(answers)}): AAAA queries are dropped on the way or by the resolver. glibc on the nodes asks for both and waits for AAAA, so every lookup there stalls for its full timeout (AKS node bootstrap exit 50, Azure/AgentBaker#497)`,
    },
  ];
}

function resolverEvidence(r: ResolverVerdict): ResolverEvidence {
  const entry: ResolverEvidence = {
    server: r.label,
    transport: r.transport,
    rcode: r.rcode === null ? null : rcodeName(r.rcode),
    cnameChain: r.chain,
    addresses: sortAddresses(r.addresses),
    ttl: r.ttl,
    durationMs: r.durationMs,
  };
  if (r.failure) entry.code = r.failure.code;
  if (r.failure || r.notes.length > 0) entry.error = r.failure?.message ?? r.notes.join('; ');
  if (r.answers) {
    const { a, aaaa, aMs, aaaaMs } = r.answers;
    entry.queries = [queryEvidence('A', a, aMs), queryEvidence('AAAA', aaaa, aaaaMs)];
    if (r.answers.aaaaAbandonedAfterMs !== undefined) entry.queries[1]!.error = abandoned(r.answers);
  }
  return entry;
}

function queryEvidence(type: AddressType, r: QueryResult, durationMs: number): QueryEvidence {
  if (r.kind === 'answer')
    return { type, transport: r.transport, rcode: rcodeName(r.rcode), cnameChain: r.chain, addresses: r.addresses, durationMs };
  return { type, transport: r.transport, rcode: null, cnameChain: [], addresses: [], durationMs, error: r.detail };
}

function sortAddresses(addresses: string[]): string[] {
  return [...addresses].sort((x, y) => (x.includes(':') ? 1 : 0) - (y.includes(':') ? 1 : 0));
}

function shortList(addresses: string[]): string {
  if (addresses.length === 0) return 'nothing';
  return addresses.length <= 4 ? addresses.join(', ') : `${addresses.slice(0, 4).join(', ')} and ${addresses.length - 4} more`;
}
