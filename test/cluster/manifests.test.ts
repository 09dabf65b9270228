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
import { CLUSTER_ROLE_RULES, CONTAINER_SECURITY_CONTEXT, POD_SECURITY_CONTEXT, RESOURCES } from '../../src/cluster/manifests.ts';
import { TOOL } from '../../src/tool.ts';
import { runCli } from '../helpers/cli.ts';

type Obj = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string; labels?: Record<string, string> }; [k: string]: any };
const DEPLOY = new URL('../../deploy/', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'aml-preflight-manifests-'));
const docs = (text: string): Obj[] => parseAllDocuments(text).map((d) => (d as { toJS(): Obj }).toJS()).filter(Boolean);

/** Every field survives deserializing into the API's models and back: nothing unknown, nothing misspelt. */
function assertKnownToKubernetes(o: Obj): void {
  const type = `V1${o.kind}`;
  const roundTrip = ObjectSerializer.serialize(ObjectSerializer.deserialize(structuredClone(o), type, ''), type, '');
  assert.deepEqual(JSON.parse(JSON.stringify(roundTrip)), JSON.parse(JSON.stringify(o)), `${o.kind} ${o.metadata.name}`);
}

function podSpecOf(o: Obj): any {
  return o.kind === 'CronJob' ? o.spec.jobTemplate.spec.template.spec : o.spec.template.spec;
}

function assertLockedDown(o: Obj): void {
  const pod = podSpecOf(o);
  const jobSpec = o.kind === 'CronJob' ? o.spec.jobTemplate.spec : o.spec;
  assert.deepEqual(pod.securityContext, { runAsNonRoot: true, runAsUser: 65532, runAsGroup: 65532, seccompProfile: { type: 'RuntimeDefault' } });
  const c = pod.containers[0];
  assert.deepEqual(c.securityContext, { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true, capabilities: { drop: ['ALL'] } });
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
    writeFileSync(profile, `cluster: { apiServerFqdn: prod-aks-1a2b.hcp.eastus.azmk8s.io, region: eastus }\nworkspace: { acr: prodacr, storageAccount: prodsa }\ntls: { caFile: ${ca} }\n`);
    const r = await runCli(['cluster', 'manifests', '-c', profile, '--node-pool', 'system', '--node-pool', 'gpu', '--image', 'prodacr.azurecr.io/aml-preflight:0.1.0', '--load', 'churn:20:1', '--timeout', '3000']);
    assert.equal(r.code, 0, r.stderr);
    assert.doesNotMatch(r.stdout, /&a\d|\*a\d/, 'no YAML anchors: some GitOps tools choke on them');
    const objects = docs(r.stdout);
    assert.deepEqual(objects.map((o) => `${o.kind}/${o.metadata.name}`), [
      'Namespace/aml-preflight', 'ServiceAccount/aml-preflight', 'ClusterRole/aml-preflight-reader', 'ClusterRoleBinding/aml-preflight-reader',
      'ConfigMap/aml-preflight-profile', 'Job/aml-preflight-system', 'Job/aml-preflight-gpu',
    ]);
    objects.forEach(assertKnownToKubernetes);
    const [system, gpu] = objects.filter((o) => o.kind === 'Job');
    for (const job of [system, gpu]) assertLockedDown(job);
    assert.deepEqual(podSpecOf(gpu).affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms, [
      { matchExpressions: [{ key: 'kubernetes.azure.com/agentpool', operator: 'In', values: ['gpu'] }] },
      { matchExpressions: [{ key: 'agentpool', operator: 'In', values: ['gpu'] }] },
    ]);
    assert.deepEqual(podSpecOf(system).containers[0].args, ['cluster', 'probe', '--config', '/etc/aml-preflight/profile.yaml', '--timeout', '3000', '--compliance', '--load', 'churn:20:1']);
    assert.deepEqual(podSpecOf(gpu).containers[0].args, ['cluster', 'probe', '--config', '/etc/aml-preflight/profile.yaml', '--timeout', '3000'], 'the compliance rules run once');
    const cm = objects.find((o) => o.kind === 'ConfigMap')!;
    assert.match(cm.data['ca.pem'], /BEGIN CERTIFICATE/, 'the local CA file travels with the profile');
    assert.deepEqual(parse(cm.data['profile.yaml']), { cluster: { apiServerFqdn: 'prod-aks-1a2b.hcp.eastus.azmk8s.io', region: 'eastus' }, workspace: { acr: 'prodacr', storageAccount: 'prodsa' }, tls: { caFile: '/etc/aml-preflight/ca.pem' } });
    assert.equal(objects.find((o) => o.kind === 'Namespace')!.metadata.labels!['pod-security.kubernetes.io/enforce'], 'restricted');
  });

  test('--schedule makes a CronJob that never overlaps itself', async () => {
    const r = await runCli(['cluster', 'manifests', '--schedule', '0 */6 * * *']);
    assert.equal(r.code, 0, r.stderr);
    const cron = docs(r.stdout).find((o) => o.kind === 'CronJob')!;
    assertKnownToKubernetes(cron);
    assertLockedDown(cron);
    assert.equal(cron.spec.schedule, '0 */6 * * *');
    assert.equal(cron.spec.concurrencyPolicy, 'Forbid');
    assert.ok(!docs(r.stdout).some((o) => o.kind === 'Job'));
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
  test('its ClusterRole is the one the code grants itself (and a test checks the code uses exactly that)', () => {
    const role = parse(readFileSync(join(DEPLOY, 'clusterrole.yaml'), 'utf8'));
    assert.deepEqual(role.rules, CLUSTER_ROLE_RULES);
  });

  const kubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' });
  test('kubectl kustomize builds it: the objects, locked down, the profile wired in by its hashed name', { skip: kubectl.status !== 0 && 'kubectl is not installed (apt-get install kubectl, or kubernetes-client)' }, () => {
    const built = spawnSync('kubectl', ['kustomize', DEPLOY], { encoding: 'utf8' });
    assert.equal(built.status, 0, built.stderr);
    const objects = docs(built.stdout);
    assert.deepEqual(objects.map((o) => o.kind).sort(), ['ClusterRole', 'ClusterRoleBinding', 'ConfigMap', 'CronJob', 'Job', 'Namespace', 'ServiceAccount']);
    objects.forEach(assertKnownToKubernetes);
    const cm = objects.find((o) => o.kind === 'ConfigMap')!;
    assert.match(cm.metadata.name, /^aml-preflight-profile-[a-z0-9]{10}$/);
    for (const kind of ['Job', 'CronJob']) {
      const o = objects.find((x) => x.kind === kind)!;
      assertLockedDown(o);
      const pod = podSpecOf(o);
      assert.equal(o.metadata.namespace, 'aml-preflight');
      assert.deepEqual(pod.volumes, [{ name: 'profile', configMap: { name: cm.metadata.name } }]);
      assert.equal(pod.containers[0].image, `aml-preflight:${TOOL.version}`, 'the base\'s image tag follows the package version');
      assert.deepEqual(pod.securityContext, POD_SECURITY_CONTEXT);
      assert.deepEqual(pod.containers[0].securityContext, CONTAINER_SECURITY_CONTEXT);
      assert.deepEqual(pod.containers[0].resources, RESOURCES);
      assert.equal(pod.serviceAccountName, 'aml-preflight');
    }
    assert.equal(objects.find((o) => o.kind === 'CronJob')!.spec.concurrencyPolicy, 'Forbid');
    const binding = objects.find((o) => o.kind === 'ClusterRoleBinding')!;
    assert.deepEqual(binding.subjects, [{ kind: 'ServiceAccount', name: 'aml-preflight', namespace: 'aml-preflight' }]);
  });
});
