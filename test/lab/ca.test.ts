import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import tls from 'node:tls';
import test from 'node:test';
import { createCa } from '../../src/lab/ca.ts';
import { tlsOutcome } from './clients.ts';

const SERVER_AUTH = '1.3.6.1.5.5.7.3.1';

test('the CA certificate is a CA, named as asked', async () => {
  const ca = new X509Certificate((await createCa('Contoso TLS Inspection CA', 'Contoso Firewall')).certPem);
  assert.equal(ca.ca, true);
  assert.match(ca.subject, /CN=Contoso TLS Inspection CA/);
  assert.match(ca.subject, /O=Contoso Firewall/);
});

test('a leaf is a server certificate for every name asked, signed by the CA', async () => {
  const ca = await createCa('Lab CA');
  const leaf = new X509Certificate((await ca.issue(['mcr.microsoft.com', 'eastus.data.mcr.microsoft.com'])).certPem);
  const caCert = new X509Certificate(ca.certPem);
  assert.equal(leaf.ca, false);
  assert.equal(leaf.subjectAltName, 'DNS:mcr.microsoft.com, DNS:eastus.data.mcr.microsoft.com');
  assert.deepEqual(leaf.keyUsage, [SERVER_AUTH]);
  assert.ok(leaf.checkIssued(caCert) && leaf.verify(caCert.publicKey));
});

async function handshake(cert: { certPem: string; keyPem: string }, caPem: string) {
  const server = tls.createServer({ cert: cert.certPem, key: cert.keyPem }, (socket) => socket.end());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  try {
    return (await tlsOutcome({ host: 'api.azureml.ms', address: '127.0.0.1', port }, caPem)).outcome;
  } finally {
    server.close();
  }
}

test('a TLS client trusting the CA accepts its leaf, unless the leaf has expired', async () => {
  const ca = await createCa('Lab CA');
  assert.equal(await handshake(await ca.issue(['api.azureml.ms']), ca.certPem), 'authorized');
  const expired = await ca.issue(['api.azureml.ms'], { notBefore: new Date(Date.now() - 9e9), notAfter: new Date(Date.now() - 1e6) });
  assert.equal(await handshake(expired, ca.certPem), 'CERT_HAS_EXPIRED');
});
