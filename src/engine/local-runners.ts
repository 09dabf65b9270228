import { isIP } from 'node:net';
import { probeDns } from '../probes/dns.ts';
import { probeHttp } from '../probes/http.ts';
import { probeTcp } from '../probes/tcp.ts';
import { probeTls } from '../probes/tls.ts';
import type { PlannedCheck } from '../plan/check.ts';
import type { CheckKind, ResolvedAddress } from '../types.ts';
import type { RunContext } from './context.ts';
import type { Runner } from './run.ts';

/** Where to connect for a check: a --connect-to override, else the address its DNS check found (never a second lookup). */
function destination(check: PlannedCheck, ctx: RunContext): { address: string; port: number } {
  const host = check.host!;
  const override = ctx.connectTo.get(`${host}:${check.port}`);
  const port = override?.port ?? check.port!;
  if (override?.address) return { address: override.address, port };
  if (isIP(host)) return { address: host, port };
  const dnsCheck = `${check.id.slice(0, check.id.lastIndexOf('/'))}/dns`;
  const found: ResolvedAddress[] = ctx.addresses.get(dnsCheck) ?? [];
  // No DNS check ran (the host is reached through a proxy): the proxy resolves it.
  return { address: found[0]?.address ?? host, port };
}

// A tcp:// dependency (a database, a cache) is reached directly, as its clients do: HTTP proxies carry only HTTP(S),
// and the plan kept its DNS check for that reason.
const proxyOf = (check: PlannedCheck, ctx: RunContext): URL | undefined =>
  String(check.params?.url ?? '').startsWith('tcp:') ? undefined : ctx.proxyFor(new URL(check.http?.url ?? `https://${check.host}:${check.port}/`));

export const localRunners: Partial<Record<CheckKind, Runner>> = {
  dns: (check, ctx) =>
    probeDns(check.host!, { servers: ctx.dnsServers, timeoutMs: ctx.timeoutMs, signal: ctx.signal, privateLinkZone: check.privateLinkZone }),

  tcp: (check, ctx) => {
    const { address, port } = destination(check, ctx);
    return probeTcp({ host: check.host!, address, port, timeoutMs: ctx.timeoutMs, signal: ctx.signal, proxy: proxyOf(check, ctx) });
  },

  tls: (check, ctx) => {
    const { address, port } = destination(check, ctx);
    return probeTls({ host: check.host!, address, port, timeoutMs: ctx.timeoutMs, signal: ctx.signal, proxy: proxyOf(check, ctx), ca: ctx.ca, alpn: ['h2', 'http/1.1'] });
  },

  http: (check, ctx) => {
    const { address, port } = destination(check, ctx);
    return probeHttp({
      url: new URL(check.http!.url),
      address,
      port,
      timeoutMs: ctx.timeoutMs,
      signal: ctx.signal,
      proxy: proxyOf(check, ctx),
      ca: ctx.ca,
      expectStatus: check.http!.expectStatus,
      expectHeader: check.http!.expectHeader,
    });
  },
};
