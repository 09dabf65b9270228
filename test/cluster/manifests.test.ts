// What `cluster manifests` prints and what deploy/ builds: Kubernetes objects
// every field of which the API's own models know (a round trip through
// @kubernetes/client-node's serializer drops anything misspelt), with the
// security settings a restricted namespace demands, and the same objects
// `cluster run` creates.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { parse, parseAllDocuments } from 'yaml';
import { ObjectSerializer } from '@kubernetes/client-node/dist/gen/models/ObjectSerializer.js';
import {
  AUDIT_ROLE_RULES,
  CLUSTER_ROLE_RULES,
  CONTAINER_SECURITY_CONTEXT,
  POD_SECURITY_CONTEXT,
  RESOURCES,
} from '../../src/cluster/manifests.ts';
import { TOOL } from '../../src/tool.ts';
import { runCli } from '../helpers/cli.ts';

type Container = {
  image?: string;
  args?: string[];
  env: { name: string }[];
  securityContext?: unknown;
  resources: { requests: Record<string, string>; limits: Record<string, string> };
};
type PodSpec = {
  securityContext?: unknown;
  restartPolicy?: string;
  nodeSelector: Record<string, string>;
  volumes?: unknown[];
  serviceAccountName?: string;
  affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: unknown[] } } };
  containers: Container[];
};
type JobSpec = { backoffLimit?: number; activeDeadlineSeconds: number; ttlSecondsAfterFinished: number; template: { spec: PodSpec } };
/** The spec of a Job or CronJob: the fields these tests read. */
type WorkloadSpec = JobSpec & { schedule?: string; concurrencyPolicy?: string; jobTemplate: { spec: JobSpec } };
type Obj = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  spec: WorkloadSpec;
  data: Record<string, string>;
  [k: string]: unknown;
};
const DEPLOY = new URL('../../deploy/', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'aml-preflight-manifests-'));
// The scheduled audit's command, as docs/audits.md promises it.
const AUDIT_ARGS = ['audit', 'run', '--config', '/etc/aml-preflight/profile.yaml', '--jitter-seconds', '300', '--keep', '30', '-o', 'json'];
const docs = (text: string): Obj[] =>
  parseAllDocuments(text)
    .map((d) => (d as { toJS(): Obj }).toJS())
    .filter(Boolean);

/** Every field survives deserializing into the API's models and back: nothing unknown, nothing misspelt. */
function assertKnownToKubernetes(o: Obj): void {
  const type = `V1${o.kind}`;
  const roundTrip = ObjectSerializer.serialize(ObjectSerializer.deserialize(structuredClone(o), type, ''), type, '');
  assert.deepEqual(JSON.parse(JSON.stringify(roundTrip)), JSON.parse(JSON.stringify(o)), `${o.kind} ${o.metadata.name}`);
}

function podSpecOf(o: Obj): PodSpec {
  return o.kind === 'CronJob' ? o.spec.jobTemplate.spec.template.spec : o.spec.template.spec;
}

function assertLockedDown(o: Obj): void {
  const pod = podSpecOf(o);
  const jobSpec = o.kind === 'CronJob' ? o.spec.jobTemplate.spec : o.spec;
  assert.deepEqual(pod.securityContext, {
    runAsNonRoot: true,
    runAsUser: 65532,
    runAsGroup: 65532,
    seccompProfile: { type: 'RuntimeDefault' },
  });
  const c = pod.containers[0];
  assert.deepEqual(c.securityContext, {
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem: true,
    runAsNonRoot: true,
    capabilities: { drop: ['ALL'] },
  });
  assert.ok(c.resources.requests.cpu && c.resources.requests.memory && c.resources.limits.cpu && c.resources.limits.memory);
  assert.equal(pod.restartPolicy, 'Never');
  assert.equal(jobSpec.backoffLimit, 0);
  assert.ok(jobSpec.activeDeadlineSeconds > 0 && jobSpec.ttlSecondsAfterFinished > 0);
  assert.equal(pod.nodeSelector['kubernetes.io/os'], 'linux');
}

describe('cluster manifests', () => {
  test('prints the namespace, RBAC, profile and one pinned Job per node pool, all valid and locked down', async () => {
    const ca = join(dir, 'corp-ca.pem');
    writeFileSync(ca, '-----BEGIN CERTIFICATE-----\nMIIBfake\n-----END CERTIFICATE-----\n');
    const profile = join(dir, 'preflight.yaml');
    writeFileSync(
      profile,
      `cluster: { apiServerFqdn: prod-aks-1a2b.hcp.eastus.azmk8s.io, region: eastus }\nworkspace: { acr: prodacr, storageAccount: prodsa }\ntls: { caFile: ${ca} }\n`,
    );
    const r = await runCli([
      'cluster',
      'manifests',
      '-c',
      profile,
      '--node-pool',
      'system',
      '--node-pool',
      'gpu',
      '--image',
      'prodacr.azurecr.io/aml-preflight:0.1.0',
      '--load',
      'churn:20:1',
      '--timeout',
      '3000',
    ]);
    assert.equal(r.code, 0, r.stderr);
    assert.doesNotMatch(r.stdout, /&a\d|\*a\d/, 'no YAML anchors: some GitOps tools choke on them');
    const objects = docs(r.stdout);
    assert.deepEqual(
      objects.map((o) => `${o.kind}/${o.metadata.name}`),
      [
        'Namespace/aml-preflight',
        'ServiceAccount/aml-preflight',
        'ClusterRole/aml-preflight-reader',
        'ClusterRoleBinding/aml-preflight-reader',
        'ConfigMap/aml-preflight-profile',
        'Job/aml-preflight-system',
        'Job/aml-preflight-gpu',
      ],
    );
    objects.forEach(assertKnownToKubernetes);
    const [system, gpu] = objects.filter((o) => o.kind === 'Job');
    for (const job of [system, gpu]) assertLockedDown(job);
    assert.deepEqual(podSpecOf(gpu).affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms, [
      { matchExpressions: [{ key: 'kubernetes.azure.com/agentpool', operator: 'In', values: ['gpu'] }] },
      { matchExpressions: [{ key: 'agentpool', operator: 'In', values: ['gpu'] }] },
    ]);
    assert.deepEqual(podSpecOf(system).containers[0].args, [
      'cluster',
      'probe',
      '--config',
      '/etc/aml-preflight/profile.yaml',
      '--timeout',
      '3000',
      '--compliance',
      '--load',
      'churn:20:1',
    ]);
    assert.deepEqual(
      podSpecOf(gpu).containers[0].args,
      ['cluster', 'probe', '--config', '/etc/aml-preflight/profile.yaml', '--timeout', '3000'],
      'the compliance rules run once',
    );
    const cm = objects.find((o) => o.kind === 'ConfigMap')!;
    assert.match(cm.data['ca.pem'], /BEGIN CERTIFICATE/, 'the local CA file travels with the profile');
    assert.deepEqual(parse(cm.data['profile.yaml']), {
      cluster: { apiServerFqdn: 'prod-aks-1a2b.hcp.eastus.azmk8s.io', region: 'eastus' },
      workspace: { acr: 'prodacr', storageAccount: 'prodsa' },
      tls: { caFile: '/etc/aml-preflight/ca.pem' },
    });
    assert.equal(objects.find((o) => o.kind === 'Namespace')!.metadata.labels!['pod-security.kubernetes.io/enforce'], 'restricted');
  });

  test('--schedule makes the scheduled audit: a CronJob running audit run that never overlaps itself, and the Role it writes with', async () => {
    const r = await runCli([
      'cluster',
      'manifests',
      '--schedule',
      '0 */6 * * *',
      '--timeout',
      '3000',
      '--cluster-purpose',
      'FastProd',
      '-n',
      'audits',
    ]);
    assert.equal(r.code, 0, r.stderr);
    const objects = docs(r.stdout);
    assert.deepEqual(
      objects.map((o) => `${o.kind}/${o.metadata.name}`),
      [
        'Namespace/audits',
        'ServiceAccount/aml-preflight',
        'ClusterRole/aml-preflight-reader',
        'ClusterRoleBinding/aml-preflight-reader-audits',
        'ConfigMap/aml-preflight-profile',
        'Role/aml-preflight-audit',
        'RoleBinding/aml-preflight-audit',
        'CronJob/aml-preflight-audit',
      ],
    );
    objects.forEach(assertKnownToKubernetes);
    const cron = objects.find((o) => o.kind === 'CronJob')!;
    assertLockedDown(cron);
    assert.equal(cron.spec.schedule, '0 */6 * * *');
    assert.equal(cron.spec.concurrencyPolicy, 'Forbid');
    assert.deepEqual(podSpecOf(cron).containers[0].args, [...AUDIT_ARGS, '--timeout', '3000', '--cluster-purpose', 'FastProd']);
    const role = objects.find((o) => o.kind === 'Role')!;
    assert.equal(role.metadata.namespace, 'audits');
    assert.deepEqual(role.rules, AUDIT_ROLE_RULES);
    const binding = objects.find((o) => o.kind === 'RoleBinding')!;
    assert.deepEqual(
      [binding.metadata.namespace, binding.roleRef, binding.subjects],
      [
        'audits',
        { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'aml-preflight-audit' },
        [{ kind: 'ServiceAccount', name: 'aml-preflight', namespace: 'audits' }],
      ],
    );
  });

  for (const [args, expected] of [
    [['--schedule', 'every hour'], /--schedule: "every hour" is not a cron schedule/],
    [['--node-pool', 'System'], /--node-pool: "System" is not an AKS node pool name/],
    [['--tls-ca', 'x'], /Unknown option '--tls-ca'/],
  ] as [string[], RegExp][]) {
    test(`cluster manifests ${args.join(' ')}: one line, exit 2`, async () => {
      const r = await runCli(['cluster', 'manifests', ...args]);
      assert.equal(r.code, 2);
      assert.match(r.stderr, expected);
      assert.equal(r.stdout, '');
    });
  }
});

describe('deploy/ (kustomize base)', () => {
  test('its ClusterRole and Role are the ones the code grants itself (and a test checks the code uses exactly those)', () => {
    assert.deepEqual(parse(readFileSync(join(DEPLOY, 'clusterrole.yaml'), 'utf8')).rules, CLUSTER_ROLE_RULES);
    assert.deepEqual(parse(readFileSync(join(DEPLOY, 'role.yaml'), 'utf8')).rules, AUDIT_ROLE_RULES);
  });

  const kubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' });
  test('kubectl kustomize builds it: the objects, locked down, the profile wired in by its hashed name', {
    skip: kubectl.status !== 0 && 'kubectl is not installed (apt-get install kubectl, or kubernetes-client)',
  }, () => {
    const built = spawnSync('kubectl', ['kustomize', DEPLOY], { encoding: 'utf8' });
    assert.equal(built.status, 0, built.stderr);
    const objects = docs(built.stdout);
    assert.deepEqual(objects.map((o) => o.kind).sort(), [
      'ClusterRole',
      'ClusterRoleBinding',
      'ConfigMap',
      'CronJob',
      'Job',
      'Namespace',
      'Role',
      'RoleBinding',
      'ServiceAccount',
    ]);
    objects.forEach(assertKnownToKubernetes);
    const cm = objects.find((o) => o.kind === 'ConfigMap')!;
    assert.match(cm.metadata.name, /^aml-preflight-profile-[a-z0-9]{10}$/);
    for (const kind of ['Job', 'CronJob']) {
      const o = objects.find((x) => x.kind === kind)!;
      assertLockedDown(o);
      const pod = podSpecOf(o);
      assert.equal(o.metadata.namespace, 'aml-preflight');
      assert.deepEqual(pod.volumes, [{ name: 'profile', configMap: { name: cm.metadata.name } }]);
      assert.equal(pod.containers[0].image, `aml-preflight:${TOOL.version}`, "the base's image tag follows the package version");
      assert.deepEqual(pod.securityContext, POD_SECURITY_CONTEXT);
      assert.deepEqual(pod.containers[0].securityContext, CONTAINER_SECURITY_CONTEXT);
      assert.deepEqual(pod.containers[0].resources, RESOURCES);
      assert.equal(pod.serviceAccountName, 'aml-preflight');
    }
    const cron = objects.find((o) => o.kind === 'CronJob')!;
    assert.equal(cron.spec.concurrencyPolicy, 'Forbid');
    assert.deepEqual(podSpecOf(cron).containers[0].args, AUDIT_ARGS);
    assert.deepEqual(
      podSpecOf(cron).containers[0].env.map((e: { name: string }) => e.name),
      ['POD_NAME', 'POD_NAMESPACE', 'NODE_NAME'],
    );
    assert.deepEqual(podSpecOf(objects.find((o) => o.kind === 'Job')!).containers[0].args, [
      'cluster',
      'probe',
      '--config',
      '/etc/aml-preflight/profile.yaml',
      '--compliance',
    ]);
    for (const kind of ['ClusterRoleBinding', 'RoleBinding']) {
      assert.deepEqual(
        objects.find((o) => o.kind === kind)!.subjects,
        [{ kind: 'ServiceAccount', name: 'aml-preflight', namespace: 'aml-preflight' }],
        kind,
      );
    }
    assert.equal(objects.find((o) => o.kind === 'Role')!.metadata.namespace, 'aml-preflight');
  });
});
