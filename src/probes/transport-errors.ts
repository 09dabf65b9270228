// The tables that turn what the network did into our codes: socket errors,
// TLS errors, a proxy's answer to CONNECT, and the pages proxies and
// firewalls answer in place of the service. The transport and the HTTP step
// classify only through these, so one condition has one code everywhere.

import type { ProbeCode } from '../codes.ts';
import { errorCode, errorMessage } from './deadline.ts';

export interface Classified {
  code: ProbeCode;
  message: string;
  evidence?: Record<string, unknown>;
}

const UNREACHABLE_HINTS: Record<string, string> = {
  EHOSTUNREACH: 'no route to host: an ICMP unreachable from a router or firewall, or a missing route',
  ENETUNREACH: 'network unreachable: this machine has no route to that network',
  EADDRNOTAVAIL: 'the local address is not usable for this destination',
  EACCES: 'a local firewall (netfilter) or policy forbids the connection',
  EPERM: 'a local firewall (netfilter) or policy forbids the connection',
};

/** A failed connect(2): `what` is "connection to host (address:port)". */
export function connectErrorCode(err: Error, what: string): Classified & { evidence: Record<string, unknown> } {
  const code = errorCode(err) ?? 'UNKNOWN';
  const evidence = { error: code };
  if (code === 'ECONNREFUSED') {
    return {
      code: 'TCP_REFUSED',
      message: `${what} was refused (RST to the SYN: nothing listens on that port, or a firewall rejects it)`,
      evidence,
    };
  }
  if (code === 'ECONNRESET') {
    return { code: 'TCP_RESET', message: `${what} was reset by the peer (a firewall or proxy in the path rejects it)`, evidence };
  }
  if (code === 'ETIMEDOUT') {
    return {
      code: 'TCP_TIMEOUT',
      message: `${what} timed out in the kernel (no SYN-ACK: packets dropped, a blackhole or firewall drop rule)`,
      evidence,
    };
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return { code: 'TCP_UNREACHABLE', message: `${what} failed: the name could not be resolved (${code})`, evidence };
  }
  const hint = UNREACHABLE_HINTS[code] ?? errorMessage(err);
  return { code: 'TCP_UNREACHABLE', message: `${what} failed with ${code} (${hint})`, evidence };
}

// OpenSSL verify errors that mean "this chain does not lead to a root we trust".
const UNTRUSTED_ERRORS = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'INVALID_CA',
  'CERT_SIGNATURE_FAILURE',
  'CERT_REVOKED',
]);
const EXPIRED_ERRORS = new Set(['CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID']);

/** Our code for a certificate error code (OpenSSL verify error or Node's hostname error). */
export function tlsCodeForError(code: string | undefined): ProbeCode | undefined {
  if (!code) return undefined;
  if (EXPIRED_ERRORS.has(code)) return 'TLS_EXPIRED';
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') return 'TLS_HOSTNAME_MISMATCH';
  if (UNTRUSTED_ERRORS.has(code)) return 'TLS_UNTRUSTED';
  return undefined;
}

/** Certificate verification is ours (rejectUnauthorized: false), so what fails here is the transport or the protocol. */
export function handshakeFailureText(code: string | undefined, err: Error): string {
  // Node reports a clean close (FIN) mid-handshake as ECONNRESET too, with this message.
  if (/disconnected before secure TLS connection/i.test(err.message)) {
    return 'the server closed the connection during the handshake (a firewall dropping the session after reading the SNI, or a non-TLS service)';
  }
  if (code === 'ECONNRESET') return 'the connection was reset during the handshake (a firewall rejecting the SNI, or a proxy policy)';
  if (code && /WRONG_VERSION_NUMBER|PACKET_LENGTH_TOO_LONG|UNKNOWN_PROTOCOL|HTTP_REQUEST|RECORD_LAYER_FAILURE/.test(code)) {
    return `the server answered with something that is not TLS (${code}): a plain-text service or a captive proxy on that port`;
  }
  if (code?.includes('ALERT')) return `the server aborted the handshake (${code}): it rejects this SNI, protocol version or ALPN`;
  if (/closed/i.test(err.message))
    return 'the server closed the connection during the handshake (a firewall dropping the session after reading the SNI, or a non-TLS service)';
  return `${err.message}${code ? ` (${code})` : ''}`;
}

/** An HTTP answer that may be a proxy's or a firewall's rather than the service's. */
export interface IntermediaryAnswer {
  status: number;
  statusText: string;
  headers: Record<string, string>;
  body: string;
}

const FIREWALL_DENY = /Action:\s*Deny/i;
// The resolver errors a proxy quotes on its error page (mitmproxy: "Cannot connect to h:443: [Errno -2] Name or service not known").
const UPSTREAM_DNS_TEXT =
  /Name or service not known|No address associated with hostname|Temporary failure in name resolution|getaddrinfo|ENOTFOUND/i;
// squid's error pages that mean "allowed, but the proxy could not get there".
const SQUID_UPSTREAM_DNS = /^ERR_DNS_FAIL\b/;
const SQUID_UPSTREAM_UNREACHABLE =
  /^(ERR_CONNECT_FAIL|ERR_READ_TIMEOUT|ERR_CONNECT_TIMEOUT|ERR_ZERO_SIZE_OBJECT|ERR_READ_ERROR|ERR_WRITE_ERROR)\b/;

/**
 * Who refused, if not the service: Azure Firewall's deny page, a proxy's own
 * refusal (policy, authentication), or a proxy that allowed the host and could
 * not reach it (squid's ERR_CONNECT_FAIL / ERR_DNS_FAIL, tinyproxy's "Unable to
 * connect", a 502/504 from the proxy). `who` names the proxy ("proxy 10.0.0.5:3128");
 * `request` is what it answered ("CONNECT host:443" or "GET https://host/path").
 * `fromProxy`: the answer certainly came from the proxy (a CONNECT reply), not the service.
 */
export function intermediaryVerdict(answer: IntermediaryAnswer, who: string, request: string, fromProxy: boolean): Classified | undefined {
  const { status, headers, body } = answer;
  const squid = headers['x-squid-error'];
  const detail = `${status}${answer.statusText ? ` ${answer.statusText}` : ''}${squid ? ` (X-Squid-Error: ${squid})` : ''}`;
  const deny = FIREWALL_DENY.exec(body);
  if (status === 470 || deny) {
    const reason = deny
      ? body
          .slice(deny.index)
          .split(/[\r\n<]/)[0]!
          .trim()
          .slice(0, 200)
      : `status ${status}`;
    return {
      code: 'FIREWALL_DENIED',
      message: `Azure Firewall denied ${request}: "${reason}" (no application rule allows this FQDN from here)`,
    };
  }
  const tinyproxy = /tinyproxy/i.test(headers.server ?? '') || /tinyproxy/i.test(body);
  const isProxyPage =
    fromProxy || squid !== undefined || status === 407 || tinyproxy || (status === 403 && /squid/i.test(headers.server ?? ''));
  if (!isProxyPage) return undefined;
  if ((squid && SQUID_UPSTREAM_DNS.test(squid)) || (status >= 500 && UPSTREAM_DNS_TEXT.test(body))) {
    return {
      code: 'PROXY_UPSTREAM_DNS',
      message: `${who} answered ${detail} to ${request}: the proxy allowed the host but could not resolve it; fix the DNS the proxy itself uses`,
    };
  }
  if (squid && /^ERR_CANNOT_FORWARD\b/.test(squid)) {
    // squid's answer to CONNECT when it found no address it could connect to: its DNS or its egress failed.
    return {
      code: 'PROXY_UPSTREAM_UNREACHABLE',
      message: `${who} answered ${detail} to ${request}: the proxy allowed the host but could not forward to it (it could not resolve the name or connect to any of its addresses); the block is beyond the proxy (its DNS, its egress firewall or route)`,
    };
  }
  const tinyproxyUnreachable = tinyproxy && /Unable to connect/i.test(`${answer.statusText}\n${body}`);
  if ((squid && SQUID_UPSTREAM_UNREACHABLE.test(squid)) || tinyproxyUnreachable || (!squid && (status === 502 || status === 504))) {
    return {
      code: 'PROXY_UPSTREAM_UNREACHABLE',
      message: `${who} answered ${detail} to ${request}: the proxy allowed the host but could not connect to it; the block is beyond the proxy (its own egress firewall, route, or the service is down)`,
    };
  }
  const why =
    status === 407
      ? 'it requires authentication (check the credentials in the proxy URL)'
      : 'it refused this host (check its access rules for this host and port)';
  return { code: 'PROXY_DENIED', message: `${who} answered ${detail} to ${request}: ${why}` };
}

/** A request sent on a connection that TCP and TLS already proved: what went wrong at the HTTP layer. */
export function requestErrorCode(err: unknown, where: string, request: string): Classified {
  const code = errorCode(err);
  if (code === 'UND_ERR_HEADERS_TIMEOUT') return { code: 'HTTP_TIMEOUT', message: `${request} sent no response headers in time` };
  if (code?.startsWith('HPE_') || (err instanceof Error && err.name === 'HTTPParserError')) {
    return {
      code: 'HTTP_UNEXPECTED_STATUS',
      message: `${where} answered with something that is not HTTP: something other than the real service answered`,
    };
  }
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || code === 'EPIPE' || code === 'UND_ERR_CLOSED') {
    return {
      code: 'TCP_RESET',
      message: `${where} closed or reset the connection instead of answering ${request} (a firewall or proxy cutting the request)`,
    };
  }
  return { code: 'HTTP_UNEXPECTED_STATUS', message: `${request} via ${where} failed: ${errorMessage(err)}` };
}
