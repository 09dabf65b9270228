// The profile's secret parts (a proxy password, a SAS-bearing dependency URL) never
// go into the aml-preflight-profile ConfigMap. `cluster manifests` prints no secret
// value at all, only the command that makes the Secret; `cluster run` creates the
// Secret through the API (the Kubernetes double) and the pods mount it. Neither
// replaces or deletes a profile object that aml-preflight did not create. Pinned
// pods tolerate the pool's own taints, not every taint.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { parseAllDocuments, parse } from 'yaml';
import { typeOfObject, type StoredObject } from '../doubles/k8s/index.ts';
import { runCli } from '../helpers/cli.ts';
import { cannedProbe, startHarness, type Harness } from '../cluster/harness.ts';

const PROXY_PASSWORD = 'Pr0xy-Pa55w0rd';
const SAS_SIG = 'U0FTc2lnbmF0dXJlU0VDUkVU';
const PROFILE = {
  cluster: { apiServerFqdn: 'prod-aks-1a2b.hcp.eastus.azmk8s.io', region: 'eastus' },
  workspace: { acr: 'prodacr', storageAccount: 'prodsa' },
  proxy: { url: `http://aks-egress:${PROXY_PASSWORD}@proxy.contoso.example:3128`, noProxy: '.svc,.cluster.local' },
  dependencies: [`https://prodsa.blob.core.windows.net/models/m.pkl?sv=2022-11-02&sp=r&sig=${SAS_SIG}`, 'tcp://cache.contoso.example:6380'],
};
const SECRETS = [PROXY_PASSWORD, SAS_SIG];
const b64 = (s: string) => Buffer.from(s).toString('base64');
/** A secret's plain text, or its base64 as a Secret's data would carry it (any alignment). */
function shows(text: string, secret: string): boolean {
  if (text.includes(secret)) return true;
  return [0, 1, 2].some((shift) => text.includes(b64(`${'x'.repeat(shift)}${secret}`).slice(Math.ceil((shift * 4) / 3) + 2, -4)));
}

type PodSpec = {
  volumes: { name: string; secret?: { secretName: string } }[];
  containers: { args: string[] }[];
  tolerations?: unknown[];
};
type JobSpec = { template: { spec: PodSpec } };
type Obj = {
  kind: string;
  metadata: { name: string; labels?: Record<string, string> };
  data?: Record<string, string>;
  spec?: JobSpec & { jobTemplate: { spec: JobSpec } };
};
const podSpec = (o: Obj): PodSpec => (o.kind === 'CronJob' ? o.spec!.jobTemplate.spec.template.spec : o.spec!.template.spec);

let h: Harness;
before(async () => {
  h = await startHarness({ workloads: { run: cannedProbe } });
});
after(() => h?.stop());

describe('cluster manifests', () => {
  test('prints no secret value, not even base64; the Jobs mount the Secret it tells you how to create', { timeout: 30_000 }, async () => {
    const r = await runCli([
      'cluster',
      'manifests',
      '-c',
      h.writeProfile(PROFILE),
      '--node-pool',
      'gpu',
      '--toleration',
      'sku=gpu:NoSchedule',
    ]);
    assert.equal(r.code, 0, r.stderr);
    for (const s of SECRETS) assert.ok(!shows(r.stdout, s), `the manifests show ${s}`);
    assert.match(
      r.stdout,
      /^# {3}kubectl -n aml-preflight create secret generic aml-preflight-profile-secret --from-file=profile\.yaml=aml-preflight-secret\.yaml$/m,
    );
    assert.match(r.stdout, /^# The profile's secret parts \(proxy\.url, dependencies\)/m);
    const objects = parseAllDocuments(r.stdout)
      .map((d) => d.toJS() as Obj)
      .filter(Boolean);
    assert.ok(!objects.some((o) => o.kind === 'Secret'), 'no Secret object is printed');
    const map = parse(objects.find((o) => o.kind === 'ConfigMap')!.data!['profile.yaml']!);
    assert.deepEqual(map.proxy, { noProxy: '.svc,.cluster.local' });
    assert.equal(map.dependencies, undefined);
    const pod = podSpec(objects.find((o) => o.kind === 'Job')!);
    assert.deepEqual(
      pod.volumes.find((v: { name: string }) => v.name === 'profile-secret'),
      { name: 'profile-secret', secret: { secretName: 'aml-preflight-profile-secret' } },
    );
    assert.deepEqual(pod.containers[0].args.slice(0, 6), [
      'cluster',
      'probe',
      '--config',
      '/etc/aml-preflight/profile.yaml',
      '--config',
      '/etc/aml-preflight-secret/profile.yaml',
    ]);
    assert.deepEqual(pod.tolerations, [{ key: 'sku', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' }]);
  });

  test('a profile without secrets gets no Secret and no comment, and its plain dependencies stay in the ConfigMap', {
    timeout: 30_000,
  }, async () => {
    const { proxy, ...plain } = PROFILE;
    const dependencies = ['https://features.contoso.example/health', 'tcp://10.0.0.5:5432'];
    const r = await runCli(['cluster', 'manifests', '-c', h.writeProfile({ ...plain, dependencies })]);
    assert.equal(r.code, 0, r.stderr);
    assert.doesNotMatch(r.stdout, /secret/i);
    for (const dependency of dependencies) assert.ok(r.stdout.includes(dependency), `${dependency} is in the ConfigMap`);
  });
});

const CONFIG_MAP = typeOfObject('v1', 'ConfigMap')!;
const SECRET = typeOfObject('v1', 'Secret')!;
const JOB = typeOfObject('batch/v1', 'Job')!;

describe('cluster run', () => {
  test("creates the Secret through the API, keeps the ConfigMap free of secrets, mounts it, and tolerates exactly the pool's taints", {
    timeout: 90_000,
  }, async () => {
    const r = await h.run(['-c', h.writeProfile(PROFILE), '--all-node-pools', '--keep', '-o', 'json'], 60_000);
    assert.ok(r.code === 0 || r.code === 1, r.stderr);
    for (const s of SECRETS) assert.ok(!shows(r.stdout + r.stderr, s), `the run printed ${s}`);
    const map = h.api.store.get(CONFIG_MAP, 'aml-preflight', 'aml-preflight-profile');
    for (const s of SECRETS) assert.ok(!shows(JSON.stringify(map), s), `the ConfigMap holds ${s}`);
    const secret = h.api.store.get(SECRET, 'aml-preflight', 'aml-preflight-profile-secret');
    assert.equal(secret.metadata.labels?.['app.kubernetes.io/managed-by'], 'aml-preflight');
    const held = parse(Buffer.from((secret.data as Record<string, string>)['profile.yaml']!, 'base64').toString());
    assert.deepEqual(held, { proxy: { url: PROFILE.proxy.url }, dependencies: PROFILE.dependencies });
    const jobs = h.api.store.list(JOB, { namespace: 'aml-preflight' });
    assert.equal(jobs.length, 2);
    for (const job of jobs) {
      const pod = podSpec(job as unknown as Obj);
      assert.ok(
        pod.volumes.some((v: { secret?: { secretName: string } }) => v.secret?.secretName === 'aml-preflight-profile-secret'),
        job.metadata.name,
      );
      assert.ok(pod.containers[0].args.includes('/etc/aml-preflight-secret/profile.yaml'));
      // The GPU pool's nodes carry sku=gpu:NoSchedule; the system pool none.
      assert.deepEqual(
        pod.tolerations,
        job.metadata.name === 'aml-preflight-gpu' ? [{ key: 'sku', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' }] : undefined,
        job.metadata.name,
      );
    }
  });

  for (const kind of ['ConfigMap', 'Secret'] as const) {
    test(`an aml-preflight-profile ${kind} that aml-preflight did not create is neither replaced nor deleted`, {
      timeout: 90_000,
    }, async () => {
      const type = kind === 'ConfigMap' ? CONFIG_MAP : SECRET;
      const name = kind === 'ConfigMap' ? 'aml-preflight-profile' : 'aml-preflight-profile-secret';
      const theirs = {
        apiVersion: 'v1',
        kind,
        metadata: { name, namespace: 'aml-preflight', labels: { team: 'platform' } } as unknown as StoredObject['metadata'],
        data: { 'profile.yaml': kind === 'Secret' ? b64('theirs: true\n') : 'theirs: true\n' },
      };
      for (const t of [CONFIG_MAP, SECRET]) {
        for (const n of ['aml-preflight-profile', 'aml-preflight-profile-secret']) {
          try {
            h.api.store.delete(t, 'aml-preflight', n);
          } catch {
            // not there
          }
        }
      }
      h.api.store.load([theirs]);
      const r = await h.run(['-c', h.writeProfile(PROFILE), '-o', 'json'], 60_000);
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, new RegExp(`${kind.toLowerCase()} aml-preflight/${name} exists and was not created by aml-preflight`));
      const after = h.api.store.get(type, 'aml-preflight', name);
      assert.deepEqual(after.data, theirs.data);
      assert.deepEqual(after.metadata.labels, { team: 'platform' });
      // Nothing of ours is left behind beside it.
      const other = kind === 'ConfigMap' ? SECRET : CONFIG_MAP;
      assert.throws(() =>
        h.api.store.get(other, 'aml-preflight', kind === 'ConfigMap' ? 'aml-preflight-profile-secret' : 'aml-preflight-profile'),
      );
    });
  }
});

test('-c twice: the later profile wins key by key (how the pod reads the ConfigMap and the Secret)', { timeout: 30_000 }, async () => {
  const shown = h.writeProfile({ cluster: PROFILE.cluster, proxy: { noProxy: '.svc' } });
  const secret = h.writeProfile({ proxy: { url: 'http://u:pw@127.0.0.1:9' }, dependencies: ['tcp://127.0.0.1:1'] });
  const r = await runCli(['check', '-c', shown, '-c', secret, '--only', 'dependency', '--timeout', '1000', '-o', 'json']);
  const report = JSON.parse(r.stdout) as { target: Record<string, unknown>; checks: { id: string }[] };
  assert.deepEqual(report.target.proxy, { noProxy: '.svc', url: 'http://***@127.0.0.1:9' });
  assert.deepEqual(report.target.cluster, PROFILE.cluster);
  assert.deepEqual(
    report.checks.map((c) => c.id),
    ['dependency@127.0.0.1:1/tcp'],
  );
});
