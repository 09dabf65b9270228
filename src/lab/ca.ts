// A throw-away certificate authority for the lab: ECDSA P-256 through WebCrypto,
// so a whole lab's worth of certificates takes milliseconds and no openssl binary.
import './reflect-metadata.ts';
import { KeyObject } from 'node:crypto';
import { isIP } from 'node:net';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(globalThis.crypto);

const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
const DAY = 86_400_000;

export interface IssueOptions {
  notBefore?: Date;
  notAfter?: Date;
}

export interface IssuedCert {
  certPem: string;
  keyPem: string;
}

export interface LabCa {
  certPem: string;
  /** A server certificate for `hostnames` (SAN DNS names, or IP addresses for an IP literal; EKU serverAuth), signed by this CA. */
  issue(hostnames: string[], opts?: IssueOptions): Promise<IssuedCert>;
}

function generateKeys(): Promise<CryptoKeyPair> {
  return crypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify']) as Promise<CryptoKeyPair>;
}

export async function createCa(commonName: string, organization?: string): Promise<LabCa> {
  const keys = await generateKeys();
  const now = Date.now();
  const caCert = await x509.X509CertificateGenerator.createSelfSigned({
    name: organization ? [{ CN: [commonName] }, { O: [organization] }] : [{ CN: [commonName] }],
    keys,
    signingAlgorithm: ALGORITHM,
    // Back-dated a day so a clock a little behind still accepts it.
    notBefore: new Date(now - DAY),
    notAfter: new Date(now + 365 * DAY),
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  const authorityKeyId = await x509.AuthorityKeyIdentifierExtension.create(keys.publicKey);

  async function issue(hostnames: string[], opts: IssueOptions = {}): Promise<IssuedCert> {
    const leafKeys = await generateKeys();
    const issued = Date.now();
    const cert = await x509.X509CertificateGenerator.create({
      subject: [{ CN: [hostnames[0]] }],
      issuer: caCert.subjectName,
      publicKey: leafKeys.publicKey,
      signingKey: keys.privateKey,
      signingAlgorithm: ALGORITHM,
      notBefore: opts.notBefore ?? new Date(issued - DAY),
      notAfter: opts.notAfter ?? new Date(issued + 30 * DAY),
      extensions: [
        new x509.BasicConstraintsExtension(false),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
        new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
        new x509.SubjectAlternativeNameExtension(
          hostnames.map((value) => ({ type: isIP(value) ? ('ip' as const) : ('dns' as const), value })),
        ),
        authorityKeyId,
      ],
    });
    const keyPem = KeyObject.from(leafKeys.privateKey).export({ type: 'pkcs8', format: 'pem' }) as string;
    return { certPem: cert.toString('pem'), keyPem };
  }

  return { certPem: caCert.toString('pem'), issue };
}
