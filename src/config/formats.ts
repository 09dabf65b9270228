import { isIP } from 'node:net';

// Every value that later lands in a DNS query, a URL, a report or a generated
// firewall rule is checked here, at the boundary: only plain host-name
// characters get through, so nothing downstream has to guess at escaping.

const LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/i;

export function isHostName(s: string): boolean {
  const name = s.endsWith('.') ? s.slice(0, -1) : s;
  return name.length > 0 && name.length <= 253 && name.split('.').every((l) => LABEL.test(l)) && !/^[0-9.]+$/.test(name);
}

export function parseHostPort(s: string, defaultPort?: number): { host: string; port: number } | undefined {
  // A bare IPv6 address has colons of its own: it takes the default port.
  if (isIP(s) === 6) return defaultPort === undefined ? undefined : { host: s, port: defaultPort };
  const m = /^\[([0-9a-f:.]+)\](?::(\d{1,5}))?$/i.exec(s) ?? /^([^:[\]]+)(?::(\d{1,5}))?$/.exec(s);
  if (!m) return undefined;
  const port = m[2] === undefined ? defaultPort : Number(m[2]);
  if (port === undefined || port < 1 || port > 65535) return undefined;
  return { host: m[1], port };
}

function isDnsServer(s: string): boolean {
  const hp = parseHostPort(s, 53);
  return !!hp && isIP(hp.host) !== 0;
}

function isDependency(s: string): boolean {
  let url: URL;
  try {
    url = new URL(s);
  } catch {
    return false;
  }
  if (!['https:', 'http:', 'tcp:'].includes(url.protocol)) return false;
  if (url.protocol === 'tcp:' && !url.port) return false;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return isHostName(host) || isIP(host) !== 0;
}

function isProxyUrl(s: string): boolean {
  try {
    const url = new URL(s);
    return ['http:', 'https:'].includes(url.protocol) && (isHostName(url.hostname) || isIP(url.hostname.replace(/^\[|\]$/g, '')) !== 0);
  } catch {
    return false;
  }
}

/** curl's --connect-to HOST:PORT:ADDR:PORT; an empty ADDR keeps the address DNS found. */
export function parseConnectTo(s: string): { host: string; port: number; address?: string; toPort: number } | undefined {
  const m = /^([^:]+):(\d{1,5}):(\[[0-9a-f:.]+\]|[^:]*):(\d{1,5})$/i.exec(s);
  if (!m || !isHostName(m[1])) return undefined;
  const address = m[3].replace(/^\[|\]$/g, '');
  if (address && isIP(address) === 0) return undefined;
  const port = Number(m[2]);
  const toPort = Number(m[4]);
  if (port < 1 || port > 65535 || toPort < 1 || toPort > 65535) return undefined;
  return { host: m[1].toLowerCase(), port, address: address || undefined, toPort };
}

/** Ajv formats, with the hint a user sees when a value does not match. */
export const FORMATS: Record<string, { validate: (s: string) => boolean; hint: string }> = {
  hostname: { validate: isHostName, hint: 'must be a DNS host name such as myaks-dns-1a2b3c.hcp.eastus.azmk8s.io' },
  region: { validate: (s) => /^[a-z][a-z0-9]{2,30}$/.test(s), hint: 'must be an Azure region name such as eastus' },
  'acr-name': {
    validate: (s) => /^[a-zA-Z0-9]{5,50}$/.test(s),
    hint: 'must be a container registry name: 5-50 letters or digits, without .azurecr.io',
  },
  'storage-account': {
    validate: (s) => /^[a-z0-9]{3,24}$/.test(s),
    hint: 'must be a storage account name: 3-24 lower-case letters or digits',
  },
  'dns-label': {
    validate: (s) => LABEL.test(s) && s === s.toLowerCase(),
    hint: 'must be one DNS label: lower-case letters, digits and hyphens',
  },
  'dns-server': { validate: isDnsServer, hint: 'must be an IP address, optionally with :port (10.0.0.4 or 10.0.0.4:5353)' },
  dependency: { validate: isDependency, hint: 'must be a URL such as https://db.contoso.example or tcp://cache.contoso.example:6380' },
  'proxy-url': { validate: isProxyUrl, hint: 'must be an http:// or https:// proxy URL such as http://proxy.contoso.example:3128' },
  'connect-to': { validate: (s) => parseConnectTo(s) !== undefined, hint: 'must be HOST:PORT:ADDR:PORT as in curl --connect-to' },
  // The workspace ID the portal shows under Properties (a GUID), as the extension's workspace host uses it.
  guid: {
    validate: (s) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s),
    hint: 'must be the workspace ID, a GUID such as 1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c5d (portal: the workspace, Properties, Workspace ID)',
  },
  'no-proxy': {
    validate: (s) => /^[A-Za-z0-9.*:,/[\] -]*$/.test(s),
    hint: 'must be a comma-separated list of host names, domains or addresses',
  },
};
