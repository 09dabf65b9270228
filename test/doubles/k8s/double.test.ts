// The API double itself, driven by the real @kubernetes/client-node: generic
// CRUD over any served kind, selectors, watch, Status errors, garbage
// collection, RBAC, API discovery. Other suites (scheduled audits) build on these.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import * as k8s from '@kubernetes/client-node';
import { waitUntil } from '../../helpers/wait-until.ts';
import { startKubeApi, typeOfObject, type KubeApiDouble } from './index.ts';

let api: KubeApiDouble;
let kc: k8s.KubeConfig;
const dir = mkdtempSync(join(tmpdir(), 'kube-double-'));

before(async () => {
  api = await startKubeApi({ objects: [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'audit' } as never }] });
  kc = new k8s.KubeConfig();
  kc.loadFromFile(api.writeKubeconfig(dir, api.addUser('admin', ['system:masters'])));
});
after(() => api.stop());

test('config maps: create, get, replace, merge-patch, list by label, delete; 409 and 404 as Status objects', async () => {
  const core = kc.makeApiClient(k8s.CoreV1Api);
  await core.createNamespacedConfigMap({
    namespace: 'audit',
    body: { metadata: { name: 'run-1', labels: { run: '1', keep: 'yes' } }, data: { a: '1' } },
  });
  await core.createNamespacedConfigMap({
    namespace: 'audit',
    body: { metadata: { name: 'run-2', labels: { run: '2' } }, data: { a: '2' } },
  });
  await assert.rejects(
    core.createNamespacedConfigMap({ namespace: 'audit', body: { metadata: { name: 'run-1' } } }),
    (e: k8s.ApiException<string>) => e.code === 409 && JSON.parse(e.body).reason === 'AlreadyExists',
  );
  const got = await core.readNamespacedConfigMap({ name: 'run-1', namespace: 'audit' });
  assert.equal(got.data?.a, '1');
  await core.replaceNamespacedConfigMap({ name: 'run-1', namespace: 'audit', body: { ...got, data: { a: '3' } } });
  await core.patchNamespacedConfigMap(
    { name: 'run-1', namespace: 'audit', body: { data: { b: '4' } } },
    k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
  );
  assert.deepEqual((await core.readNamespacedConfigMap({ name: 'run-1', namespace: 'audit' })).data, { a: '3', b: '4' });
  assert.deepEqual(
    (await core.listNamespacedConfigMap({ namespace: 'audit', labelSelector: 'run in (1,3),keep' })).items.map((c) => c.metadata?.name),
    ['run-1'],
  );
  assert.deepEqual(
    (await core.listNamespacedConfigMap({ namespace: 'audit', labelSelector: 'run!=1' })).items.map((c) => c.metadata?.name),
    ['run-2'],
  );
  await core.deleteNamespacedConfigMap({ name: 'run-2', namespace: 'audit' });
  await assert.rejects(
    core.readNamespacedConfigMap({ name: 'run-2', namespace: 'audit' }),
    (e: k8s.ApiException<string>) => e.code === 404,
  );
});

test('events by field selector, CronJobs, and PolicyReports through the custom objects API', async () => {
  const core = kc.makeApiClient(k8s.CoreV1Api);
  await core.createNamespacedEvent({
    namespace: 'audit',
    body: { metadata: { name: 'e1' }, involvedObject: { kind: 'CronJob', name: 'nightly' }, reason: 'AuditFailed', type: 'Warning' },
  });
  await core.createNamespacedEvent({
    namespace: 'audit',
    body: { metadata: { name: 'e2' }, involvedObject: { kind: 'Job', name: 'other' }, reason: 'Completed' },
  });
  const events = await core.listNamespacedEvent({ namespace: 'audit', fieldSelector: 'involvedObject.kind=CronJob,reason=AuditFailed' });
  assert.deepEqual(
    events.items.map((e) => e.metadata?.name),
    ['e1'],
  );
  const batch = kc.makeApiClient(k8s.BatchV1Api);
  await batch.createNamespacedCronJob({
    namespace: 'audit',
    body: {
      metadata: { name: 'nightly' },
      spec: { schedule: '0 2 * * *', jobTemplate: { spec: { template: { spec: { containers: [{ name: 'c', image: 'i' }] } } } } },
    },
  });
  assert.equal((await batch.readNamespacedCronJob({ name: 'nightly', namespace: 'audit' })).spec?.schedule, '0 2 * * *');
  const custom = kc.makeApiClient(k8s.CustomObjectsApi);
  await custom.createNamespacedCustomObject({
    group: 'wgpolicyk8s.io',
    version: 'v1alpha2',
    namespace: 'audit',
    plural: 'policyreports',
    body: { apiVersion: 'wgpolicyk8s.io/v1alpha2', kind: 'PolicyReport', metadata: { name: 'aml' }, results: [] },
  });
  const list = (await custom.listNamespacedCustomObject({
    group: 'wgpolicyk8s.io',
    version: 'v1alpha2',
    namespace: 'audit',
    plural: 'policyreports',
  })) as { items: { metadata: { name: string } }[] };
  assert.deepEqual(
    list.items.map((i) => i.metadata.name),
    ['aml'],
  );
});

test('a watch sees what exists, then every change that matches its selector', async () => {
  const seen: string[] = [];
  const watch = await new k8s.Watch(kc).watch(
    '/api/v1/namespaces/audit/configmaps',
    { labelSelector: 'watched=yes' },
    (type, o) => seen.push(`${type} ${o.metadata.name}`),
    () => {},
  );
  const core = kc.makeApiClient(k8s.CoreV1Api);
  await core.createNamespacedConfigMap({ namespace: 'audit', body: { metadata: { name: 'w1', labels: { watched: 'yes' } } } });
  await core.createNamespacedConfigMap({ namespace: 'audit', body: { metadata: { name: 'w2' } } });
  await core.deleteNamespacedConfigMap({ name: 'w1', namespace: 'audit' });
  try {
    await waitUntil(() => seen.length >= 2, 'the watch to deliver two events', 5000, 20);
  } finally {
    watch.abort();
  }
  assert.deepEqual(seen, ['ADDED w1', 'DELETED w1']);
});

test("deleting an owner deletes what it owns (a Job's pods), unless told to orphan them", async () => {
  const JOB = typeOfObject('batch/v1', 'Job')!;
  const POD = typeOfObject('v1', 'Pod')!;
  for (const [name, policy] of [
    ['gc', 'Foreground'],
    ['orphan', 'Orphan'],
  ]) {
    const job = api.store.create(JOB, { metadata: { name, namespace: 'audit' } as never, spec: {} });
    api.store.create(POD, {
      metadata: { name: `${name}-pod`, namespace: 'audit', ownerReferences: [{ kind: 'Job', name, uid: job.metadata.uid }] } as never,
      spec: {},
    });
    await kc.makeApiClient(k8s.BatchV1Api).deleteNamespacedJob({ name, namespace: 'audit', propagationPolicy: policy });
  }
  assert.deepEqual(
    api.store.list(POD, { namespace: 'audit' }).map((p) => p.metadata.name),
    ['orphan-pod'],
  );
});

test('RBAC: a service account sees only what its bindings grant, and may always review itself', async () => {
  const sa = new k8s.KubeConfig();
  sa.loadFromFile(api.writeKubeconfig(dir, api.serviceAccountToken('audit', 'reader'), { context: 'reader' }));
  const core = sa.makeApiClient(k8s.CoreV1Api);
  await assert.rejects(
    core.listNamespacedConfigMap({ namespace: 'audit' }),
    (e: k8s.ApiException<string>) =>
      e.code === 403 && /cannot list resource "configmaps" in API group "" in the namespace "audit"/.test(JSON.parse(e.body).message),
  );
  api.store.load([
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name: 'cm-reader', namespace: 'audit' } as never,
      rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['list'] }],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'cm-reader', namespace: 'audit' } as never,
      roleRef: { kind: 'Role', name: 'cm-reader' },
      subjects: [{ kind: 'ServiceAccount', name: 'reader', namespace: 'audit' }],
    },
  ]);
  assert.ok((await core.listNamespacedConfigMap({ namespace: 'audit' })).items.length > 0);
  const review = await sa.makeApiClient(k8s.AuthorizationV1Api).createSelfSubjectAccessReview({
    body: { spec: { resourceAttributes: { verb: 'delete', resource: 'configmaps', namespace: 'audit' } } },
  });
  assert.equal(review.status?.allowed, false);
  assert.ok(api.requests.some((q) => q.user === 'system:serviceaccount:audit:reader' && q.status === 403 && q.attributes.verb === 'list'));
});

test('discovery lists the served groups and kinds; a group taken away (its CRD uninstalled) is gone from discovery and its paths', async () => {
  const apis = kc.makeApiClient(k8s.ApisApi);
  const groups = await apis.getAPIVersions();
  assert.deepEqual(
    groups.groups.find((g) => g.name === 'autoscaling')?.versions.map((v) => v.groupVersion),
    ['autoscaling/v2', 'autoscaling/v1'],
  );
  assert.equal(groups.groups.find((g) => g.name === 'wgpolicyk8s.io')?.preferredVersion?.version, 'v1alpha2');
  assert.deepEqual((await kc.makeApiClient(k8s.CoreApi).getAPIVersions()).versions, ['v1']);
  const core = await kc.makeApiClient(k8s.CoreV1Api).getAPIResources();
  assert.deepEqual(
    { ...core.resources.find((r) => r.name === 'configmaps') },
    {
      name: 'configmaps',
      singularName: 'configmap',
      namespaced: true,
      kind: 'ConfigMap',
      verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
    },
  );
  // The generic client resolves a kind to its path through /apis/GROUP/VERSION, as kubectl does.
  const objects = k8s.KubernetesObjectApi.makeApiClient(kc);
  await objects.create({ apiVersion: 'wgpolicyk8s.io/v1alpha2', kind: 'PolicyReport', metadata: { name: 'found', namespace: 'audit' } });
  assert.equal(
    (await objects.read({ apiVersion: 'wgpolicyk8s.io/v1alpha2', kind: 'PolicyReport', metadata: { name: 'found', namespace: 'audit' } }))
      .metadata?.name,
    'found',
  );
  assert.ok(api.requests.some((q) => q.path === '/apis/wgpolicyk8s.io/v1alpha2' && q.status === 200));

  api.setGroupServed('wgpolicyk8s.io', false);
  try {
    assert.ok(!(await apis.getAPIVersions()).groups.some((g) => g.name === 'wgpolicyk8s.io'));
    const custom = kc.makeApiClient(k8s.CustomObjectsApi);
    const where = { group: 'wgpolicyk8s.io', version: 'v1alpha2', namespace: 'audit', plural: 'policyreports' };
    await assert.rejects(
      custom.getNamespacedCustomObject({ ...where, name: 'found' }),
      (e: k8s.ApiException<string>) => e.code === 404 && /could not find the requested resource/.test(JSON.parse(e.body).message),
    );
  } finally {
    api.setGroupServed('wgpolicyk8s.io', true);
  }
  assert.ok((await apis.getAPIVersions()).groups.some((g) => g.name === 'wgpolicyk8s.io'));
});
