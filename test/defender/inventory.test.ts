import assert from 'node:assert/strict';
import { test } from 'node:test';
import { digestOfImageId, parseImageRef } from '../../src/defender/image-ref.ts';
import { inventoryImages } from '../../src/defender/inventory.ts';
import { classifyRegistry } from '../../src/defender/registries.ts';
import { sensorStatus } from '../../src/defender/sensor.ts';
import { D, fixtureCluster } from './fixtures.ts';

const refs: [string, ReturnType<typeof parseImageRef>][] = [
  ['nginx', { registry: 'docker.io', repository: 'library/nginx', tag: 'latest', digest: undefined }],
  ['fluent/fluent-bit:2.2', { registry: 'docker.io', repository: 'fluent/fluent-bit', tag: '2.2', digest: undefined }],
  [
    'contosoml.azurecr.io/azureml/model-a:3',
    { registry: 'contosoml.azurecr.io', repository: 'azureml/model-a', tag: '3', digest: undefined },
  ],
  [
    `contosoml.azurecr.io/azureml/model-a@${D.modelA}`,
    { registry: 'contosoml.azurecr.io', repository: 'azureml/model-a', tag: undefined, digest: D.modelA },
  ],
  [`ContosoML.azurecr.io/m:1@${D.modelA}`, { registry: 'contosoml.azurecr.io', repository: 'm', tag: '1', digest: D.modelA }],
  ['localhost:5000/x/y:z', { registry: 'localhost:5000', repository: 'x/y', tag: 'z', digest: undefined }],
  ["acr.azurecr.io/x';rm -rf /", undefined],
  ['acr.azurecr.io/UPPER:1', undefined],
  ['acr.azurecr.io/x:$(id)', undefined],
  ['acr.azurecr.io/x@sha256:short', undefined],
  ['', undefined],
];
for (const [image, want] of refs) {
  test(`image reference ${JSON.stringify(image)}`, () => assert.deepEqual(parseImageRef(image), want));
}

test('the running digest comes from imageID, never from a bare image config id', () => {
  assert.equal(digestOfImageId(`docker-pullable://acr.azurecr.io/m@${D.modelB}`), D.modelB);
  assert.equal(digestOfImageId(`acr.azurecr.io/m@${D.modelB}`), D.modelB);
  assert.equal(digestOfImageId(`sha256:${'0'.repeat(64)}`), undefined);
  assert.equal(digestOfImageId(undefined), undefined);
});

test('registries: ACR by login server (data-endpoint suffix and sovereign clouds too), MCR and others apart', () => {
  assert.deepEqual(classifyRegistry('contosoml.azurecr.io'), { kind: 'acr', acrName: 'contosoml' });
  assert.deepEqual(classifyRegistry('contosoml-abc123.azurecr.io'), { kind: 'acr', acrName: 'contosoml' });
  assert.equal(classifyRegistry('contosoml.azurecr.cn').kind, 'acr');
  assert.equal(classifyRegistry('mcr.microsoft.com').kind, 'mcr');
  assert.equal(classifyRegistry('docker.io').kind, 'other');
  assert.equal(classifyRegistry('azurecr.io.evil.example').kind, 'other');
});

test('the inventory lists the router and every model image, resolved to the digests their pods run', () => {
  const inv = inventoryImages(fixtureCluster());
  assert.deepEqual(
    inv.images.map((i) => [
      i.reference,
      i.digestFrom,
      i.uses.map((u) => `${u.role}:${u.namespace}/${u.workload}/${u.container}`).join(','),
      i.runningContainers,
    ]),
    [
      [`contosoml.azurecr.io/azureml/model-a@${D.modelA}`, 'reference', 'model:azureml-ws1/deployment/model-a/model', 1],
      [`contosoml.azurecr.io/azureml/model-b:7@${D.modelB}`, 'pod-status', 'model:azureml-ws1/deployment/model-b/model', 1],
      [`docker.io/fluent/fluent-bit:2.2@${D.fluent}`, 'pod-status', 'model:azureml-ws1/deployment/model-b/log-shipper', 1],
      [`mcr.microsoft.com/azureml/azureml-fe:1.50.0@${D.router}`, 'pod-status', 'router:default/deployment/azureml-fe/azureml-fe', 2],
    ],
  );
  assert.deepEqual(
    inv.workloads.map((w) => `${w.role}:${w.namespace}/${w.name}:${w.pods}`),
    ['router:default/azureml-fe:2', 'model:azureml-ws1/model-a:1', 'model:azureml-ws1/model-b:1'],
  );
  // The unrelated deployment is not listed: it serves no model.
  assert.ok(!inv.images.some((i) => i.repository === 'web'));
});

test('a deployment without pods (manifests, or scaled to zero) is listed with the reference as written', () => {
  const c = fixtureCluster();
  const inv = inventoryImages({ deployments: c.deployments, pods: [] });
  assert.ok(inv.images.some((i) => i.reference === 'contosoml.azurecr.io/azureml/model-b:7' && i.digest === undefined));
});

test('sensor: running, not ready, missing, and unknown when a dump holds no DaemonSets', () => {
  assert.equal(sensorStatus(fixtureCluster().daemonSets, true).state, 'running');
  assert.equal(
    sensorStatus(
      [{ metadata: { namespace: 'mdc', name: 'microsoft-defender-sensor' }, status: { desiredNumberScheduled: 3, numberReady: 1 } }],
      true,
    ).state,
    'degraded',
  );
  assert.match(sensorStatus([{ metadata: { namespace: 'kube-system', name: 'ama-logs' } }], true).message, /no Defender sensor/);
  assert.equal(sensorStatus([], false).state, 'unknown');
});
