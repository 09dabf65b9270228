// The checks that need the Kubernetes API, as the pod runs them
// (runInClusterPreflight with the pod's service account token), against the
// API double: what each reports when the cluster is healthy and when each
// piece is broken.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import type net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { loadCatalog } from '../../src/catalog/load.ts';
import { runInClusterPreflight } from '../../src/cluster/in-cluster-preflight.ts';
import { connectKube } from '../../src/kube/client.ts';
import { clusterRoleBindingObject, clusterRoleObject } from '../../src/cluster/manifests.ts';
import type { Profile } from '../../src/config/profile.ts';
import type { CheckResult } from '../../src/types.ts';
import { loadFixtures, startKubeApi, type StoredObject } from '../doubles/k8s/index.ts';
import { FIXTURE, GPU_NODE, listen } from './harness.ts';

const IN_CLUSTER = ['router-peer-discovery', 'router-peer-connect', 'router-model-discovery', 'model-pods'];
const FQDN = 'aks-test-1a2b3c.hcp.eastus.azmk8s.io';
type Objects = Partial<StoredObject>[];

/** Runs the in-cluster checks from a pod on the GPU node, against the fixture cluster changed by `mutate`. */
async function probe(
  options: {
    mutate?: (o: Objects) => Objects;
    token?: 'ours' | 'bogus';
    stopApi?: boolean;
    profile?: (apiPort: number, closedPort: number) => Profile;
    env?: NodeJS.ProcessEnv;
    faults?: Parameters<Awaited<ReturnType<typeof startKubeApi>>['inject']>[0][];
  } = {},
) {
  const first = await listen('127.0.0.1');
  const port = (first.address() as net.AddressInfo).port;
  const second = await listen('127.0.0.2', port);
  const closed = await listen('127.0.0.1');
  const closedPort = (closed.address() as net.AddressInfo).port;
  closed.close();
  const objects: Objects = [
    ...loadFixtures([FIXTURE], { PEER_PORT: port, MODEL_PORT: port }),
    clusterRoleObject() as unknown as Partial<StoredObject>,
    clusterRoleBindingObject('aml-preflight') as unknown as Partial<StoredObject>,
  ];
  const api = await startKubeApi({ names: [FQDN], objects: options.mutate ? options.mutate(objects) : objects });
  for (const f of options.faults ?? []) api.inject(f);
  const token = options.token === 'bogus' ? 'not-a-token' : api.serviceAccountToken('aml-preflight', 'aml-preflight');
  const kubeconfig = api.writeKubeconfig(mkdtempSync(join(tmpdir(), 'aml-preflight-k8s-')), token);
  if (options.stopApi) await api.stop();
  try {
    const { report } = await runInClusterPreflight({
      // Deadlines with room for two loaded cores: the API double answers from this same process.
      profile: { timeoutMs: 4000, ...options.profile?.(api.port, closedPort) },
      catalog: loadCatalog(),
      run: { only: IN_CLUSTER },
      env: { POD_NAME: 'aml-preflight-gpu-x1y2z', NODE_NAME: GPU_NODE, ...options.env },
      kube: await connectKube({ kubeconfig, inCluster: true }),
      apiTimeoutMs: 4000,
    });
    return { report, byReq: new Map<string, CheckResult>(report.checks.map((c) => [c.requirement, c])), api };
  } finally {
    await api.stop();
    first.close();
    second.close();
  }
}

const without = (name: string) => (o: Objects) => o.filter((x) => x.metadata?.name !== name);

describe('in-cluster checks', { concurrency: 4 }, () => {
  test("a healthy cluster: peers found and reached, models found and reached, from the pod's own node pool", async () => {
    const { report, byReq } = await probe();
    assert.deepEqual(
      [...byReq.values()].map((c) => [c.requirement, c.status]),
      IN_CLUSTER.map((r) => [r, 'pass']),
    );
    assert.match(
      byReq.get('router-peer-discovery')!.message,
      /found 2 azureml-fe instance\(s\) behind default\/azureml-fe-int-http .*its service account azureml-fe may list them/,
    );
    assert.match(byReq.get('router-peer-connect')!.message, /connected to 2 azureml-fe instance\(s\): 127\.0\.0\.1:\d+, 127\.0\.0\.2:\d+/);
    assert.match(byReq.get('router-model-discovery')!.message, /found 1 model deployment\(s\) in azureml-ws1/);
    assert.match(byReq.get('model-pods')!.message, /connected to 1 model pod\(s\)/);
    // The pool comes from the node's label when the Job did not say.
    assert.deepEqual(report.vantage, { kind: 'pod', host: 'aml-preflight-gpu-x1y2z', nodePool: 'gpu', node: GPU_NODE });
    for (const c of report.checks) assert.deepEqual(c.vantage, report.vantage);
  });

  test("the router's service account may not list endpoints: K8S_FORBIDDEN naming it, and the connect check is blocked", async () => {
    const { byReq } = await probe({ mutate: without('azureml-fe-binding') });
    const discovery = byReq.get('router-peer-discovery')!;
    assert.equal(discovery.code, 'K8S_FORBIDDEN');
    assert.match(discovery.message, /the router's service account default\/azureml-fe may not list endpoints in namespace default/);
    assert.equal(byReq.get('router-peer-connect')!.status, 'skip');
    assert.equal(byReq.get('router-peer-connect')!.blockedBy, 'router-peer-discovery/k8s');
    assert.match(byReq.get('router-model-discovery')!.message, /may not list deployments in azureml-ws1, list endpoints in azureml-ws1/);
  });

  test('this preflight was not granted its ClusterRole: K8S_FORBIDDEN that says so, not a cluster fault', async () => {
    const { byReq } = await probe({ mutate: without('aml-preflight-reader') });
    for (const r of ['router-peer-discovery', 'router-model-discovery']) {
      assert.equal(byReq.get(r)!.code, 'K8S_FORBIDDEN', r);
      assert.match(
        byReq.get(r)!.message,
        /this pod's service account may not .*the ClusterRole aml-preflight-reader \(deploy\/\) is missing/,
      );
    }
    assert.equal(byReq.get('model-pods')!.blockedBy, 'router-model-discovery/k8s');
  });

  test('a token the API server rejects: K8S_UNAUTHORIZED', async () => {
    const { byReq } = await probe({ token: 'bogus' });
    assert.equal(byReq.get('router-peer-discovery')!.code, 'K8S_UNAUTHORIZED');
    assert.match(byReq.get('router-peer-discovery')!.message, /rejected the credentials \(401 Unauthorized/);
  });

  test('an API server that is down, or failing: K8S_UNREACHABLE', async () => {
    const down = await probe({ stopApi: true, env: { NODE_NAME: '' } });
    assert.equal(down.byReq.get('router-peer-discovery')!.code, 'K8S_UNREACHABLE');
    assert.match(
      down.byReq.get('router-peer-discovery')!.message,
      /cannot reach the API server https:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\)/,
    );
    const failing = await probe({
      faults: [{ method: 'GET', path: /\/endpoints\/azureml-fe-int-http$/, status: 500, message: 'etcdserver: request timed out' }],
    });
    assert.equal(failing.byReq.get('router-peer-discovery')!.code, 'K8S_UNREACHABLE');
    assert.match(failing.byReq.get('router-peer-discovery')!.message, /failed \(HTTP 500: etcdserver: request timed out\)/);
  });

  test('a peer that does not accept connections: POD_UNREACHABLE naming the pod', async () => {
    const { byReq } = await probe({
      mutate: (o) =>
        o.map((x) =>
          x.kind === 'Endpoints'
            ? {
                ...x,
                subsets: [
                  {
                    ...(x.subsets as object[])[0],
                    addresses: [
                      ...(x.subsets as { addresses: object[] }[])[0].addresses,
                      { ip: '127.0.0.3', targetRef: { name: 'azureml-fe-6d4f9-klmno' } },
                    ],
                  },
                ],
              }
            : x,
        ),
    });
    const connect = byReq.get('router-peer-connect')!;
    assert.equal(connect.code, 'POD_UNREACHABLE');
    assert.match(
      connect.message,
      /cannot connect to 1 of 3 azureml-fe instance\(s\): azureml-fe-6d4f9-klmno 127\.0\.0\.3:\d+ \(TCP_REFUSED\)/,
    );
  });

  test('a model pod that does not answer on its port: POD_UNREACHABLE naming it', async () => {
    const { byReq } = await probe({
      mutate: (o) => o.map((x) => (x.kind === 'Pod' ? { ...x, status: { phase: 'Running', podIP: '127.0.0.4' } } : x)),
    });
    assert.equal(byReq.get('model-pods')!.code, 'POD_UNREACHABLE');
    assert.match(byReq.get('model-pods')!.message, /azureml-ws1\/churn-model-7c9d-xyz12 127\.0\.0\.4:\d+ \(TCP_REFUSED\)/);
  });

  test('before AML attaches the cluster: no router is a warning, not a failure', async () => {
    const { report, byReq } = await probe({
      mutate: (o) => o.filter((x) => !['azureml-fe', 'azureml-fe-int-http'].includes(x.metadata?.name ?? '')),
    });
    assert.equal(byReq.get('router-peer-discovery')!.status, 'warn');
    assert.match(
      byReq.get('router-peer-discovery')!.message,
      /azureml-fe is not deployed .* so it can discover its peers once AML attaches the cluster/,
    );
    assert.equal(byReq.get('router-peer-connect')!.status, 'warn');
    assert.equal(report.summary.fail, 0);
  });

  test("the v2 extension's router (namespace azureml) is found as well", async () => {
    const { byReq } = await probe({
      mutate: (o) =>
        o.map((x) => {
          if (x.metadata?.name === 'azureml-fe-int-http') return { ...x, metadata: { ...x.metadata, namespace: 'azureml' } };
          if (x.metadata?.name === 'azureml-fe' && x.kind === 'Deployment')
            return { ...x, metadata: { ...x.metadata, name: 'azureml-fe-v2', namespace: 'azureml' } };
          if (x.metadata?.name === 'azureml-fe-binding')
            return { ...x, subjects: [{ kind: 'ServiceAccount', name: 'azureml-fe', namespace: 'azureml' }] };
          return x;
        }),
    });
    assert.equal(byReq.get('router-peer-discovery')!.status, 'pass', byReq.get('router-peer-discovery')!.message);
    assert.match(byReq.get('router-peer-discovery')!.message, /behind azureml\/azureml-fe-int-http/);
  });

  test('the API server through its public FQDN as well as the in-cluster path; a dead FQDN path fails and says which', async () => {
    const both = await probe({
      profile: (apiPort) => ({ cluster: { apiServerFqdn: FQDN }, connectTo: [`${FQDN}:443:127.0.0.1:${apiPort}`] }),
    });
    const ok = both.byReq.get('router-peer-discovery')!;
    assert.equal(ok.status, 'pass', ok.message);
    assert.match(ok.message, new RegExp(`through the kubeconfig server and public FQDN ${FQDN.replace(/\./g, '\\.')}`));
    assert.deepEqual(
      (ok.evidence.apiServer as { ok: boolean }[]).map((p) => p.ok),
      [true, true],
    );
    const dead = await probe({
      profile: (_apiPort, closedPort) => ({ cluster: { apiServerFqdn: FQDN }, connectTo: [`${FQDN}:443:127.0.0.1:${closedPort}`] }),
    });
    const failed = dead.byReq.get('router-peer-discovery')!;
    assert.equal(failed.code, 'K8S_UNREACHABLE');
    assert.match(
      failed.message,
      new RegExp(
        `API server through the public FQDN ${FQDN.replace(/\./g, '\\.')}: .*ECONNREFUSED.*it answers through the kubeconfig server`,
      ),
    );
  });
});
