// The scheduled audit end to end, against the Kubernetes API double driven by
// the real @kubernetes/client-node: the CronJob's command runs twice with a
// change in the cluster in between, and `audit diff --last` names exactly it.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { Ajv } from 'ajv';
import { decodeReport } from '../../src/audit/encode.ts';
import { loadFixtures, startKubeApi, typeOfObject, type KubeApiDouble } from '../doubles/k8s/index.ts';
import { POLICY_REPORT_CRD_SCHEMA } from './policy-report-crd.ts';
import { runAudit } from './run-audit-cli.ts';
import { nonEmpty } from '../helpers/non-empty.ts';

const FIXTURE = fileURLToPath(new URL('./fixtures/cluster.yaml', import.meta.url));
// The CronJob's args (deploy/), less what only a pod has: a target whose network checks fail the same way every run,
// and one compliance rule (--only selects compliance requirements as it does network ones).
const CRONJOB_ARGS = [
  'run',
  '--jitter-seconds',
  '1',
  '--keep',
  '3',
  '--only',
  'mcr',
  '--only',
  'no-hpa-on-models',
  '--region',
  'eastus',
  '--dns-server',
  '127.0.0.1:9',
  '--timeout',
  '300',
  '-o',
  'json',
];

let api: KubeApiDouble;
let kubeconfig: string;

before(async () => {
  api = await startKubeApi({ objects: loadFixtures([FIXTURE]) });
  kubeconfig = api.writeKubeconfig(mkdtempSync(join(tmpdir(), 'audit-')), api.addUser('auditor', ['system:masters']));
});
after(async () => {
  await api?.stop();
});

const T = (apiVersion: string, kind: string) => typeOfObject(apiVersion, kind)!;
const runConfigMaps = () =>
  api.store.list(T('v1', 'ConfigMap'), {
    namespace: 'aml-preflight',
    labelSelector: 'app.kubernetes.io/name=aml-preflight,aml-preflight/run',
  });

test('two scheduled runs with a change between them: diff --last reports exactly that change', async () => {
  const first = await runAudit([...CRONJOB_ARGS, '--kubeconfig', kubeconfig]);
  assert.equal(first.code, 1, first.stderr); // the network checks fail by design
  assert.match(first.stderr, /run \d{8}t\d{9}z kept as configmap aml-preflight\/aml-preflight-run-/);
  assert.equal(JSON.parse(first.stdout).checks.find((c: { id: string }) => c.id === 'no-hpa-on-models/compliance').status, 'pass');

  // The change: someone puts a HorizontalPodAutoscaler on the model deployment.
  api.store.create(
    T('autoscaling/v2', 'HorizontalPodAutoscaler'),
    {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'churn-model', namespace: 'azureml-ws1' },
      spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'churn-model' }, minReplicas: 1, maxReplicas: 5 },
    } as never,
    'azureml-ws1',
  );

  const second = await runAudit([...CRONJOB_ARGS, '--kubeconfig', kubeconfig]);
  assert.equal(second.code, 1, second.stderr);
  assert.match(second.stderr, /1 broke, 0 recovered \(no-hpa-on-models\/compliance\)/);

  const diff = await runAudit(['diff', '--last', '--kubeconfig', kubeconfig, '-o', 'json']);
  assert.equal(diff.code, 1, diff.stderr);
  const drift = JSON.parse(diff.stdout);
  assert.deepEqual(
    drift.broke.map((t: { key: string; from: string; to: string; code: string }) => [t.key, t.from, t.to, t.code]),
    [['no-hpa-on-models/compliance', 'pass', 'fail', 'HPA_ON_MODEL']],
  );
  for (const k of ['recovered', 'degraded', 'blocked', 'added', 'removed', 'flapping']) assert.deepEqual(drift[k], [], k);

  const text = await runAudit(['diff', '--last', '--kubeconfig', kubeconfig]);
  assert.match(
    text.stdout,
    /^Broke \(1\):\n {2}no-hpa-on-models\/compliance: pass -> fail HPA_ON_MODEL — HorizontalPodAutoscaler on a model deployment/m,
  );
});

test('each run is a bounded, labelled ConfigMap that reads back as the report', () => {
  const maps = runConfigMaps();
  assert.equal(maps.length, 2);
  for (const cm of maps) {
    assert.ok(Buffer.byteLength(JSON.stringify(cm)) < 1024 * 1024);
    assert.equal(cm.metadata.labels!['aml-preflight/result'], 'fail');
    const report = decodeReport(Buffer.from((cm.binaryData as Record<string, string>)['report.json.gz'], 'base64'));
    assert.equal(report.schemaVersion, 1);
    assert.ok(report.checks.some((c) => c.kind === 'compliance'));
    assert.equal(cm.metadata.name, `aml-preflight-run-${cm.metadata.labels!['aml-preflight/run']}`);
  }
});

test('the PolicyReport is valid, replaced by each run, and an Event names the failing run', () => {
  const reports = api.store.list(T('wgpolicyk8s.io/v1alpha2', 'PolicyReport'), { namespace: 'aml-preflight' });
  assert.equal(reports.length, 1);
  const pr = reports[0] as unknown as {
    summary: Record<string, number>;
    results: { policy: string; result: string; source: string }[];
    metadata: { annotations: Record<string, string> };
  };
  const validate = new Ajv({ strict: false }).compile(POLICY_REPORT_CRD_SCHEMA);
  assert.ok(validate(pr), JSON.stringify(validate.errors));
  const newest = runConfigMaps()
    .map((c) => c.metadata.labels!['aml-preflight/run'])
    .sort()
    .at(-1);
  assert.equal(pr.metadata.annotations['aml-preflight/run'], newest);
  assert.equal(pr.results.find((r) => r.policy === 'no-hpa-on-models')!.result, 'fail');
  assert.ok(nonEmpty(pr.results).every((r) => r.source === 'aml-preflight'));

  const events = api.store.list(T('v1', 'Event'), { namespace: 'aml-preflight' }) as unknown as {
    reason: string;
    type: string;
    message: string;
    involvedObject: { kind: string; name: string };
  }[];
  const last = events.find((e) => e.involvedObject.name === `aml-preflight-run-${newest}`)!;
  assert.equal(last.reason, 'PreflightFailed');
  assert.equal(last.type, 'Warning');
  assert.match(last.message, /new since run \d{8}t\d{9}z: no-hpa-on-models\/compliance/);
});

test('history lists the kept runs; --keep deletes the oldest', async () => {
  await runAudit([...CRONJOB_ARGS, '--jitter-seconds', '0', '--kubeconfig', kubeconfig]);
  await runAudit([...CRONJOB_ARGS, '--jitter-seconds', '0', '--kubeconfig', kubeconfig]);
  assert.equal(runConfigMaps().length, 3);
  const history = await runAudit(['history', '--kubeconfig', kubeconfig, '-o', 'json']);
  assert.equal(history.code, 0, history.stderr);
  const runs = JSON.parse(history.stdout);
  assert.equal(runs.length, 3);
  assert.deepEqual(
    runs.map((r: { id: string }) => r.id),
    [...runs.map((r: { id: string }) => r.id)].sort(),
  );
});

test('without the PolicyReport CRD, runs are kept and no PolicyReport is written', async () => {
  api.setGroupServed('wgpolicyk8s.io', false);
  try {
    const before = api.requests.filter((r) => r.path.includes('policyreports')).length;
    const r = await runAudit([...CRONJOB_ARGS, '--jitter-seconds', '0', '--kubeconfig', kubeconfig]);
    assert.equal(r.code, 1);
    assert.doesNotMatch(r.stderr, /problem:/);
    assert.equal(api.requests.filter((q) => q.path.includes('policyreports')).length, before);
  } finally {
    api.setGroupServed('wgpolicyk8s.io', true);
  }
});

test('bad input is one line and exit 2, before any sleep or check', async () => {
  for (const args of [
    ['run', '--keep', '0'],
    ['run', '--jitter-seconds', 'soon'],
    ['run', '--pushgateway', 'ftp://x'],
    ['diff', '--last', 'a', 'b'],
    ['diff', 'only-one'],
    ['nope'],
  ]) {
    const r = await runAudit([...args, '--kubeconfig', kubeconfig]);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  }
});
