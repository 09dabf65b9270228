// The ways an in-cluster run fails before any check runs: each is told apart,
// one line each (pool, code, what happened), never a stack trace, exit 2 when
// no pod could run and 1 when only some could. And the run cleans up after
// itself, removing a stale run of its own first.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { typeOfObject, type StoredObject } from '../doubles/k8s/index.ts';
import { cannedProbe, hangingProbe, startHarness, type Harness } from './harness.ts';

const JOB = typeOfObject('batch/v1', 'Job')!;
const POD = typeOfObject('v1', 'Pod')!;
const CONFIG_MAP = typeOfObject('v1', 'ConfigMap')!;

async function withHarness(options: Parameters<typeof startHarness>[0], body: (h: Harness) => Promise<void>): Promise<void> {
  const h = await startHarness(options);
  try {
    await body(h);
  } finally {
    await h.stop();
  }
}

/** stderr minus progress: the lines that report a failure. */
const failureLines = (stderr: string) => stderr.split('\n').filter((l) => /^aml-preflight: (node pool \S+|pod): [A-Z_]+: /.test(l));

function assertOneFailure(r: { code: number | null; stdout: string; stderr: string }, pool: string, code: string, message: RegExp): void {
  const lines = failureLines(r.stderr);
  assert.equal(lines.length, 1, r.stderr);
  assert.ok(lines[0].startsWith(`aml-preflight: node pool ${pool}: ${code}: `), lines[0]);
  assert.match(lines[0], message);
  assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  assert.equal(r.code, 3, 'a pod that could not run is the environment (exit 3)');
  assert.equal(r.stdout, '');
}

describe('cluster run: failures before any check runs', { concurrency: 4 }, () => {
  test("an admission policy refusing the Job: JOB_REJECTED with the policy's words", () =>
    withHarness({ workloads: { run: cannedProbe } }, async (h) => {
      h.api.store.addAdmission((t) =>
        t.kind === 'Job'
          ? {
              status: 403,
              message:
                'admission webhook "validation.gatekeeper.sh" denied the request: [azurepolicy-k8sazurev2containerallowedimages] Container image myacr.azurecr.io/aml-preflight:0.1.0 has not been allowed',
            }
          : undefined,
      );
      const r = await h.run(['--node-pool', 'system']);
      assertOneFailure(r, 'system', 'JOB_REJECTED', /the Job was refused: .*validation\.gatekeeper\.sh" denied the request/);
    }));

  test("a ResourceQuota refusing the pod: JOB_REJECTED from the Job's FailedCreate event", () =>
    withHarness({ workloads: { run: cannedProbe } }, async (h) => {
      h.api.store.addAdmission((t, o) =>
        t.kind === 'Pod'
          ? {
              status: 403,
              message: `pods "${o.metadata.name}" is forbidden: exceeded quota: compute, requested: limits.memory=256Mi, used: limits.memory=2Gi, limited: limits.memory=2Gi`,
            }
          : undefined,
      );
      const r = await h.run(['--node-pool', 'system']);
      assertOneFailure(
        r,
        'system',
        'JOB_REJECTED',
        /the Job's pod was refused: Error creating: pods "aml-preflight-system-\w+" is forbidden: exceeded quota: compute/,
      );
    }));

  test("a pool whose nodes are all cordoned: POD_UNSCHEDULABLE with the scheduler's message, after --schedule-timeout", () =>
    withHarness(
      {
        workloads: { run: cannedProbe },
        mutate: (objects) =>
          objects.map((o) =>
            o.kind === 'Node' && o.metadata?.name?.includes('-gpu-') ? { ...o, spec: { ...(o.spec as object), unschedulable: true } } : o,
          ),
      },
      async (h) => {
        const r = await h.run(['--node-pool', 'gpu', '--schedule-timeout', '300']);
        assertOneFailure(
          r,
          'gpu',
          'POD_UNSCHEDULABLE',
          /could not be scheduled for \d+ s: 0\/3 nodes are available: 3 node\(s\) didn't match Pod's node affinity\/selector/,
        );
      },
    ));

  test('an image the nodes cannot pull: IMAGE_PULL_FAILED naming the node, the image and the reason', () =>
    withHarness({ workloads: { run: cannedProbe, pullable: () => false } }, async (h) => {
      const r = await h.run(['--node-pool', 'system']);
      assertOneFailure(
        r,
        'system',
        'IMAGE_PULL_FAILED',
        /node aks-system-12345678-vmss000000 cannot pull image myacr\.azurecr\.io\/aml-preflight:0\.1\.0: (ErrImagePull|ImagePullBackOff)/,
      );
    }));

  test("a pod that outlives the Job's activeDeadlineSeconds: JOB_DEADLINE_EXCEEDED", () =>
    // 600 simulated seconds pass in about two real ones.
    withHarness({ workloads: { run: hangingProbe, deadlineScale: 0.003 } }, async (h) => {
      const r = await h.run(['--node-pool', 'system']);
      assertOneFailure(r, 'system', 'JOB_DEADLINE_EXCEEDED', /activeDeadlineSeconds \(600 s\)|longer than the Job's deadline/);
    }));

  test('a run longer than --wait: WAIT_TIMEOUT, and the hung pod is removed', () =>
    withHarness({ workloads: { run: hangingProbe } }, async (h) => {
      const r = await h.run(['--node-pool', 'system', '--wait', '1500']);
      assertOneFailure(r, 'system', 'WAIT_TIMEOUT', /still running on aks-system-12345678-vmss000000 after 2 s/);
      assert.deepEqual(h.api.store.list(JOB, { namespace: 'aml-preflight' }), []);
      assert.deepEqual(h.api.store.list(POD, { namespace: 'aml-preflight' }), []);
    }));

  test('a container killed for memory: POD_FAILED saying so', () =>
    withHarness({ workloads: { run: async () => ({ logs: '', exitCode: 137, reason: 'OOMKilled' }) } }, async (h) => {
      const r = await h.run(['--node-pool', 'system']);
      assertOneFailure(r, 'system', 'POD_FAILED', /killed for using more memory than its limit \(256Mi\)/);
    }));

  test('a probe that rejects its profile: POD_FAILED with its own one-line reason', () =>
    withHarness(
      {
        workloads: {
          run: async () => ({
            logs: 'aml-preflight: /etc/aml-preflight/profile.yaml: cluster.region: has an invalid value\n',
            exitCode: 2,
            terminationMessage: 'aml-preflight: /etc/aml-preflight/profile.yaml: cluster.region: has an invalid value',
          }),
        },
      },
      async (h) => {
        const r = await h.run(['--node-pool', 'system']);
        assertOneFailure(
          r,
          'system',
          'POD_FAILED',
          /the probe rejected its input \(exit 2\): aml-preflight: \/etc\/aml-preflight\/profile\.yaml: cluster\.region/,
        );
      },
    ));

  test('a pod that prints no report (an image of another tool or version): REPORT_MISSING with its last words', () =>
    withHarness({ workloads: { run: async () => ({ logs: 'hello from some other image\n', exitCode: 0 }) } }, async (h) => {
      const r = await h.run(['--node-pool', 'system']);
      assertOneFailure(r, 'system', 'REPORT_MISSING', /no report in the pod's log; its last line: hello from some other image/);
    }));

  test('one pool failing and another running: the report of the one, the line of the other, exit 3', () =>
    withHarness({ workloads: { run: cannedProbe, pullable: () => true } }, async (h) => {
      h.api.store.addAdmission((t, o) =>
        t.kind === 'Pod' && o.metadata.name.startsWith('aml-preflight-gpu')
          ? { status: 403, message: 'pods is forbidden: violates PodSecurity "restricted:latest"' }
          : undefined,
      );
      const r = await h.run(['--all-node-pools', '-o', 'json']);
      assert.equal(r.code, 3, r.stderr);
      assert.deepEqual(
        failureLines(r.stderr).map((l) => l.split(': ').slice(1, 3).join(': ')),
        ['node pool gpu: JOB_REJECTED'],
      );
      const report = JSON.parse(r.stdout);
      assert.deepEqual(
        report.checks.map((c: { id: string }) => c.id),
        ['system:mcr/dns'],
      );
      assert.deepEqual(report.target.inCluster.failed, ['gpu: JOB_REJECTED']);
    }));
});

describe('cluster run: what it leaves behind', { concurrency: 4 }, () => {
  test('a stale run of its own is removed first, and nothing is left after the run', () =>
    withHarness({ workloads: { run: cannedProbe } }, async (h) => {
      h.api.store.load([
        { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'aml-preflight' } as StoredObject['metadata'] },
        {
          apiVersion: 'batch/v1',
          kind: 'Job',
          metadata: {
            name: 'aml-preflight-system',
            namespace: 'aml-preflight',
            labels: { 'app.kubernetes.io/name': 'aml-preflight', 'app.kubernetes.io/component': 'cluster-run' },
          } as unknown as StoredObject['metadata'],
          spec: { template: { spec: { containers: [{ name: 'preflight', image: 'myacr.azurecr.io/aml-preflight:0.0.9' }] } } },
        },
      ]);
      const stale = h.api.store.get(JOB, 'aml-preflight', 'aml-preflight-system').metadata.uid;
      const r = await h.run(['--node-pool', 'system', '-o', 'json']);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(JSON.parse(r.stdout).checks[0].vantage.nodePool, 'system');
      assert.ok(
        h.api.requests.some(
          (q) =>
            q.method === 'DELETE' && q.path === '/apis/batch/v1/namespaces/aml-preflight/jobs/aml-preflight-system' && q.status === 200,
        ),
      );
      assert.ok(!h.api.store.list(JOB).some((j) => j.metadata.uid === stale));
      assert.deepEqual(h.api.store.list(JOB), [], 'no Job left');
      assert.deepEqual(h.api.store.list(CONFIG_MAP, { namespace: 'aml-preflight' }), [], 'no profile left');
    }));

  test('--keep leaves the Job and its pod for kubectl to look at', () =>
    withHarness({ workloads: { run: cannedProbe } }, async (h) => {
      const r = await h.run(['--keep', '-o', 'json']);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(h.api.store.list(JOB, { namespace: 'aml-preflight' }).length, 1);
      assert.equal(h.api.store.list(POD, { namespace: 'aml-preflight' }).length, 1);
    }));

  test('a Windows pool is skipped by --all-node-pools and refused by --node-pool', () =>
    withHarness({ workloads: { run: cannedProbe } }, async (h) => {
      const all = await h.run(['--all-node-pools', '-o', 'json']);
      assert.equal(all.code, 0, all.stderr);
      assert.match(all.stderr, /skipping node pool\(s\) npwin: not Linux/);
      assert.deepEqual(JSON.parse(all.stdout).target.inCluster.nodePools.sort(), ['gpu', 'system']);
      const win = await h.run(['--node-pool', 'npwin']);
      assert.equal(win.code, 2);
      assert.match(win.stderr, /--node-pool: node pool "npwin" is not a Linux pool in cluster aks-test \(Linux pools: gpu, system\)/);
    }));
});

describe('cluster run: problems with the cluster connection or the input', { concurrency: 4 }, () => {
  test("a user who may not create the preflight's RBAC is told to have an admin apply deploy/", () =>
    withHarness({ workloads: { run: cannedProbe } }, async (h) => {
      const kubeconfig = h.api.writeKubeconfig(h.dir, h.api.addUser('developer'), { context: 'dev' });
      const r = await h.run(['--kubeconfig', kubeconfig]);
      assert.equal(r.code, 3, 'a refusing API server is the environment');
      assert.match(
        r.stderr,
        /aml-preflight: cluster dev: cannot create namespace aml-preflight: K8S_FORBIDDEN: .*cannot create resource "namespaces".*; have a cluster admin apply deploy\/ once \(kubectl apply -k deploy\/\), then rerun/,
      );
    }));

  test('an API server that does not answer: one line, K8S_UNREACHABLE', () =>
    withHarness({}, async (h) => {
      await h.api.stop();
      const r = await h.run(['--all-node-pools', '--request-timeout', '2000']);
      assert.equal(r.code, 3, 'an unreachable API server is the environment');
      assert.match(
        r.stderr,
        /aml-preflight: cluster aks-test: K8S_UNREACHABLE: list nodes: cannot reach the API server https:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\)/,
      );
    }));

  for (const [args, expected] of [
    [['--node-pool', 'gpu', '--all-node-pools'], /--node-pool and --all-node-pools exclude each other/],
    [['--node-pool', 'GPU_Pool'], /--node-pool: "GPU_Pool" is not an AKS node pool name/],
    [['--node-pool', 'nosuch'], /--node-pool: node pool "nosuch" does not exist in cluster aks-test \(Linux pools: gpu, system\)/],
    [['--context', 'aks-prod'], /--context: no context "aks-prod" in the kubeconfig \(known: aks-test\)/],
    [['--image', 'my image'], /--image: "my image" is not an image reference/],
    [['--namespace', 'Preflight'], /--namespace: "Preflight" is not a Kubernetes namespace name/],
  ] as [string[], RegExp][]) {
    test(`cluster run ${args.join(' ')}: one line, exit 2`, () =>
      withHarness({}, async (h) => {
        const r = await h.run(args);
        assert.equal(r.code, 2, r.stderr);
        assert.match(r.stderr, expected);
        assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
      }));
  }
});
