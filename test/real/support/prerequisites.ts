// Real-component tests need root (network namespaces, nftables, port 443 on
// loopback, squid dropping to its own user) and Debian packages. Without them
// they skip with one line saying what is missing, never fail or hang.
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** Where each binary comes from, for the skip line. */
const PACKAGE_OF: Record<string, string> = {
  unbound: 'unbound',
  named: 'bind9',
  dnsmasq: 'dnsmasq',
  squid: 'squid-openssl',
  security_file_certgen: 'squid-openssl',
  ip: 'iproute2',
  nft: 'nftables',
  openssl: 'openssl',
  dig: 'dnsutils',
  curl: 'curl',
  nginx: 'nginx-light',
  'docker-registry': 'docker-registry',
  tinyproxy: 'tinyproxy',
  mitmdump: 'mitmproxy',
};

// Non-root shells often lack the sbin directories where these live.
const EXTRA_DIRS = ['/usr/sbin', '/sbin', '/usr/lib/squid'];

export function findBinary(name: string): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), ...EXTRA_DIRS].filter(Boolean);
  for (const dir of dirs) {
    const file = join(dir, name);
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** Undefined when everything is there; otherwise the one line a skipped suite prints. */
export function missingPrerequisite(binaries: string[], options: { root?: boolean } = { root: true }): string | undefined {
  if (options.root !== false && process.getuid?.() !== 0) {
    return 'needs root: network namespaces, nftables, port 443 on loopback addresses (run as root, see docs/testing.md)';
  }
  const missing = binaries.filter((b) => !findBinary(b));
  if (missing.length === 0) return undefined;
  const packages = [...new Set(missing.map((b) => PACKAGE_OF[b] ?? b))];
  return `needs ${missing.join(', ')}: apt-get install ${packages.join(' ')} (see docs/testing.md)`;
}
