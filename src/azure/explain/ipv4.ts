// IPv4 prefixes as Azure writes them ("10.0.0.0/16", "10.0.0.4"): the unit
// routes, NSG rules and firewall rules compare. IPv6 is not evaluated (Limits).

export interface Prefix {
  base: number;
  bits: number;
}

/** "10.0.0.0/16" or "10.0.0.4" → a prefix; anything else (a service tag, "*", IPv6) → undefined. */
export function parsePrefix(text: string): Prefix | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?:\/(\d{1,2}))?$/.exec(text.trim());
  if (!m) return undefined;
  const octets = m.slice(1, 5).map(Number);
  const bits = m[5] === undefined ? 32 : Number(m[5]);
  if (octets.some((o) => o > 255) || bits > 32) return undefined;
  const address = ((octets[0] << 24) | (octets[1] << 16) | (octets[2] << 8) | octets[3]) >>> 0;
  return { base: (address & mask(bits)) >>> 0, bits };
}

const mask = (bits: number): number => (bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0);

/** Whether every address of `inner` is in `outer`. */
export function contains(outer: Prefix, inner: Prefix): boolean {
  return inner.bits >= outer.bits && (inner.base & mask(outer.bits)) >>> 0 === outer.base;
}

export function overlaps(a: Prefix, b: Prefix): boolean {
  return contains(a, b) || contains(b, a);
}

/** RFC 1918 and the shared/link-local ranges: never a public endpoint's address. */
const PRIVATE = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10', '169.254.0.0/16'].map((p) => parsePrefix(p)!);
export const isPrivate = (p: Prefix): boolean => PRIVATE.some((r) => contains(r, p));
