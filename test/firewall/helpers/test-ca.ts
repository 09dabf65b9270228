// A throw-away CA and a server certificate for 127.0.0.1 (an IP SAN, which the
// lab's CA does not issue): what the ARM double serves HTTPS with.
import '../../../src/lab/reflect-metadata.ts';
import { KeyObject } from 'node:crypto';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(globalThis.crypto);

const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
const DAY = 86_400_000;

export interface LoopbackCert {
  caPem: string;
  certPem: string;
  keyPem: string;
}

export async function loopbackCert(): Promise<LoopbackCert> {
  const gen = () => crypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify']) as Promise<CryptoKeyPair>;
  const caKeys = await gen();
  const now = Date.now();
  const ca = await x509.X509CertificateGenerator.createSelfSigned({
    name: 'CN=aml-preflight test ARM CA',
    keys: caKeys,
    signingAlgorithm: ALGORITHM,
    notBefore: new Date(now - DAY),
    notAfter: new Date(now + 7 * DAY),
    extensions: [new x509.BasicConstraintsExtension(true, undefined, true), new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign, true)],
  });
  const leafKeys = await gen();
  const leaf = await x509.X509CertificateGenerator.create({
    subject: 'CN=127.0.0.1',
    issuer: ca.subject,
    publicKey: leafKeys.publicKey,
    signingKey: caKeys.privateKey,
    signingAlgorithm: ALGORITHM,
    notBefore: new Date(now - DAY),
    notAfter: new Date(now + 7 * DAY),
    extensions: [
      new x509.BasicConstraintsExtension(false),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension([{ type: 'ip', value: '127.0.0.1' }]),
    ],
  });
  return {
    caPem: ca.toString('pem'),
    certPem: leaf.toString('pem'),
    keyPem: KeyObject.from(leafKeys.privateKey).export({ type: 'pkcs8', format: 'pem' }) as string,
  };
}
