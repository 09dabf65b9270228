// Which proxy (if any) a request to a URL goes through, with the NO_PROXY
// rules curl applies, so the probes take the same path the real clients
// (containerd, az, curl) take from the same environment.

import net from 'node:net';

export interface ProxySettings {
  /** Proxy for https: URLs (and for http: URLs when httpProxy is not set). */
  proxy?: string;
  /** Proxy for http: URLs. */
  httpProxy?: string;
  /** Comma (or blank) separated NO_PROXY list. */
  noProxy?: string;
}

export function proxySettingsFromEnv(env: Record<string, string | undefined>): ProxySettings {
  // curl reads the lower-case names first.
  const pick = (...names: string[]): string | undefined => {
    for (const name of names) {
      const value = env[name]?.trim();
      if (value) return value;
    }
    return undefined;
  };
  const settings: ProxySettings = {};
  const proxy = pick('https_proxy', 'HTTPS_PROXY');
  const httpProxy = pick('http_proxy', 'HTTP_PROXY');
  const noProxy = pick('no_proxy', 'NO_PROXY');
  if (proxy) settings.proxy = proxy;
  if (httpProxy) settings.httpProxy = httpProxy;
  if (noProxy) settings.noProxy = noProxy;
  return settings;
}

export function proxyFor(url: URL, settings: ProxySettings): URL | undefined {
  const raw = url.protocol === 'http:' ? (settings.httpProxy ?? settings.proxy) : settings.proxy;
  if (!raw?.trim()) return undefined;
  if (settings.noProxy && bypassesProxy(url, settings.noProxy)) return undefined;
  return parseProxyUrl(raw.trim());
}

/** "proxy:3128" means http://proxy:3128, as in curl. Undefined when unparseable. */
export function parseProxyUrl(raw: string): URL | undefined {
  try {
    return new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `http://${raw}`);
  } catch {
    return undefined;
  }
}

/** host:port of a proxy, never its credentials: safe for messages and evidence. */
export function describeProxy(proxy: URL): string {
  return `${proxy.hostname}:${proxyPort(proxy)}`;
}

export function proxyPort(proxy: URL): number {
  return proxy.port ? Number(proxy.port) : proxy.protocol === 'https:' ? 443 : 80;
}

export function bypassesProxy(url: URL, noProxy: string): boolean {
  const host = stripBrackets(url.hostname).toLowerCase().replace(/\.$/, '');
  const port = url.port ? Number(url.port) : url.protocol === 'http:' ? 80 : 443;
  const hostIsIp = net.isIP(host) !== 0;

  for (const rawEntry of noProxy.split(/[\s,]+/)) {
    const entry = rawEntry.trim().toLowerCase();
    if (!entry) continue;
    if (entry === '*') return true;

    if (hostIsIp) {
      // As in curl: when the URL names an IP, only IP and CIDR entries apply.
      if (matchesIpEntry(host, entry)) return true;
      continue;
    }

    const { name, entryPort } = splitHostPort(entry);
    if (entryPort !== undefined && entryPort !== port) continue;
    // "*.example.com", ".example.com" and "example.com" all match the domain
    // itself and every name below it.
    const domain = name.replace(/^\*\./, '').replace(/^\./, '').replace(/\.$/, '');
    if (!domain) continue;
    if (host === domain || host.endsWith(`.${domain}`)) return true;
  }
  return false;
}

function matchesIpEntry(ip: string, entry: string): boolean {
  const slash = entry.indexOf('/');
  const base = stripBrackets(slash === -1 ? entry : entry.slice(0, slash));
  const family = net.isIP(base);
  if (family === 0) return false;
  const type = family === 4 ? 'ipv4' : 'ipv6';
  const prefix = slash === -1 ? (family === 4 ? 32 : 128) : Number(entry.slice(slash + 1));
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > (family === 4 ? 32 : 128)) return false;
  const list = new net.BlockList();
  list.addSubnet(base, prefix, type);
  return list.check(ip, net.isIP(ip) === 4 ? 'ipv4' : 'ipv6');
}

function splitHostPort(entry: string): { name: string; entryPort?: number } {
  const match = /^(.*[^:]):(\d+)$/.exec(entry);
  // A bare IPv6 address has colons too, but those entries never reach here.
  if (match && !match[1]!.includes(':')) return { name: match[1]!, entryPort: Number(match[2]) };
  return { name: entry };
}

function stripBrackets(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}
