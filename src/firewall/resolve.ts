import { parseHostPort } from '../config/formats.ts';
import { parseDnsServer, probeDns, type DnsServer } from '../probes/dns.ts';
import type { Resolution } from './formats/nftables.ts';

/** Resolves names to their A and AAAA addresses through the given servers ("ip[:port]"; none = the system's),
 *  with the DNS probe (the one DNS client), all side by side within one deadline. A name that does not resolve
 *  gets its DNS failure instead ("NXDOMAIN", "TIMEOUT", …: the probe's code without its DNS_ prefix). */
export async function resolveNames(names: string[], servers: string[], timeoutMs: number): Promise<Map<string, Resolution>> {
  const dnsServers = servers.map(toDnsServer);
  const results = await Promise.all(
    [...new Set(names)].map(async (name): Promise<[string, Resolution]> => {
      const outcome = await probeDns(name, { servers: dnsServers, timeoutMs });
      const addresses = outcome.addresses.map((a) => a.address);
      return [
        name,
        outcome.status === 'fail' ? { addresses, error: (outcome.code ?? 'DNS_SERVFAIL').replace(/^DNS_/, '') } : { addresses },
      ];
    }),
  );
  return new Map(results);
}

function toDnsServer(text: string): DnsServer {
  const parsed = parseDnsServer(text);
  if (parsed) return parsed;
  // The profile's validation already accepted it as ip[:port].
  const { host, port } = parseHostPort(text, 53)!;
  return { address: host, port };
}
