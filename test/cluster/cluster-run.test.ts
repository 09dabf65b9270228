// cluster run end to end, with nothing faked above the wire: the real CLI
// drives the API double through @kubernetes/client-node; the double's kubelet
// starts the real `aml-preflight cluster probe` as a process for each pod (its
// own mount namespace, uid 65532, read-only root, service account token, when
// the machine allows); the pods probe the loopback lab. The GPU pool's nodes
// send HTTPS through a proxy that is down, so the two pools disagree.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { startLab, type Lab } from '../../src/lab/lab.ts';
import { clusterRoleObject } from '../../src/cluster/manifests.ts';
import type { Report } from '../../src/types.ts';
import { canIsolate, grantCoverage, processRuntime, type StoredObject } from '../doubles/k8s/index.ts';
import { BIN, runCli } from '../helpers/cli.ts';
import { startHarness, type Harness } from './harness.ts';
import { nonEmpty } from '../helpers/non-empty.ts';

const DEPENDENCY = 'scoring-db.contoso.example';
const SA = 'system:serviceaccount:aml-preflight:aml-preflight';
const ajv = new Ajv({ allErrors: true });
addFormats.default(ajv);
const validateReport = ajv.compile(JSON.parse(readFileSync(new URL('../../schema/report.schema.json', import.meta.url), 'utf8')));

let lab: Lab;
let h: Harness;
let profileFile: string;

before(async () => {
  lab = await startLab({ extraHosts: [DEPENDENCY] });
  const fqdn = lab.target.cluster!.apiServerFqdn!;
  h = await startHarness({
    names: [fqdn],
    workloads: {
      run: (pod: StoredObject, node: StoredObject, signal: AbortSignal) =>
        processRuntime({
          api: h.api,
          entrypoint: [process.execPath, BIN],
          nodeEnv: (n): Record<string, string> => (n.metadata.labels?.agentpool === 'gpu' ? { HTTPS_PROXY: 'http://127.0.0.1:9' } : {}),
        })(pod, node, signal),
    },
  });
  // The AKS API server's FQDN leads to the API double; every other host to the lab.
  profileFile = h.writeProfile({ ...h.labProfile(lab), timeoutMs: 2000 });
});

after(async () => {
  await h?.stop();
  await lab?.stop();
});

describe('cluster run on two node pools', () => {
  let report: Report;
  let stderr: string;
  let code: number | null;

  before(async () => {
    const r = await h.run(['-c', profileFile, '--all-node-pools', '--load', 'churn-model:2:1', '-o', 'json'], 90_000);
    ({ stderr, code } = r);
    report = JSON.parse(r.stdout);
  });

  test("prints one schema-valid report and exits 1 (the GPU pool's egress is broken)", () => {
    assert.ok(validateReport(report), JSON.stringify(validateReport.errors));
    assert.equal(code, 1, stderr);
    assert.deepEqual(report.target.inCluster, {
      context: 'aks-test',
      namespace: 'aml-preflight',
      nodePools: ['gpu', 'system'],
      failed: [],
    });
  });

  test('firewall generate --from takes the merged report: --only-failing opens what the GPU pool lacked and says which pool needed it', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'amlpf-cluster-report-')), 'cluster-run.json');
    writeFileSync(file, JSON.stringify(report));
    const r = await runCli(['firewall', 'generate', '--from', file, '--only-failing', '--format', 'azure-policy']);
    assert.equal(r.code, 0, r.stderr);
    const rules = JSON.stringify(JSON.parse(r.stdout));
    assert.match(rules, /failed from node pools gpu/);
    assert.doesNotMatch(rules, /failed from node pools [^"]*system/, 'the healthy pool needed nothing');
  });

  test('every check says where it ran: pod, node pool and node', () => {
    for (const c of report.checks) {
      assert.equal(c.vantage?.kind, 'pod', c.id);
      assert.ok(c.vantage.host && c.vantage.node && c.vantage.nodePool, `${c.id}: ${JSON.stringify(c.vantage)}`);
      if (c.id.startsWith('gpu:')) assert.deepEqual([c.vantage.nodePool, c.vantage.node], ['gpu', 'aks-gpu-12345678-vmss000000']);
      if (c.id.startsWith('system:')) assert.deepEqual([c.vantage.nodePool, c.vantage.node], ['system', 'aks-system-12345678-vmss000000']);
      assert.match(c.vantage.host, /^aml-preflight-(gpu|system|dependencies)-\w{5}$/);
    }
  });

  test('the same check from each pool stays two rows, and a difference is called out in the evidence', () => {
    const tcp = (pool: string) => report.checks.find((c) => c.id === `${pool}:aks-api/tcp`)!;
    assert.equal(tcp('system').status, 'pass');
    assert.equal(tcp('gpu').status, 'fail');
    assert.equal(tcp('gpu').code, 'PROXY_UNREACHABLE');
    assert.deepEqual(tcp('gpu').evidence.acrossNodePools, {
      gpu: { status: 'fail', code: 'PROXY_UNREACHABLE' },
      system: { status: 'pass' },
    });
    assert.deepEqual(report.rootCause?.phase, 'router-deploy');
    assert.ok(
      nonEmpty(report.rootCause!.checks, 'the root cause checks').every((id) => id.startsWith('gpu:')),
      report.rootCause!.checks.join(),
    );
    // Consequences differ too (blocked on one pool, passed on the other), and the JSON says so.
    assert.deepEqual(report.checks.find((c) => c.id === 'system:mcr/http')!.evidence.acrossNodePools, {
      gpu: { status: 'skip' },
      system: { status: 'pass' },
    });
  });

  test('the in-cluster checks pass from the healthy pool and are blocked behind the broken one', () => {
    for (const r of ['router-peer-discovery', 'router-peer-connect', 'router-model-discovery', 'model-pods']) {
      const system = report.checks.find((c) => c.id === `system:${r}/k8s`)!;
      assert.equal(system.status, 'pass', `${r}: ${system.message}`);
      assert.equal(report.checks.find((c) => c.id === `gpu:${r}/k8s`)!.status, 'skip');
    }
    const via = canIsolate() ? 'in-cluster service \\(KUBERNETES_SERVICE_HOST\\)' : 'kubeconfig server';
    assert.match(
      report.checks.find((c) => c.id === 'system:router-peer-discovery/k8s')!.message,
      new RegExp(`through the ${via} and public FQDN`),
    );
  });

  test('the compliance rules are evaluated once, for the whole cluster', () => {
    const compliance = report.checks.filter((c) => c.kind === 'compliance');
    assert.equal(compliance.length, 8);
    assert.ok(compliance.every((c) => !c.id.includes(':')));
    assert.equal(compliance.find((c) => c.requirement === 'max-replicas-cover-load')!.status, 'pass');
  });

  test("the model's own dependency is probed from the model's namespace, on its pods' node pool", () => {
    const deps = report.checks.filter((c) => c.id.startsWith('azureml-ws1:'));
    assert.deepEqual(
      deps.map((c) => [c.id, c.status]),
      [`dns`, 'tcp', 'tls', 'http'].map((k) => [`azureml-ws1:dependency@${DEPENDENCY}:443/${k}`, 'pass']),
    );
    assert.ok(deps.every((c) => c.vantage?.nodePool === 'system' && c.vantage.host.startsWith('aml-preflight-dependencies-')));
  });

  test('progress went to standard error, pool by pool, and nothing is left in the cluster', () => {
    assert.match(stderr, /\[gpu\] job aml-preflight\/aml-preflight-gpu created/);
    assert.match(stderr, /\[system\] aml-preflight-system-\w+: finished on aks-system-12345678-vmss000000/);
    assert.match(stderr, /\[azureml-ws1\] job azureml-ws1\/aml-preflight-dependencies created/);
    assert.deepEqual(h.api.store.list({ group: 'batch', version: 'v1', kind: 'Job', plural: 'jobs', namespaced: true }), []);
  });
});

test('the table output lists what differs between node pools, causes first', async () => {
  const r = await h.run(['-c', profileFile, '--node-pool', 'gpu', '--node-pool', 'system', '-o', 'table', '--no-color'], 90_000);
  assert.equal(r.code, 1, r.stderr);
  const section = r.stdout.slice(r.stdout.indexOf('Differences between node pools:'));
  assert.match(section, /^Differences between node pools:\n {2}aks-api\/tcp: gpu fail \(PROXY_UNREACHABLE\), system pass$/m);
  assert.match(section, /and \d+ more that follow from these/);
});

test('the ClusterRole grants exactly what the pod calls: every call allowed, every grant used', async () => {
  const from = h.api.requests.length;
  // One pod, placed by the scheduler: it looks its node pool up, and it evaluates the compliance rules.
  const r = await h.run(['-c', profileFile, '-o', 'json'], 90_000);
  assert.ok(r.code === 0 || r.code === 1, r.stderr);
  const calls = h.api.requests.slice(from).filter((q) => q.user === SA);
  assert.ok(calls.length > 10);
  assert.deepEqual(
    calls.filter((q) => q.status === 403).map((q) => `${q.method} ${q.path}`),
    [],
    'nothing the pod asked was forbidden',
  );
  assert.deepEqual(grantCoverage([clusterRoleObject()], calls), { unallowed: [], unused: [] });
  const configMaps = calls.filter((q) => q.attributes.resource === 'configmaps');
  assert.ok(
    configMaps.length && configMaps.every((q) => q.attributes.name === 'azuremlfeconfig'),
    'config maps: only azuremlfeconfig, by name',
  );
  // The model-namespace pod has no token and never calls the API.
  assert.ok(!h.api.requests.slice(from).some((q) => q.user.startsWith('system:serviceaccount:azureml-ws1:')));
});
