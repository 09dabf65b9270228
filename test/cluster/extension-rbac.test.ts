// deploy/extension grants exactly what the extension's in-cluster checks call
// beyond the base ClusterRole: every call of a run allowed, every grant used,
// judged by the Kubernetes API double's RBAC on the requests it recorded.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { loadCatalog } from '../../src/catalog/load.ts';
import { EXTENSION_ROLE_RULES } from '../../src/cluster/checks/extension-rbac.ts';
import { runInClusterPreflight } from '../../src/cluster/in-cluster-preflight.ts';
import { connectKube } from '../../src/kube/client.ts';
import { clusterRoleBindingObject, clusterRoleObject } from '../../src/cluster/manifests.ts';
import { grantCoverage, startKubeApi, type StoredObject } from '../doubles/k8s/index.ts';

const DEPLOY = new URL('../../deploy/extension/', import.meta.url).pathname;
const yaml = (file: string) => parse(readFileSync(join(DEPLOY, file), 'utf8'));
const SA = 'system:serviceaccount:aml-preflight:aml-preflight';
const IN_CLUSTER = [
  'ext-healthcheck',
  'ext-azureml-api-server',
  'ext-azureml-kube-dns',
  'ext-azureml-konnectivity',
  'ext-fe-model-pods',
  'ext-model-identity-proxy',
];

test("deploy/extension's ClusterRole is the code's EXTENSION_ROLE_RULES, bound to the preflight's service account", () => {
  assert.deepEqual(yaml('clusterrole.yaml').rules, EXTENSION_ROLE_RULES);
  const binding = yaml('clusterrolebinding.yaml');
  assert.deepEqual(
    [binding.roleRef.name, binding.subjects],
    ['aml-preflight-extension-reader', [{ kind: 'ServiceAccount', name: 'aml-preflight', namespace: 'aml-preflight' }]],
  );
  assert.deepEqual(parse(readFileSync(join(DEPLOY, 'kustomization.yaml'), 'utf8')).resources, [
    'clusterrole.yaml',
    'clusterrolebinding.yaml',
  ]);
});

test("the extension's checks, with the base ClusterRole and deploy/extension: nothing forbidden, every extension grant used", async () => {
  const objects = [
    clusterRoleObject(),
    clusterRoleBindingObject('aml-preflight'),
    yaml('clusterrole.yaml'),
    yaml('clusterrolebinding.yaml'),
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'arcml-healthcheck', namespace: 'azureml' },
      data: { 'pre-install': 'passed' },
    },
  ] as unknown as Partial<StoredObject>[];
  const api = await startKubeApi({ objects });
  try {
    const kubeconfig = api.writeKubeconfig(
      mkdtempSync(join(tmpdir(), 'aml-preflight-ext-rbac-')),
      api.serviceAccountToken('aml-preflight', 'aml-preflight'),
    );
    const { report } = await runInClusterPreflight({
      profile: { ruleSets: ['aml-extension'], timeoutMs: 3000 },
      catalog: loadCatalog(),
      run: { only: IN_CLUSTER },
      env: {},
      kube: await connectKube({ kubeconfig, inCluster: true }),
      apiTimeoutMs: 3000,
    });
    assert.equal(report.checks.length, IN_CLUSTER.length);
    assert.ok(!report.checks.some((c) => c.code === 'K8S_FORBIDDEN'), JSON.stringify(report.checks.map((c) => [c.id, c.code, c.message])));
    const calls = api.requests.filter((q) => q.user === SA);
    assert.deepEqual(
      calls.filter((q) => q.status === 403).map((q) => `${q.method} ${q.path}`),
      [],
      'nothing the pod asked was forbidden',
    );
    assert.deepEqual(grantCoverage([clusterRoleObject(), yaml('clusterrole.yaml')], calls).unallowed, []);
    // What only the extension's role allows: each of its grants used by a call of this run.
    const extensionCalls = calls.filter((q) => q.attributes.resource === 'configmaps' || q.attributes.resource === 'events');
    assert.ok(extensionCalls.length >= 2);
    assert.deepEqual(grantCoverage([yaml('clusterrole.yaml')], extensionCalls), { unallowed: [], unused: [] });
  } finally {
    await api.stop();
  }
});
