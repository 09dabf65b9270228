// The scheduled audit as a cluster runs it, without Docker: deploy/ built by
// `kubectl kustomize` and applied to the Kubernetes API double; the CronJob's
// Job created from its jobTemplate as the CronJob controller does; the double's
// Job controller, scheduler and kubelet start the real CLI with the CronJob's
// args, its service account's token and the profile mounted from the config
// map (own mount namespace, uid 65532, read-only root when the machine allows).
// What the pod calls is recorded: the service account's grants, the ClusterRole
// and the Role of deploy/, are exactly that, both ways.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type net from 'node:net';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import * as k8s from '@kubernetes/client-node';
import { parse, parseAllDocuments } from 'yaml';
import { runConfigMap } from '../../src/audit/configmap-store.ts';
import { profileConfigMap } from '../../src/cluster/manifests.ts';
import { startLab, type Lab } from '../../src/lab/lab.ts';
import type { Report } from '../../src/types.ts';
import { listen, startHarness, type Harness } from '../cluster/harness.ts';
import { grantCoverage, processRuntime, typeOfObject, type RoleLike, type StoredObject } from '../doubles/k8s/index.ts';
import { BIN } from '../helpers/cli.ts';
import { check, reportOf } from '../metrics/report-fixture.ts';
import { nonEmpty } from '../helpers/non-empty.ts';

const DEPLOY = new URL('../../deploy/', import.meta.url).pathname;
const NS = 'aml-preflight';
const SA = `system:serviceaccount:${NS}:aml-preflight`;
const T = (apiVersion: string, kind: string) => typeOfObject(apiVersion, kind)!;
const JOB = T('batch/v1', 'Job');
const POD = T('v1', 'Pod');
const CONFIG_MAP = T('v1', 'ConfigMap');
const RUNS = 'app.kubernetes.io/name=aml-preflight,aml-preflight/run';
const built = spawnSync('kubectl', ['kustomize', DEPLOY], { encoding: 'utf8' });

describe("the CronJob of deploy/, run by the double's kubelet", {
  skip: built.status !== 0 && 'kubectl is not installed (apt-get install kubectl, or kubernetes-client)',
}, () => {
  let lab: Lab;
  let h: Harness;
  let objects: StoredObject[];
  const runs: { job: StoredObject; logs: string; report: Report }[] = [];

  /** One firing of the schedule: the Job the CronJob controller makes from the jobTemplate, run to its end. */
  async function fire(n: number) {
    const cron = h.api.store.get(T('batch/v1', 'CronJob'), NS, 'aml-preflight-audit');
    const template = structuredClone(
      (
        cron.spec as {
          jobTemplate: { metadata: { labels: Record<string, string> }; spec: { template: { spec: { containers: { args: string[] }[] } } } };
        }
      ).jobTemplate,
    );
    const container = template.spec.template.spec.containers[0];
    // The one change: no random sleep of up to 300 s in a test.
    container.args = container.args.map((a, i) => (container.args[i - 1] === '--jitter-seconds' ? '0' : a));
    const name = `aml-preflight-audit-${29000000 + n}`;
    h.api.store.create(JOB, {
      metadata: {
        name,
        namespace: NS,
        labels: template.metadata.labels,
        ownerReferences: [{ apiVersion: 'batch/v1', kind: 'CronJob', name: cron.metadata.name, uid: cron.metadata.uid, controller: true }],
      } as StoredObject['metadata'],
      spec: template.spec,
    });
    let job = h.api.store.get(JOB, NS, name);
    for (let waited = 0; !(job.status as { conditions?: unknown[] } | undefined)?.conditions?.length; waited += 100) {
      assert.ok(waited < 60_000, `job ${name} did not finish`);
      await new Promise((r) => setTimeout(r, 100));
      job = h.api.store.get(JOB, NS, name);
    }
    const pod = h.api.store.list(POD, { namespace: NS, labelSelector: `job-name=${name}` })[0];
    const kc = new k8s.KubeConfig();
    kc.loadFromFile(h.kubeconfig);
    const logs = String(
      await kc.makeApiClient(k8s.CoreV1Api).readNamespacedPodLog({ name: pod.metadata.name, namespace: NS, container: 'preflight' }),
    );
    // -o json: the report is the indented JSON document on stdout; the progress lines on stderr come before it.
    const report = JSON.parse(logs.slice(logs.indexOf('\n{') + 1, logs.lastIndexOf('\n}') + 2));
    runs.push({ job, logs, report });
  }

  before(async () => {
    lab = await startLab();
    const fqdn = lab.target.cluster!.apiServerFqdn!;
    h = await startHarness({
      names: [fqdn],
      workloads: { run: (pod, node, signal) => processRuntime({ api: h.api, entrypoint: [process.execPath, BIN] })(pod, node, signal) },
    });
    const closed = await listen('127.0.0.1');
    const closedPort = (closed.address() as net.AddressInfo).port;
    closed.close();
    // The profile as an overlay replaces it: the loopback lab plays the Internet, the AKS API server's FQDN leads
    // to the API double, and the model's own database is down, so each run fails (an Event) the same way.
    const profile = {
      ...parse(readFileSync(join(DEPLOY, 'preflight.yaml'), 'utf8')),
      ...h.labProfile(lab),
      dependencies: [`tcp://127.0.0.1:${closedPort}`],
      timeoutMs: 2000,
    };
    objects = parseAllDocuments(built.stdout)
      .map((d) => d.toJS() as StoredObject)
      .filter(Boolean);
    for (const o of objects) {
      if (o.kind === 'Namespace' && h.api.store.find(T('v1', 'Namespace'), undefined, o.metadata.name)) continue;
      if (o.kind === 'ConfigMap') o.data = profileConfigMap(NS, profile).data;
      h.api.store.load([o]);
    }
    // Thirty earlier runs, kept as ConfigMaps: the next one reads the newest to compare and deletes the oldest (--keep 30).
    for (let i = 0; i < 30; i++) {
      const startedAt = new Date(Date.UTC(2025, 0, 1, i)).toISOString();
      h.api.store.create(CONFIG_MAP, runConfigMap(reportOf([check('mcr/dns', 'pass')], startedAt), NS).configMap as Partial<StoredObject>);
    }
    await fire(1);
    await fire(2);
  });

  after(async () => {
    await h?.stop();
    await lab?.stop();
  });

  test("runs audit run with the CronJob's args: the in-cluster run from the pod, kept, pruned, published", () => {
    const cron = objects.find((o) => o.kind === 'CronJob')!;
    const spec = cron.spec as { jobTemplate: { spec: { template: { spec: { containers: { args?: string[] }[] } } } } };
    assert.deepEqual(spec.jobTemplate.spec.template.spec.containers[0].args, [
      'audit',
      'run',
      '--config',
      '/etc/aml-preflight/profile.yaml',
      '--jitter-seconds',
      '300',
      '--keep',
      '30',
      '-o',
      'json',
    ]);
    for (const { job, logs, report } of runs) {
      // The dependency check fails by design: exit 1, the Job failed, nothing else went wrong.
      assert.equal((job.status as { failed?: number }).failed, 1, logs);
      assert.doesNotMatch(logs, /problem:/);
      assert.deepEqual(
        report.checks.filter((c) => c.status === 'fail').map((c) => c.code),
        ['TCP_REFUSED'],
      );
      assert.equal(report.vantage.kind, 'pod');
      assert.match(report.vantage.host, /^aml-preflight-audit-\d+-\w{5}$/);
      assert.equal(report.vantage.node, 'aks-system-12345678-vmss000000');
      assert.equal(report.vantage.nodePool, 'system');
      for (const r of ['aks-api', 'mcr', 'router-peer-discovery', 'router-peer-connect', 'router-model-discovery', 'model-pods']) {
        assert.ok(
          nonEmpty(
            report.checks.filter((c) => c.requirement === r),
            r,
          ).every((c) => c.status === 'pass'),
          r,
        );
      }
      assert.equal(report.checks.filter((c) => c.kind === 'compliance').length, 8);
    }
    const kept = h.api.store
      .list(CONFIG_MAP, { namespace: NS, labelSelector: RUNS })
      .map((c) => c.metadata.labels!['aml-preflight/run'])
      .sort();
    assert.equal(kept.length, 30, 'pruned to --keep 30');
    assert.ok(!kept.includes('20250101t000000000z') && !kept.includes('20250101t010000000z'), 'the two oldest went');
    assert.match(runs[0].logs, /since run 20250102t050000000z: 1 broke, 0 recovered \(dependency@127\.0\.0\.1:\d+\/tcp \[system\]\)/);
    const [policyReport] = h.api.store.list(T('wgpolicyk8s.io/v1alpha2', 'PolicyReport'), { namespace: NS });
    assert.equal(policyReport.metadata.annotations!['aml-preflight/run'], kept.at(-1));
    assert.match(runs[0].logs, /PolicyReport aml-preflight\/aml-preflight created/);
    assert.match(runs[1].logs, /PolicyReport aml-preflight\/aml-preflight replaced/);
    const events = h.api.store
      .list(T('v1', 'Event'), { namespace: NS })
      .filter((e) => (e as { reason?: string }).reason === 'PreflightFailed');
    assert.deepEqual(
      events.map((e) => (e as unknown as { involvedObject: { name: string } }).involvedObject.name).sort(),
      kept.slice(-2).map((id) => `aml-preflight-run-${id}`),
    );
  });

  test("the service account's ClusterRole and Role grant exactly what audit run calls: every call allowed, every grant used", () => {
    const calls = h.api.requests.filter((q) => q.user === SA);
    assert.ok(calls.length > 20, `${calls.length} calls`);
    assert.deepEqual(
      calls.filter((q) => q.status === 403).map((q) => `${q.method} ${q.path}`),
      [],
      'nothing the pod asked was forbidden',
    );
    const roles = objects.filter((o) => o.kind === 'ClusterRole' || o.kind === 'Role') as unknown as RoleLike[];
    assert.deepEqual(roles.map((r) => `${r.kind}/${r.metadata.name}`).sort(), [
      'ClusterRole/aml-preflight-reader',
      'Role/aml-preflight-audit',
    ]);
    assert.deepEqual(grantCoverage(roles, calls), { unallowed: [], unused: [] });
    // Discovery, which decides whether to write the PolicyReport, needs no grant.
    assert.ok(calls.some((q) => q.path === '/apis' && q.status === 200));
  });
});
