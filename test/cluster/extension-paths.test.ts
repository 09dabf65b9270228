// The extension's in-cluster paths, as the pod runs them (runInClusterPreflight
// with its token) against the Kubernetes API double: real TCP listeners play
// kube-dns and amlarc-identity-proxy, and a closed port plays one blocked by a
// NetworkPolicy.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import type net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadCatalog } from '../../src/catalog/load.ts';
import { runInClusterPreflight } from '../../src/cluster/in-cluster-preflight.ts';
import { connectKube } from '../../src/kube/client.ts';
import type { CheckResult } from '../../src/types.ts';
import { startKubeApi, type StoredObject } from '../doubles/k8s/index.ts';
import { listen } from './harness.ts';

const PATHS = ['ext-azureml-api-server', 'ext-azureml-kube-dns', 'ext-azureml-konnectivity', 'ext-model-identity-proxy'];

const pod = (namespace: string, name: string, labels: Record<string, string>, ip: string, port?: number, phase = 'Running') => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace, labels },
  spec: {
    nodeName: 'aks-system-12345678-vmss000000',
    containers: [{ name: 'c', image: 'mcr.microsoft.com/x:1', ...(port ? { ports: [{ containerPort: port, protocol: 'TCP' }] } : {}) }],
  },
  status: { phase, podIP: ip },
});

async function paths(make: (open: number, closed: number) => object[]): Promise<Map<string, CheckResult>> {
  const server = await listen('127.0.0.1');
  const open = (server.address() as net.AddressInfo).port;
  const gone = await listen('127.0.0.1');
  const closed = (gone.address() as net.AddressInfo).port;
  gone.close();
  const api = await startKubeApi({ objects: make(open, closed) as Partial<StoredObject>[] });
  try {
    const kubeconfig = api.writeKubeconfig(mkdtempSync(join(tmpdir(), 'aml-preflight-paths-')), api.addUser('reader', ['system:masters']));
    const { report } = await runInClusterPreflight({
      profile: { ruleSets: ['aml-extension'], timeoutMs: 3000 },
      catalog: loadCatalog(),
      run: { only: PATHS },
      env: {},
      kube: await connectKube({ kubeconfig }),
      apiTimeoutMs: 3000,
    });
    return new Map(report.checks.map((c) => [c.requirement, c]));
  } finally {
    await api.stop();
    server.close();
  }
}

test('a healthy cluster: the API server answers, kube-dns and the identity proxy accept, konnectivity-agent runs', async () => {
  const byReq = await paths((open) => [
    pod('kube-system', 'coredns-7d8f9-abcde', { 'k8s-app': 'kube-dns' }, '127.0.0.1', open),
    pod('kube-system', 'konnectivity-agent-5c6d7-fghij', { app: 'konnectivity-agent' }, '127.0.0.1'),
    pod('azureml', 'amlarc-identity-proxy-6f7g8-klmno', { app: 'amlarc-identity-proxy' }, '127.0.0.1', open),
    pod('azureml', 'azureml-fe-v2-1a2b3-pqrst', { app: 'azureml-fe-v2' }, '127.0.0.1', open),
  ]);
  assert.deepEqual(
    PATHS.map((r) => [r, byReq.get(r)?.status]),
    PATHS.map((r) => [r, 'pass']),
    JSON.stringify([...byReq.values()].map((c) => c.message)),
  );
  assert.match(byReq.get('ext-azureml-kube-dns')!.message, /connected to 1 kube-dns pod/);
  assert.match(byReq.get('ext-model-identity-proxy')!.message, /connected to 1 amlarc-identity-proxy pod/);
});

test('a blocked identity proxy and kube-dns are POD_UNREACHABLE, naming the pod; a konnectivity-agent that does not run fails', async () => {
  const byReq = await paths((_open, closed) => [
    pod('kube-system', 'coredns-7d8f9-abcde', { 'k8s-app': 'kube-dns' }, '127.0.0.1', closed),
    pod('kube-system', 'konnectivity-agent-5c6d7-fghij', { app: 'konnectivity-agent' }, '127.0.0.1', undefined, 'Pending'),
    pod('azureml', 'amlarc-identity-proxy-6f7g8-klmno', { app: 'amlarc-identity-proxy' }, '127.0.0.1', closed),
  ]);
  const proxy = byReq.get('ext-model-identity-proxy')!;
  assert.equal(proxy.code, 'POD_UNREACHABLE');
  assert.match(proxy.message, /azureml\/amlarc-identity-proxy-6f7g8-klmno 127\.0\.0\.1:\d+ \(TCP_REFUSED\)/);
  assert.equal(byReq.get('ext-azureml-kube-dns')!.code, 'POD_UNREACHABLE');
  assert.equal(byReq.get('ext-azureml-konnectivity')!.code, 'POD_UNREACHABLE');
  assert.match(byReq.get('ext-azureml-konnectivity')!.message, /konnectivity-agent-5c6d7-fghij Pending/);
});

test('no extension installed: no identity proxy is not a failure; no kube-dns is', async () => {
  const byReq = await paths(() => []);
  assert.equal(byReq.get('ext-model-identity-proxy')!.status, 'pass');
  assert.equal(byReq.get('ext-azureml-kube-dns')!.status, 'fail');
  assert.equal(byReq.get('ext-azureml-konnectivity')!.status, 'warn');
});
