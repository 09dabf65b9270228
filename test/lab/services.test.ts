// Each healthy endpoint answers an anonymous GET as the real Azure service
// does, over TLS that a client trusting the lab CA accepts.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createCa } from '../../src/lab/ca.ts';
import type { LabCa } from '../../src/lab/ca.ts';
import { startEndpoint } from '../../src/lab/endpoints.ts';
import type { LabEndpoint } from '../../src/lab/endpoints.ts';
import type { ServiceKind } from '../../src/lab/services.ts';
import { httpsGet, tlsOutcome } from './clients.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
let ca: LabCa;
const started: LabEndpoint[] = [];

async function endpoint(host: string, service: ServiceKind): Promise<LabEndpoint> {
  const e = await startEndpoint({ host, service, fault: 'ok' }, ca);
  started.push(e);
  return e;
}

before(async () => {
  ca = await createCa('Lab CA');
});
after(() => Promise.all(started.map((e) => e.stop())));

test('the ok endpoint serves a certificate for its host from the lab CA', async () => {
  const mcr = await endpoint('mcr.microsoft.com', 'mcr');
  assert.equal((await tlsOutcome(mcr, ca.certPem)).outcome, 'authorized');
});

test('MCR: GET /v2/ is 200 with the registry API header', async () => {
  const response = await httpsGet(await endpoint('mcr.microsoft.com', 'mcr'), '/v2/', ca.certPem);
  assert.equal(response.status, 200);
  assert.equal(response.headers['docker-distribution-api-version'], 'registry/2.0');
});

test('ACR: GET /v2/ is 401 with the registry API header and its token realm', async () => {
  const response = await httpsGet(await endpoint('demoacr.azurecr.io', 'acr'), '/v2/', ca.certPem);
  assert.equal(response.status, 401);
  assert.equal(response.headers['docker-distribution-api-version'], 'registry/2.0');
  assert.equal(response.headers['www-authenticate'], 'Bearer realm="https://demoacr.azurecr.io/oauth2/token",service="demoacr.azurecr.io"');
});

for (const host of ['demostore.blob.core.windows.net', 'demostore.table.core.windows.net']) {
  test(`storage (${host}): GET / is 400 InvalidQueryParameterValue with a request id`, async () => {
    const response = await httpsGet(await endpoint(host, 'storage'), '/', ca.certPem);
    assert.equal(response.status, 400);
    assert.match(String(response.headers['x-ms-request-id']), UUID);
    assert.equal(response.headers['content-type'], 'application/xml');
    assert.match(response.body, /^<\?xml version="1\.0" encoding="utf-8"\?><Error><Code>InvalidQueryParameterValue<\/Code>.*<\/Error>$/s);
  });
}

test('AKS API server: GET /healthz is 401 with a Kubernetes Status', async () => {
  const response = await httpsGet(await endpoint('demo-aks-1a2b3c4d.hcp.eastus.azmk8s.io', 'aks-api'), '/healthz', ca.certPem);
  assert.equal(response.status, 401);
  assert.deepEqual(JSON.parse(response.body), {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: 'Unauthorized',
    reason: 'Unauthorized',
    code: 401,
  });
});

for (const host of ['api.azureml.ms', 'ingest-viennaeastus.kusto.windows.net']) {
  test(`${host}: GET / is 404 with a request id`, async () => {
    const response = await httpsGet(await endpoint(host, 'other'), '/', ca.certPem);
    assert.equal(response.status, 404);
    assert.match(String(response.headers['x-ms-request-id']), UUID);
  });
}
