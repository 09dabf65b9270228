import { Resolver } from 'node:dns/promises';
import { parseHostPort } from '../config/formats.ts';
import type { Resolution } from './formats/nftables.ts';

/** Resolves names to their A and AAAA addresses through the given servers ("ip[:port]"; none = the system's),
 *  all within one deadline. A name that does not resolve gets its DNS error code instead. */
export async function resolveNames(names: string[], servers: string[], timeoutMs: number): Promise<Map<string, Resolution>> {
  const resolver = new Resolver({ timeout: Math.max(100, Math.floor(timeoutMs / 2)), tries: 2 });
  if (servers.length) {
    resolver.setServers(
      servers.map((s) => {
        const { host, port } = parseHostPort(s, 53)!;
        return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
      }),
    );
  }
  const family = async (name: string, v: 4 | 6): Promise<string[]> => {
    try {
      return v === 4 ? await resolver.resolve4(name) : await resolver.resolve6(name);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      // A name with only A records has no AAAA: that is an answer, not a failure.
      if (code === 'ENODATA') return [];
      throw e;
    }
  };
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      resolver.cancel();
      reject(new Error('deadline'));
    }, timeoutMs);
  });
  const results = await Promise.all(
    [...new Set(names)].map(async (name): Promise<[string, Resolution]> => {
      try {
        const [v4, v6] = await Promise.race([Promise.all([family(name, 4), family(name, 6)]), deadline]);
        const addresses = [...v4, ...v6];
        return [name, addresses.length ? { addresses } : { addresses, error: 'no A or AAAA record' }];
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        const error = code === 'ENOTFOUND' ? 'NXDOMAIN' : code === 'ECANCELLED' || code === 'ETIMEOUT' || (e as Error).message === 'deadline' ? 'no answer in time' : (code ?? 'lookup failed');
        return [name, { addresses: [], error }];
      }
    }),
  ).finally(() => clearTimeout(timer));
  return new Map(results);
}
