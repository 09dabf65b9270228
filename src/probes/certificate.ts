// The verdict on the certificate a TLS peer presented: Node verified the chain
// (we accept any, to say what was presented), we check the name, and the
// evidence says who issued it. Read from the certificate Node itself decoded
// to check the name (getPeerCertificate(true), handed to checkServerIdentity):
// decoding it a second time cost about 60 µs a host. Node skips that step when
// the chain fails, and only then is the certificate read here.

import tls from 'node:tls';
import type { ProbeOutcome } from '../types.ts';
import { errorCode } from './deadline.ts';
import { tlsCodeForError } from './transport-errors.ts';

type Name = tls.Certificate | undefined;

/** A control byte in a name is shown as \XX, as OpenSSL's RFC 2253 form writes it. */
const shown = (value: string): string =>
  value.replace(/[\x00-\x1f\x7f]/g, (c) => `\\${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);

/** "CN=…, O=…" from a certificate's subject or issuer; a repeated attribute is joined with "+". */
function describeName(name: Name): string {
  if (!name) return '';
  const parts: string[] = [];
  for (const key of ['CN', 'O'] as const) {
    const value = name[key] as string | string[] | undefined;
    if (value !== undefined) parts.push(`${key}=${shown(Array.isArray(value) ? value.join('+') : value)}`);
  }
  return parts.join(', ');
}

/**
 * Node's `checkServerIdentity` for `tls.connect`, with our host (Node's would be
 * 'localhost' for an IP target sent without SNI), keeping the certificate it was given.
 */
export function identityCheck(
  host: string,
  keep: (cert: tls.DetailedPeerCertificate) => void,
): tls.ConnectionOptions['checkServerIdentity'] {
  return (_name, cert) => {
    keep(cert as tls.DetailedPeerCertificate);
    return tls.checkServerIdentity(host, cert);
  };
}

/**
 * `host`: the name the certificate must carry; `where`: how messages name the peer ("name (address:port)");
 * `checked`: the certificate the connection's identityCheck saw (none when the chain failed first).
 */
export function judgeCertificate(
  socket: tls.TLSSocket,
  host: string,
  where: string,
  evidence: Record<string, unknown>,
  checked?: tls.DetailedPeerCertificate,
): ProbeOutcome {
  const cert = checked ?? presentedCertificate(socket);
  const authorizationError = (socket.authorizationError as unknown as string | Error | null | undefined) ?? null;
  const verifyCode =
    authorizationError === null
      ? null
      : typeof authorizationError === 'string'
        ? authorizationError
        : (errorCode(authorizationError) ?? authorizationError.message);
  Object.assign(evidence, certificateEvidence(cert), {
    protocol: socket.getProtocol(),
    alpn: socket.alpnProtocol || null,
    authorizationError: verifyCode,
  });

  const issuer = describeName(cert?.issuer) || 'an unknown issuer';
  // Node's authorizationError holds the chain's error, or the name check's (ERR_TLS_CERT_ALTNAME_INVALID);
  // without a checked certificate (a resumed session) the name is checked here.
  const code = verifyCode
    ? (tlsCodeForError(verifyCode) ?? 'TLS_UNTRUSTED')
    : !checked && (!cert || tls.checkServerIdentity(host, cert))
      ? 'TLS_HOSTNAME_MISMATCH'
      : undefined;
  if (code === 'TLS_EXPIRED') {
    return {
      status: 'fail',
      code,
      message: `certificate presented by ${where} is ${verifyCode === 'CERT_NOT_YET_VALID' ? `not valid before ${String(evidence.validFrom)}` : `expired since ${String(evidence.validTo)}`} (issuer "${issuer}"; or this machine's clock is wrong)`,
      evidence,
    };
  }
  if (code === 'TLS_HOSTNAME_MISMATCH') {
    return {
      status: 'fail',
      code,
      message: `certificate presented by ${where} is trusted but issued for ${(cert?.subjectaltname && shown(cert.subjectaltname)) || describeName(cert?.subject) || 'another name'}, not ${host}: something else answers at this address`,
      evidence,
    };
  }
  if (code) {
    return {
      status: 'fail',
      code,
      message: `certificate presented by ${where} was issued by "${issuer}", which this machine does not trust (${verifyCode}): the sign of a TLS-inspecting firewall or proxy`,
      evidence,
    };
  }
  return {
    status: 'pass',
    message: `TLS handshake with ${where} succeeded (${String(evidence.protocol)}, certificate issued by "${issuer}")`,
    evidence,
  };
}

/** The certificate and its chain, read here when Node did not already decode them for the name check. */
function presentedCertificate(socket: tls.TLSSocket): tls.DetailedPeerCertificate | undefined {
  const cert = socket.getPeerCertificate(true);
  return cert && Object.keys(cert).length > 0 ? cert : undefined;
}

function certificateEvidence(cert: tls.DetailedPeerCertificate | undefined): Record<string, unknown> {
  if (!cert) return { subject: null, issuer: null };
  return {
    subject: describeName(cert.subject),
    issuer: describeName(cert.issuer),
    subjectaltname: cert.subjectaltname ? shown(cert.subjectaltname) : null,
    validFrom: isoDate(cert.valid_from),
    validTo: isoDate(cert.valid_to),
    fingerprint256: cert.fingerprint256,
    chain: presentedChain(cert),
  };
}

/** Subjects of the chain: as the server sent it, and on to the trusted root that vouched for it when the chain
 *  verified (Node completes it from the trust store); a self-signed root is its own issuer. */
function presentedChain(leaf: tls.DetailedPeerCertificate): string[] {
  const chain: string[] = [];
  const seen = new Set<string>();
  for (
    let cert: tls.DetailedPeerCertificate | undefined = leaf;
    cert?.fingerprint256 && !seen.has(cert.fingerprint256);
    cert = cert.issuerCertificate
  ) {
    seen.add(cert.fingerprint256);
    chain.push(describeName(cert.subject));
  }
  return chain;
}

const MONTHS = 'JanFebMarAprMayJunJulAugSepOctNovDec';

/** OpenSSL's "Dec  2 10:46:45 2026 GMT" as ISO 8601, read field by field (Date's own parser took 5 µs a date). */
function isoDate(text: string | undefined): string | null {
  // Anything else (a fraction of a second, a year before 1000) goes to Date, which reads it right.
  const m = /^([A-Z][a-z]{2}) {1,2}(\d{1,2}) (\d\d):(\d\d):(\d\d) ([1-9]\d{3}) GMT$/.exec(text ?? '');
  const month = m ? MONTHS.indexOf(m[1]!) : -1;
  const date =
    m && month % 3 === 0
      ? new Date(Date.UTC(Number(m[6]), month / 3, Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5])))
      : text
        ? new Date(text)
        : undefined;
  return date && !Number.isNaN(date.getTime()) ? date.toISOString() : null;
}
