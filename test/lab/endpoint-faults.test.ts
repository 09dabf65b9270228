// Each fault shows up at the layer where the real one would, to a plain client.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createCa } from '../../src/lab/ca.ts';
import type { LabCa } from '../../src/lab/ca.ts';
import { startEndpoint } from '../../src/lab/endpoints.ts';
import type { EndpointFault, LabEndpoint } from '../../src/lab/endpoints.ts';
import { httpsGet, tcpOutcome, tlsOutcome } from './clients.ts';

const HOST = 'api.azureml.ms';
let ca: LabCa;
const started: LabEndpoint[] = [];

async function endpoint(fault: EndpointFault): Promise<LabEndpoint> {
  const e = await startEndpoint({ host: HOST, service: 'other', fault, address: '127.0.0.1' }, ca);
  started.push(e);
  return e;
}

before(async () => {
  ca = await createCa('Lab CA');
});
after(() => Promise.all(started.map((e) => e.stop())));

test('refused: nothing listens, the connect is refused at once', async () => {
  const e = await endpoint('refused');
  assert.equal(await tcpOutcome(e.address, e.port, 1000), 'ECONNREFUSED');
});

test('reset: the connection is accepted, then reset (not refused)', async () => {
  // On loopback the reset can beat the client's own connect event, so only
  // the error is certain: a reset, where a refused port says ECONNREFUSED.
  assert.equal((await tlsOutcome(await endpoint('reset'), ca.certPem)).outcome, 'ECONNRESET');
});

test('silent: TCP connects, the TLS handshake never finishes', async () => {
  const e = await endpoint('silent');
  assert.equal(await tcpOutcome(e.address, e.port, 1000), 'connected');
  assert.equal((await tlsOutcome(e, ca.certPem, 500)).outcome, 'timeout');
});

test("inspected: the right name, re-signed by the firewall's CA, is not trusted", async () => {
  const { outcome, issuer } = await tlsOutcome(await endpoint('inspected'), ca.certPem);
  assert.equal(outcome, 'UNABLE_TO_VERIFY_LEAF_SIGNATURE');
  assert.deepEqual(issuer, { CN: 'Contoso TLS Inspection CA', O: 'Contoso Firewall' });
});

test("expired: the lab CA's certificate, past its notAfter", async () => {
  assert.equal((await tlsOutcome(await endpoint('expired'), ca.certPem)).outcome, 'CERT_HAS_EXPIRED');
});

test('wrong-name: a trusted certificate for another name', async () => {
  assert.equal((await tlsOutcome(await endpoint('wrong-name'), ca.certPem)).outcome, 'ERR_TLS_CERT_ALTNAME_INVALID');
});

test("firewall-deny: valid TLS, then Azure Firewall's 470 deny page", async () => {
  const response = await httpsGet(await endpoint('firewall-deny'), '/', ca.certPem);
  assert.equal(response.status, 470);
  assert.match(response.body, /^HTTP {2}request from 10\.240\.0\.4:51234 to api\.azureml\.ms:443\. Action: Deny\. No rule matched\./);
});

test('wrong-service: valid TLS, but some other web server answers', async () => {
  const response = await httpsGet(await endpoint('wrong-service'), '/', ca.certPem);
  assert.equal(response.status, 200);
  assert.equal(response.headers['content-type'], 'text/html');
  assert.match(response.body, /It works/);
});
