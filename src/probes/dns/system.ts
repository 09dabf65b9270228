// No resolver configured and none in /etc/resolv.conf (rare): getaddrinfo,
// under the probe's deadline. It hides rcodes and CNAME chains, so only the
// address (or its error) is judged.

import { promises as dnsPromises, getServers } from 'node:dns';
import { errorCode, errorMessage, type Deadline } from '../deadline.ts';
import type { DnsServer } from './transport.ts';
import type { ResolverVerdict } from './verdict.ts';

/** This machine's resolvers as Node reads them (resolv.conf), in "address[:port]" forms parseServer understands. */
export function systemServers(parseServer: (text: string) => DnsServer | undefined): DnsServer[] {
  return getServers()
    .map(parseServer)
    .filter((s): s is DnsServer => s !== undefined);
}

export async function askSystem(qname: string, deadline: Deadline): Promise<ResolverVerdict> {
  const base = { label: 'system resolver (getaddrinfo)', transport: 'system' as const, rcode: null, chain: [], ttl: null, notes: [] };
  const lookup = dnsPromises.lookup(qname, { all: true }).then(
    (found) => ({ found }),
    (err: unknown) => ({ err }),
  );
  const outcome = await Promise.race([lookup, deadline.whenExpired.then(() => undefined)]);
  const durationMs = deadline.elapsedMs();
  if (outcome === undefined) {
    return {
      ...base,
      addresses: [],
      durationMs,
      failure: { code: 'DNS_TIMEOUT', message: `the system resolver gave no answer for ${qname} within ${deadline.timeoutMs} ms` },
    };
  }
  if ('found' in outcome) return { ...base, addresses: outcome.found.map((f) => f.address), durationMs };
  const code = errorCode(outcome.err);
  const failure: ResolverVerdict['failure'] =
    code === 'ENOTFOUND'
      ? { code: 'DNS_NXDOMAIN', message: `the system resolver says ${qname} does not exist (ENOTFOUND)` }
      : code === 'ENODATA'
        ? { code: 'DNS_NODATA', message: `the system resolver has no address for ${qname} (ENODATA)` }
        : code === 'EAI_AGAIN'
          ? {
              code: 'DNS_TIMEOUT',
              message: `the system resolver could not get an answer for ${qname} (EAI_AGAIN: resolver unreachable, or still waiting on its upstream)`,
            }
          : { code: 'DNS_SERVFAIL', message: `the system resolver failed for ${qname} (${code ?? errorMessage(outcome.err)})` };
  return { ...base, addresses: [], durationMs, failure };
}
