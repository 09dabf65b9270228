// What makes a private answer healthy: a private address is a private
// endpoint only when the answer that carries it reached it through a
// privatelink CNAME. Anything else is an override (hosts file, custom zone,
// dnsmasq address=) pointing the name somewhere private.

import net from 'node:net';
import { normalizeName } from './packet.ts';

// Private ranges a private endpoint can use. Loopback and 198.18.0.0/15 are
// left out on purpose: test labs answer with them.
const PRIVATE_RANGES = new net.BlockList();
PRIVATE_RANGES.addSubnet('10.0.0.0', 8, 'ipv4');
PRIVATE_RANGES.addSubnet('172.16.0.0', 12, 'ipv4');
PRIVATE_RANGES.addSubnet('192.168.0.0', 16, 'ipv4');
PRIVATE_RANGES.addSubnet('100.64.0.0', 10, 'ipv4');
PRIVATE_RANGES.addSubnet('fc00::', 7, 'ipv6');

export function isPrivateAddress(address: string): boolean {
  const family = net.isIP(address);
  return family !== 0 && PRIVATE_RANGES.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/** `zone`: the zone that proves it (e.g. "privatelink.azurecr.io"); default any "privatelink." zone. */
export function isPrivateLinkName(name: string, zone: string | undefined): boolean {
  if (zone) {
    const z = normalizeName(zone);
    return name === z || name.endsWith(`.${z}`);
  }
  return /(^|\.)privatelink\.[a-z0-9-]/.test(name);
}
