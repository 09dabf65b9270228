import type net from 'node:net';
import { TLSSocket } from 'node:tls';
import { probeDns } from '../probes/dns.ts';
import { requestHttp } from '../probes/http.ts';
import { connectTcp } from '../probes/tcp.ts';
import { handshakeTls } from '../probes/tls.ts';
import type { PlannedCheck } from '../plan/check.ts';
import type { HostSession, RunContext } from './context.ts';
import type { Runner } from './run.ts';

/** Where to connect for a check: a --connect-to override, else the address its DNS check found (never a second lookup). */
function destination(check: PlannedCheck, ctx: RunContext, session: HostSession): { address: string; port: number } {
  const host = check.host!;
  const override = ctx.connectTo.size > 0 ? ctx.connectTo.get(`${host}:${check.port}`) : undefined;
  const port = override?.port ?? check.port!;
  if (override?.address) return { address: override.address, port };
  const found = session.addresses?.[0];
  if (found) return { address: found.address, port };
  // An IP literal needs no DNS check; with no DNS check otherwise, the host is reached through a proxy, which resolves it.
  return { address: host, port };
}

const urlOf = (check: PlannedCheck): string => check.http?.url ?? `https://${check.host}:${check.port}/`;

// A tcp:// dependency (a database, a cache) is reached directly, as its clients do: HTTP proxies carry only HTTP(S),
// and the plan kept its DNS check for that reason.
const proxyOf = (check: PlannedCheck, ctx: RunContext): URL | undefined =>
  String(check.params?.url ?? '').startsWith('tcp:') ? undefined : ctx.proxyFor(urlOf(check));

/** The host's open connection, taken out of the session (the taker hands back what it makes of it). */
function take(session: HostSession): net.Socket | undefined {
  const socket = session.connection as net.Socket | undefined;
  session.connection = undefined;
  return socket;
}

export const localRunners: Partial<Record<'dns' | 'tcp' | 'tls' | 'http', Runner>> = {
  dns: (check, ctx) =>
    probeDns(check.host!, {
      servers: ctx.dnsServers,
      timeoutMs: ctx.timeoutMs,
      signal: ctx.signal,
      privateLinkZone: check.privateLinkZone,
    }),

  tcp: async (check, ctx, session) => {
    const { address, port } = destination(check, ctx, session);
    const proxy = proxyOf(check, ctx);
    const carriesRequest = session.remaining.some((k) => k === 'tls' || k === 'http');
    // Plain HTTP through a proxy goes to the proxy as a request, never a tunnel (proxies allow CONNECT to TLS ports only).
    // The tcp check has no URL of its own: plain HTTP is an http step that follows with no TLS step before it.
    const forward = proxy !== undefined && session.remaining.includes('http') && !session.remaining.includes('tls');
    const { outcome, socket } = await connectTcp({
      host: check.host!,
      address,
      port,
      timeoutMs: ctx.timeoutMs,
      signal: ctx.signal,
      proxy,
      forward,
      carriesRequest,
    });
    if (socket && carriesRequest) session.connection = socket;
    else socket?.destroy();
    return outcome;
  },

  tls: async (check, ctx, session) => {
    const { address, port } = destination(check, ctx, session);
    const opts = {
      host: check.host!,
      address,
      port,
      timeoutMs: ctx.timeoutMs,
      signal: ctx.signal,
      proxy: proxyOf(check, ctx),
      ca: ctx.ca,
      alpn: ['h2', 'http/1.1'],
    };
    const { outcome, socket } = await handshakeTls(opts, take(session));
    if (socket && session.remaining.includes('http')) session.connection = socket;
    else socket?.destroy();
    return outcome;
  },

  http: (check, ctx, session) => {
    const { address, port } = destination(check, ctx, session);
    const url = new URL(check.http!.url);
    let socket = take(session);
    // Only a connection of the right kind carries the request; otherwise the step opens its own.
    if (socket && socket instanceof TLSSocket !== (url.protocol === 'https:')) {
      socket.destroy();
      socket = undefined;
    }
    return requestHttp(
      {
        url,
        address,
        port,
        timeoutMs: ctx.timeoutMs,
        signal: ctx.signal,
        proxy: proxyOf(check, ctx),
        ca: ctx.ca,
        proof: check.http!.proof,
      },
      socket,
    );
  },
};
