// The migration rules (rule set aml-migration) over a v1 cluster dump, as
// `kubectl get -o yaml` prints it, with and without the steps the move needs,
// offline and live through the Kubernetes API double.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { parse, stringify } from 'yaml';
import { startKubeApi, type StoredObject } from '../doubles/k8s/index.ts';
import { runCli } from '../helpers/cli.ts';
import type { CheckResult, Report } from '../../src/types.ts';

type K8sObject = { kind: string; metadata: { name: string; namespace?: string; annotations?: Record<string, string> }; spec?: unknown };

const V1_FILE = new URL('./fixtures/v1-cluster.yaml', import.meta.url).pathname;
const v1 = (): K8sObject[] => parse(readFileSync(V1_FILE, 'utf8')).items;
const dir = mkdtempSync(join(tmpdir(), 'aml-preflight-migration-'));

const annotated = (objects: K8sObject[]): K8sObject[] =>
  objects.map((o) =>
    o.kind === 'Deployment' && o.metadata.name === 'azureml-fe'
      ? { ...o, metadata: { ...o.metadata, annotations: { ...o.metadata.annotations, 'azureml-fe-enable-upgrade': 'true' } } }
      : o,
  );

let files = 0;
function dump(objects: K8sObject[]): string {
  const file = join(dir, `dump-${files++}.yaml`);
  writeFileSync(file, stringify({ apiVersion: 'v1', kind: 'List', items: objects }));
  return file;
}

async function audit(
  file: string,
  ...args: string[]
): Promise<{ code: number | null; report: Report; byRule: Record<string, CheckResult> }> {
  const r = await runCli(['audit', '--rule-set', 'aml-migration', '--from-manifests', file, '-o', 'json', ...args]);
  assert.ok(r.stdout.startsWith('{'), r.stderr);
  const report = JSON.parse(r.stdout) as Report;
  return { code: r.code, report, byRule: Object.fromEntries(report.checks.map((c) => [c.requirement, c])) };
}

describe('audit --rule-set aml-migration --from-manifests', () => {
  test('a v1 router without the upgrade annotation fails, with the exact command to run first', async () => {
    const { code, byRule } = await audit(V1_FILE, '--compute-namespace', 'ml-v2');
    assert.equal(code, 1);
    const check = byRule['migration-fe-upgrade-annotation'];
    assert.equal(check.status, 'fail');
    assert.equal(check.code, 'MIGRATION_FE_NOT_ANNOTATED');
    assert.match(check.message, /default\/azureml-fe does not carry the annotation/);
    assert.ok(
      check.remediation!.startsWith('kubectl annotate deployment azureml-fe -n default azureml-fe-enable-upgrade=true'),
      check.remediation,
    );
    assert.match(check.remediation!, /scoringFe\.enableUpgrade=true/);
  });

  test('passes once the annotation is set and the compute has a namespace of its own', async () => {
    const { code, report, byRule } = await audit(dump(annotated(v1())), '--compute-namespace', 'ml-v2');
    assert.equal(
      code,
      0,
      JSON.stringify(
        report.checks.filter((c) => c.status !== 'pass'),
        null,
        1,
      ),
    );
    assert.equal(byRule['migration-fe-upgrade-annotation'].status, 'pass');
    assert.equal(report.summary.fail, 0);
    assert.deepEqual(report.checks.map((c) => c.requirement).sort(), [
      'migration-compute-namespace',
      'migration-fe-upgrade-annotation',
      'migration-firewall-difference',
      'migration-no-hpa',
    ]);
  });

  test('an annotation set to anything but "true" still fails', async () => {
    const objects = v1().map((o) =>
      o.metadata.name === 'azureml-fe' ? { ...o, metadata: { ...o.metadata, annotations: { 'azureml-fe-enable-upgrade': 'false' } } } : o,
    );
    const { byRule } = await audit(dump(objects), '--compute-namespace', 'ml-v2');
    assert.equal(byRule['migration-fe-upgrade-annotation'].code, 'MIGRATION_FE_NOT_ANNOTATED');
    assert.match(byRule['migration-fe-upgrade-annotation'].message, /carries azureml-fe-enable-upgrade="false"/);
  });

  test('the compute in the v1 workspace namespace fails; without --compute-namespace the rule cannot decide', async () => {
    const conflict = await audit(dump(annotated(v1())), '--compute-namespace', 'azureml-ws1');
    assert.equal(conflict.code, 1);
    assert.equal(conflict.byRule['migration-compute-namespace'].code, 'MIGRATION_NAMESPACE_CONFLICT');
    assert.match(conflict.byRule['migration-compute-namespace'].remediation!, /az ml compute attach .* --namespace NAMESPACE/);
    const unknown = await audit(dump(annotated(v1())));
    assert.equal(unknown.byRule['migration-compute-namespace'].status, 'skip');
    assert.match(unknown.byRule['migration-compute-namespace'].message, /--compute-namespace/);
  });

  test('an HPA on a model deployment fails the move', async () => {
    const hpa = {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'churn-hpa', namespace: 'azureml-ws1' },
      spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'churn-model' }, maxReplicas: 5 },
    };
    const { code, byRule } = await audit(dump([...annotated(v1()), hpa]), '--compute-namespace', 'ml-v2');
    assert.equal(code, 1);
    assert.equal(byRule['migration-no-hpa'].code, 'HPA_ON_MODEL');
    assert.match(byRule['migration-no-hpa'].message, /azureml-ws1\/churn-hpa -> deployment azureml-ws1\/churn-model/);
  });

  test('names what the firewall may close after the move and what it must newly open', async () => {
    const { byRule } = await audit(V1_FILE, '--compute-namespace', 'ml-v2');
    const diff = byRule['migration-firewall-difference'];
    const evidence = diff.evidence as {
      retired: { fqdn: string }[];
      added: { fqdn: string }[];
      retiredInCluster: string[];
      addedInCluster: string[];
    };
    assert.deepEqual(
      evidence.retired.map((r) => r.fqdn),
      ['api.azureml.ms'],
    );
    for (const f of [
      '{region}.dp.kubernetesconfiguration.azure.com',
      '{workspaceId}.workspace.{region}.api.azureml.ms',
      '*.queue.core.windows.net',
      '*.kusto.windows.net',
    ]) {
      assert.ok(
        evidence.added.some((a) => a.fqdn === f),
        `${f} not named as new`,
      );
    }
    // The API server and the AKS egress stay, whatever runs on the cluster; covered hosts are not new.
    assert.ok(!evidence.retired.some((r) => /azmk8s|mcr/.test(r.fqdn)));
    assert.ok(!evidence.added.some((a) => a.fqdn === 'mcr.microsoft.com' || a.fqdn === '{storageAccount}.blob.core.windows.net'));
    assert.ok(evidence.retiredInCluster.includes('router-peer-connect') && evidence.addedInCluster.includes('ext-model-identity-proxy'));
    assert.match(diff.message, /no longer needed by aml: api\.azureml\.ms; newly needed: /);
  });

  test("the report lists the migration's phases, and a plain audit neither runs the migration rules nor changes its phases", async () => {
    const migration = await audit(V1_FILE);
    assert.deepEqual(
      migration.report.phases.map((p) => p.id),
      ['extension-install', 'extension-run', 'model-serve'],
    );
    const r = await runCli(['audit', '--from-manifests', V1_FILE, '-o', 'json']);
    const plain = JSON.parse(r.stdout) as Report;
    assert.ok(!plain.checks.some((c) => c.requirement.startsWith('migration-')));
    assert.deepEqual(
      plain.phases.map((p) => p.id),
      ['router-deploy', 'router-start', 'router-run', 'model-deploy', 'model-serve'],
    );
  });

  test('a bad --compute-namespace or an unknown rule set is one line and exit 2', async () => {
    const bad = await runCli([
      'audit',
      '--rule-set',
      'aml-migration',
      '--from-manifests',
      V1_FILE,
      '--compute-namespace',
      'Not_A_Namespace',
    ]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--compute-namespace: "Not_A_Namespace" is not a Kubernetes namespace name/);
    const unknown = await runCli(['audit', '--rule-set', 'aml-migrate', '--from-manifests', V1_FILE]);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown rule set "aml-migrate"/);
    assert.equal(unknown.stderr.trim().split('\n').length, 1);
  });
});

test('audit --rule-set aml-migration live, through the Kubernetes API: the same verdicts as offline', async () => {
  for (const [objects, expected] of [
    [v1(), 'fail'],
    [annotated(v1()), 'pass'],
  ] as const) {
    const api = await startKubeApi({ objects: objects as unknown as Partial<StoredObject>[] });
    try {
      const kubeconfig = api.writeKubeconfig(mkdtempSync(join(dir, 'live-')), api.addUser('auditor', ['system:masters']));
      const r = await runCli([
        'audit',
        '--rule-set',
        'aml-migration',
        '--kubeconfig',
        kubeconfig,
        '--compute-namespace',
        'ml-v2',
        '-o',
        'json',
      ]);
      const report = JSON.parse(r.stdout) as Report;
      const check = report.checks.find((c) => c.requirement === 'migration-fe-upgrade-annotation')!;
      assert.equal(check.status, expected, check.message);
      assert.equal(r.code, expected === 'fail' ? 1 : 0);
    } finally {
      await api.stop();
    }
  }
});
