// The verdict on the certificate a TLS peer presented: Node verified the chain
// (we accept any, to say what was presented), we check the name, and the
// evidence says who issued it. Read through X509Certificate, whose fields are
// decoded only when asked: getPeerCertificate(true) decoded every field of
// every certificate, about half a millisecond per host.

import type { X509Certificate } from 'node:crypto';
import tls from 'node:tls';
import type { ProbeOutcome } from '../types.ts';
import { errorCode } from './deadline.ts';
import { tlsCodeForError } from './transport-errors.ts';

/** The attributes of a distinguished name as X509Certificate writes it: one "key=value" a line, RFC 2253 escapes. */
function nameFields(text: string | undefined): Record<string, string[]> {
  const fields: Record<string, string[]> = {};
  for (const line of text?.split('\n') ?? []) {
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    const key = line.slice(0, eq);
    // Escaped specials are shown as themselves; \XX escapes of control bytes stay escaped.
    const value = line.slice(eq + 1).replace(/\\([,+"\\<>;=# ])/g, '$1');
    fields[key] = [...(fields[key] ?? []), value];
  }
  return fields;
}

/** "CN=…, O=…" from a certificate's subject or issuer. */
function describeName(text: string | undefined): string {
  const fields = nameFields(text);
  return (['CN', 'O'] as const)
    .filter((key) => fields[key])
    .map((key) => `${key}=${fields[key]!.join('+')}`)
    .join(', ');
}

/** `host`: the name the certificate must carry; `where`: how messages name the peer ("name (address:port)"). */
export function judgeCertificate(socket: tls.TLSSocket, host: string, where: string, evidence: Record<string, unknown>): ProbeOutcome {
  const cert = socket.getPeerX509Certificate();
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
  // Node fills authorizationError with the chain error, or, when the chain is
  // fine, with ERR_TLS_CERT_ALTNAME_INVALID; check the name ourselves as well,
  // with Node's own rules (the two fields they read).
  const identity = {
    subject: { CN: nameFields(cert?.subject).CN },
    subjectaltname: cert?.subjectAltName,
  } as unknown as tls.PeerCertificate;
  const code = verifyCode
    ? (tlsCodeForError(verifyCode) ?? 'TLS_UNTRUSTED')
    : tls.checkServerIdentity(host, identity)
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
      message: `certificate presented by ${where} is trusted but issued for ${cert?.subjectAltName || describeName(cert?.subject) || 'another name'}, not ${host}: something else answers at this address`,
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

function certificateEvidence(cert: X509Certificate | undefined): Record<string, unknown> {
  if (!cert) return { subject: null, issuer: null };
  return {
    subject: describeName(cert.subject),
    issuer: describeName(cert.issuer),
    subjectaltname: cert.subjectAltName ?? null,
    validFrom: isoDate(cert.validFromDate),
    validTo: isoDate(cert.validToDate),
    fingerprint256: cert.fingerprint256,
    chain: presentedChain(cert),
  };
}

/** Subjects of the chain as the server sent it. */
function presentedChain(leaf: X509Certificate): string[] {
  const chain: string[] = [];
  const seen = new Set<string>();
  for (let cert: X509Certificate | undefined = leaf; cert && !seen.has(cert.fingerprint256); cert = cert.issuerCertificate) {
    seen.add(cert.fingerprint256);
    chain.push(describeName(cert.subject));
  }
  return chain;
}

function isoDate(date: Date | undefined): string | null {
  return date && !Number.isNaN(date.getTime()) ? date.toISOString() : null;
}
