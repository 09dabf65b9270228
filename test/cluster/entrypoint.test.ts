// The image's entrypoint run the way the Job runs it, without Docker: the app
// assembled as the Dockerfile does (bin/, dist/ compiled by tsc, rules/,
// schema/, package.json, no src/), started by the API double's container
// runtime as uid 65532 in its own mount namespace with a read-only root, the
// service account token at the kubelet's path, KUBERNETES_SERVICE_HOST/PORT,
// the downward API env and the profile mounted from its config map.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync, chmodSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { stringify } from 'yaml';
import { clusterRoleBindingObject, clusterRoleObject, probeArgs, probePodSpec, PROFILE_CONFIG_MAP } from '../../src/cluster/manifests.ts';
import type { Report } from '../../src/types.ts';
import {
  canIsolate,
  loadFixtures,
  processRuntime,
  startKubeApi,
  typeOfObject,
  type KubeApiDouble,
  type StoredObject,
} from '../doubles/k8s/index.ts';
import { BIN } from '../helpers/cli.ts';
import { FIXTURE, GPU_NODE } from './harness.ts';

const ROOT = new URL('../../', import.meta.url).pathname;
const isolate = canIsolate();
const POD = typeOfObject('v1', 'Pod')!;
const NODE = typeOfObject('v1', 'Node')!;
const CONFIG_MAP = typeOfObject('v1', 'ConfigMap')!;

describe('the image entrypoint as the Job runs it', {
  skip: !isolate && 'needs root and unshare(1) to give the process its own mount namespace and user',
}, () => {
  let app: string;
  let api: KubeApiDouble;
  let listeners: net.Server[] = [];

  before(async () => {
    // As the Dockerfile's build stage: compile src/ to dist/ (type errors elsewhere do not stop the emit).
    app = mkdtempSync(join(tmpdir(), 'aml-preflight-image-'));
    chmodSync(app, 0o755);
    spawnSync(
      process.execPath,
      [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(ROOT, 'tsconfig.build.json'), '--outDir', join(app, 'dist')],
      { encoding: 'utf8' },
    );
    assert.ok(existsSync(join(app, 'dist/cli.js')), 'tsc emitted dist/cli.js');
    for (const d of ['bin', 'rules', 'schema']) cpSync(join(ROOT, d), join(app, d), { recursive: true });
    cpSync(join(ROOT, 'package.json'), join(app, 'package.json'));
    symlinkSync(join(ROOT, 'node_modules'), join(app, 'node_modules'));

    const peer = net.createServer((s) => s.end());
    await new Promise<void>((r) => peer.listen(0, '127.0.0.1', r));
    const port = (peer.address() as net.AddressInfo).port;
    const peer2 = net.createServer((s) => s.end());
    await new Promise<void>((r) => peer2.listen(port, '127.0.0.2', r));
    listeners = [peer, peer2];
    api = await startKubeApi({
      objects: [
        ...loadFixtures([FIXTURE], { PEER_PORT: port, MODEL_PORT: port }),
        clusterRoleObject() as unknown as Partial<StoredObject>,
        clusterRoleBindingObject('aml-preflight') as unknown as Partial<StoredObject>,
      ],
    });
    api.store.load([
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: PROFILE_CONFIG_MAP, namespace: 'aml-preflight' } as StoredObject['metadata'],
        data: { 'profile.yaml': stringify({ cluster: { region: 'eastus' }, timeoutMs: 2000 }) },
      },
    ]);
  });

  after(async () => {
    await api?.stop();
    for (const l of listeners) l.close();
  });

  /** The pod the Job would create on the GPU node, run by the container runtime with `command` if given. */
  async function runPod(args: string[], command?: string[]) {
    const spec = probePodSpec({ image: 'aml-preflight:test', nodePool: 'gpu', args, withServiceAccount: true });
    if (command) (spec.containers[0] as { command?: string[] }).command = command;
    const pod = api.store.create(POD, {
      metadata: { generateName: 'aml-preflight-gpu-', namespace: 'aml-preflight' } as StoredObject['metadata'],
      spec: { ...spec, nodeName: GPU_NODE },
      status: { phase: 'Running', podIP: '127.0.0.1' },
    });
    const runtime = processRuntime({
      api,
      entrypoint: [process.execPath, join(app, 'bin/aml-preflight.js')],
      isolate: true,
      timeoutMs: 60_000,
    });
    return { pod, ...(await runtime(pod, api.store.get(NODE, undefined, GPU_NODE), new AbortController().signal)) };
  }

  test('the sandbox is what the Job asks for: uid 65532 and a read-only root filesystem', async () => {
    const who = await runPod([], ['/bin/sh', '-c', 'id -u; touch /probe-write-test 2>&1 || true']);
    assert.match(who.logs, /^65532\n/);
    assert.match(who.logs, /Read-only file system/);
  });

  test('cluster probe reads its profile from the mount, talks to the API with the mounted token, prints the report as its last line', async () => {
    const only = ['router-peer-discovery', 'router-model-discovery', 'model-pods', 'no-hpa-on-models', 'container-insights'];
    const { pod, logs, exitCode } = await runPod(probeArgs([...only.flatMap((r) => ['--only', r]), '--compliance']));
    assert.equal(exitCode, 0, logs);
    const lines = logs.trim().split('\n');
    const report: Report = JSON.parse(lines[lines.length - 1]);
    assert.deepEqual(report.vantage, { kind: 'pod', host: pod.metadata.name, nodePool: 'gpu', node: GPU_NODE });
    const discovery = report.checks.find((c) => c.requirement === 'router-peer-discovery')!;
    assert.equal(discovery.status, 'pass', discovery.message);
    assert.match(discovery.message, /through the in-cluster service \(KUBERNETES_SERVICE_HOST\)/);
    // --only selects compliance requirements as it does every other check.
    assert.deepEqual(
      report.checks
        .filter((c) => c.kind === 'compliance')
        .map((c) => c.requirement)
        .sort(),
      ['container-insights', 'no-hpa-on-models'],
    );
    assert.ok(
      api.requests.some((q) => q.user === 'system:serviceaccount:aml-preflight:aml-preflight'),
      'the mounted token was used',
    );
    assert.ok(!existsSync(join(app, 'src')), 'it ran from dist/, as in the image');
  });

  test('a profile it cannot use is one line and exit 2, never a stack trace', async () => {
    api.store.replace(CONFIG_MAP, 'aml-preflight', PROFILE_CONFIG_MAP, {
      metadata: { name: PROFILE_CONFIG_MAP } as StoredObject['metadata'],
      data: { 'profile.yaml': 'cluster: { region: "east us!" }\n' },
    });
    const { logs, exitCode } = await runPod(probeArgs());
    assert.equal(exitCode, 2);
    assert.match(logs.trim(), /^aml-preflight: \/etc\/aml-preflight\/profile\.yaml: cluster\.region/);
    assert.equal(logs.trim().split('\n').length, 1, logs);
  });
});

test('cluster probe writes a one-line summary to the termination log', () => {
  const dir = mkdtempSync(join(tmpdir(), 'aml-preflight-term-'));
  const log = join(dir, 'termination-log');
  const profile = join(dir, 'p.yaml');
  writeFileSync(profile, 'cluster: { region: eastus }\n');
  const r = spawnSync(
    process.execPath,
    [
      BIN,
      'cluster',
      'probe',
      '-c',
      profile,
      '--no-kube',
      '--only',
      'dependency',
      '--dependency',
      'tcp://127.0.0.1:9',
      '--termination-log',
      log,
    ],
    { encoding: 'utf8', timeout: 30_000 },
  );
  assert.equal(r.status, 1, r.stderr);
  assert.match(
    readFileSync(log, 'utf8'),
    /^0 passed, 0 warnings, 1 failed, 0 skipped; root cause: phase model-serve \(dependency@127\.0\.0\.1:9\/tcp\)$/,
  );
  assert.equal(r.stdout.trim().split('\n').length, 1, 'the report is one line');
});
