// TLS: handshake with the real SNI over the same stream the TCP probe opens,
// accept any certificate, then judge it ourselves, so a failure can say *what*
// was presented (an inspecting firewall's CA, an expired or foreign cert).

import net from 'node:net';
import tls from 'node:tls';
import type { ProbeOutcome } from '../types.ts';
import type { FailureCode } from './codes.ts';
import { errorCode, errorMessage, withDeadline, type Deadline } from './deadline.ts';
import { openStream, type StreamOptions } from './tcp.ts';

export interface TlsProbeOptions extends StreamOptions {
  /** Extra PEM certificates trusted on top of the default roots. */
  ca?: string[];
  alpn?: string[];
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
export function tlsCodeForError(code: string | undefined): FailureCode | undefined {
  if (!code) return undefined;
  if (EXPIRED_ERRORS.has(code)) return 'TLS_EXPIRED';
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') return 'TLS_HOSTNAME_MISMATCH';
  if (UNTRUSTED_ERRORS.has(code)) return 'TLS_UNTRUSTED';
  return undefined;
}

/** Roots to trust: Node's defaults (with NODE_EXTRA_CA_CERTS) plus `extra`; undefined = defaults. */
export function trustedRoots(extra?: string[]): string[] | undefined {
  if (!extra?.length) return undefined;
  return [...tls.getCACertificates('default'), ...extra];
}

// A context with extra roots parses every default root again (~8 ms and ~1 MB
// each): one per check made 1,000 dependencies take 1.6 GB. Built once per CA set.
const contexts = new Map<string, tls.SecureContext>();

/** The secure context trusting the default roots plus `extra`; undefined = Node's shared default. */
export function trustedContext(extra?: string[]): tls.SecureContext | undefined {
  if (!extra?.length) return undefined;
  const key = extra.join('\n');
  let context = contexts.get(key);
  if (!context) {
    context = tls.createSecureContext({ ca: trustedRoots(extra) });
    contexts.set(key, context);
  }
  return context;
}

/** "CN=…, O=…" from a certificate's subject or issuer. */
export function describeName(name: tls.Certificate | undefined): string {
  if (!name) return '';
  const part = (key: 'CN' | 'O', value: string | string[] | undefined): string | undefined =>
    value === undefined ? undefined : `${key}=${Array.isArray(value) ? value.join('+') : value}`;
  return [part('CN', name.CN), part('O', name.O)].filter(Boolean).join(', ');
}

export async function probeTls(opts: TlsProbeOptions): Promise<ProbeOutcome> {
  const started = performance.now();
  const evidence: Record<string, unknown> = { address: opts.address, port: opts.port, servername: opts.host };
  try {
    // Failing to even connect keeps its TCP_/PROXY_ code.
    const opened = await openStream(opts);
    if (!opened.ok) return opened.outcome;
    Object.assign(evidence, opened.evidence);
    const elapsed = (): number => Math.round(performance.now() - started);

    return await withDeadline(
      { timeoutMs: opts.timeoutMs - elapsed(), signal: opts.signal },
      (deadline) => handshake(opts, opened.socket, deadline, evidence, elapsed),
      (why) => ({
        status: 'fail',
        code: 'TLS_HANDSHAKE_TIMEOUT',
        message:
          why === 'aborted'
            ? `TLS handshake with ${target(opts)} was cancelled after ${elapsed()} ms`
            : `TLS handshake with ${target(opts)} did not finish within ${opts.timeoutMs} ms (TCP connected, but no answer to the ClientHello: a firewall holding the connection after reading the SNI, or a service that does not speak TLS)`,
        evidence: { ...evidence, durationMs: elapsed() },
      }),
    );
  } catch (err) {
    return {
      status: 'fail',
      code: 'TLS_HANDSHAKE_FAILED',
      message: `TLS probe of ${target(opts)} failed unexpectedly: ${errorMessage(err)}`,
      evidence,
    };
  }
}

async function handshake(
  opts: TlsProbeOptions,
  raw: net.Socket,
  deadline: Deadline,
  evidence: Record<string, unknown>,
  elapsed: () => number,
): Promise<ProbeOutcome> {
  deadline.onCleanup(() => raw.destroy());
  const socket = tls.connect({
    socket: raw,
    // SNI must be a name; an IP literal is sent without SNI.
    servername: net.isIP(opts.host) ? undefined : opts.host,
    rejectUnauthorized: false,
    secureContext: trustedContext(opts.ca),
    ALPNProtocols: opts.alpn,
  });
  deadline.onCleanup(() => socket.destroy());

  const failure = await new Promise<Error | undefined>((resolve) => {
    socket.once('secureConnect', () => resolve(undefined));
    socket.once('error', resolve);
    socket.once('close', () => resolve(new Error('connection closed before the handshake finished')));
  });
  socket.on('error', () => {});
  evidence.durationMs = elapsed();

  if (failure) {
    socket.destroy();
    const code = errorCode(failure);
    evidence.error = code ?? failure.message;
    return {
      status: 'fail',
      code: 'TLS_HANDSHAKE_FAILED',
      message: `TLS handshake with ${target(opts)} failed: ${handshakeFailureText(code, failure)}`,
      evidence,
    };
  }

  const cert = socket.getPeerCertificate(true);
  const authorizationError = (socket.authorizationError as unknown as string | Error | null | undefined) ?? null;
  const verifyCode = authorizationError === null ? null : typeof authorizationError === 'string' ? authorizationError : (errorCode(authorizationError) ?? authorizationError.message);
  Object.assign(evidence, certificateEvidence(cert), {
    protocol: socket.getProtocol(),
    alpn: socket.alpnProtocol || null,
    authorizationError: verifyCode,
  });
  socket.destroy();

  const issuer = describeName(cert.issuer) || 'an unknown issuer';
  // Node fills authorizationError with the chain error, or, when the chain is
  // fine, with ERR_TLS_CERT_ALTNAME_INVALID; check the name ourselves as well.
  const code = verifyCode
    ? (tlsCodeForError(verifyCode) ?? 'TLS_UNTRUSTED')
    : tls.checkServerIdentity(opts.host, cert)
      ? 'TLS_HOSTNAME_MISMATCH'
      : undefined;
  if (code === 'TLS_EXPIRED') {
    return {
      status: 'fail',
      code,
      message: `certificate presented by ${target(opts)} is ${verifyCode === 'CERT_NOT_YET_VALID' ? `not valid before ${String(evidence.validFrom)}` : `expired since ${String(evidence.validTo)}`} (issuer "${issuer}"; or this machine's clock is wrong)`,
      evidence,
    };
  }
  if (code === 'TLS_HOSTNAME_MISMATCH') {
    return {
      status: 'fail',
      code,
      message: `certificate presented by ${target(opts)} is trusted but issued for ${cert.subjectaltname || describeName(cert.subject) || 'another name'}, not ${opts.host}: something else answers at this address`,
      evidence,
    };
  }
  if (code) {
    return {
      status: 'fail',
      code,
      message: `certificate presented by ${target(opts)} was issued by "${issuer}", which this machine does not trust (${verifyCode}): the sign of a TLS-inspecting firewall or proxy`,
      evidence,
    };
  }
  return {
    status: 'pass',
    message: `TLS handshake with ${target(opts)} succeeded (${String(evidence.protocol)}, certificate issued by "${issuer}")`,
    evidence,
  };
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
  if (code && code.includes('ALERT')) return `the server aborted the handshake (${code}): it rejects this SNI, protocol version or ALPN`;
  if (/closed/i.test(err.message)) return 'the server closed the connection during the handshake (a firewall dropping the session after reading the SNI, or a non-TLS service)';
  return `${err.message}${code ? ` (${code})` : ''}`;
}

function certificateEvidence(cert: tls.DetailedPeerCertificate): Record<string, unknown> {
  if (!cert || Object.keys(cert).length === 0) return { subject: null, issuer: null };
  return {
    subject: describeName(cert.subject),
    issuer: describeName(cert.issuer),
    subjectaltname: cert.subjectaltname ?? null,
    validFrom: isoDate(cert.valid_from),
    validTo: isoDate(cert.valid_to),
    fingerprint256: cert.fingerprint256,
    chain: presentedChain(cert),
  };
}

/** Subjects of the chain as the server sent it (ends at a self-signed cert or a missing issuer). */
function presentedChain(leaf: tls.DetailedPeerCertificate): string[] {
  const chain: string[] = [];
  const seen = new Set<string>();
  for (let cert: tls.DetailedPeerCertificate | undefined = leaf; cert && !seen.has(cert.fingerprint256); cert = cert.issuerCertificate) {
    seen.add(cert.fingerprint256);
    chain.push(describeName(cert.subject));
  }
  return chain;
}

function isoDate(text: string | undefined): string | null {
  if (!text) return null;
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? text : date.toISOString();
}

function target(opts: { host: string; address: string; port: number }): string {
  const address = net.isIPv6(opts.address) ? `[${opts.address}]` : opts.address;
  return opts.host !== opts.address ? `${opts.host} (${address}:${opts.port})` : `${address}:${opts.port}`;
}
