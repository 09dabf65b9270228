// DNS: ask each resolver directly (our own sockets, packets and deadline) so
// we can tell NXDOMAIN from SERVFAIL from silence, see the CNAME chain of each
// answer, and compare what different resolvers say. The parts:
// dns/transport.ts (UDP, TCP on truncation), dns/decode.ts (the wire format),
// dns/packet.ts (build, check, read), dns/ask.ts (A and AAAA of one
// resolver), dns/verdict.ts and dns/consistency.ts (what it all means).
// This is the only DNS client in src/: everything that resolves uses it.

import net from 'node:net';
import type { ProbeCode } from '../codes.ts';
import { ipFamily } from '../ip-literal.ts';
import { errorMessage, startDeadline } from './deadline.ts';
import { askResolver } from './dns/ask.ts';
import { normalizeName, toQueryName } from './dns/packet.ts';
import { askSystem, systemServers } from './dns/system.ts';
import type { DnsServer } from './dns/transport.ts';
import { judge, judgeResolver, type DnsOutcome } from './dns/verdict.ts';

export type { DnsServer } from './dns/transport.ts';
export type { DnsOutcome, QueryEvidence, ResolverEvidence } from './dns/verdict.ts';
export { isPrivateAddress } from './dns/private-endpoint.ts';
export { AAAA_GRACE_MS } from './dns/ask.ts';

export interface DnsProbeOptions {
  /** Resolvers to ask; empty = this machine's resolvers. */
  servers: DnsServer[];
  timeoutMs: number;
  signal?: AbortSignal;
  /** Zone that proves a private endpoint (e.g. "privatelink.azurecr.io"); default: any "privatelink." zone. */
  privateLinkZone?: string;
}

/** "10.0.0.4", "10.0.0.4:5353", "[fd00::53]:53", "fd00::53" → server; undefined when not an IP. */
export function parseDnsServer(text: string): DnsServer | undefined {
  const entry = text.trim();
  const bracketed = /^\[([^\]]+)\](?::(\d{1,5}))?$/.exec(entry);
  if (bracketed && net.isIPv6(bracketed[1]!)) return { address: bracketed[1]!, port: bracketed[2] ? Number(bracketed[2]) : 53 };
  if (net.isIP(entry)) return { address: entry, port: 53 };
  const withPort = /^([\d.]+):(\d{1,5})$/.exec(entry);
  if (withPort && net.isIPv4(withPort[1]!)) return { address: withPort[1]!, port: Number(withPort[2]) };
  return undefined;
}

export async function probeDns(host: string, opts: DnsProbeOptions): Promise<DnsOutcome> {
  const name = normalizeName(host.trim());
  const family = ipFamily(name);
  if (family !== 0) {
    return {
      status: 'pass',
      message: `${name} is an IP address: nothing to resolve`,
      evidence: { host: name, resolvers: [], cnameChain: [], addresses: [name] },
      addresses: [{ address: name, family }],
    };
  }
  const qname = toQueryName(name);
  if (!qname) return failed(host, 'DNS_NXDOMAIN', `"${host}" is not a valid DNS name, so it cannot exist in any zone`);

  const deadline = startDeadline(opts.timeoutMs, opts.signal);
  try {
    const servers = opts.servers.length > 0 ? opts.servers : systemServers(parseDnsServer);
    const verdicts =
      servers.length > 0
        ? await Promise.all(servers.map(async (server) => judgeResolver(await askResolver(server, qname, deadline), qname, deadline)))
        : [await askSystem(qname, deadline)];
    return judge(name, verdicts, opts.privateLinkZone, deadline);
  } catch (err) {
    return failed(name, 'DNS_SERVFAIL', `DNS probe of ${name} failed unexpectedly: ${errorMessage(err)}`);
  } finally {
    deadline.dispose();
  }
}

function failed(host: string, code: ProbeCode, message: string): DnsOutcome {
  return { status: 'fail', code, message, evidence: { host, resolvers: [], cnameChain: [], addresses: [] }, addresses: [] };
}
