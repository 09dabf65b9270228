// Is a host an IP literal? net.isIP decides, but its IPv6 pattern costs a few
// µs on every host name it turns down, and the plan and each host's DNS and
// TLS steps ask for every host: a text with no ':' that is not only digits and
// dots can be neither family, and is answered without it.
import net from 'node:net';

const DIGITS_AND_DOTS = /^[\d.]+$/;

export function ipFamily(text: string): 0 | 4 | 6 {
  if (!text.includes(':') && !DIGITS_AND_DOTS.test(text)) return 0;
  return net.isIP(text) as 0 | 4 | 6;
}
