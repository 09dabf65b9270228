// The extension's HealthCheck (config map arcml-healthcheck and recent Warning events
// in namespace azureml), read through the real client from the Kubernetes API
// double, and E45003 joined with the outbound checks the same run found failing.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadCatalog } from '../../src/catalog/load.ts';
import { runInClusterPreflight } from '../../src/cluster/in-cluster-preflight.ts';
import { connectKube } from '../../src/kube/client.ts';
import type { Profile } from '../../src/config/profile.ts';
import { EXTENSION_LAB_HOSTS, extensionTarget } from '../../src/lab/extension-scenario.ts';
import { startLab, type HostFault } from '../../src/lab/lab.ts';
import type { CheckResult } from '../../src/types.ts';
import { startKubeApi, type StoredObject } from '../doubles/k8s/index.ts';

// Plain objects as kubectl shows them; the double fills in uid, resourceVersion and the rest.
type Objects = object[];

const healthCheckMap = (data: Record<string, string>) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'arcml-healthcheck', namespace: 'azureml' },
  data,
});
const event = (reason: string, message: string, agoMs: number, type = 'Warning') => ({
  apiVersion: 'v1',
  kind: 'Event',
  metadata: { name: `healthcheck.${reason.toLowerCase()}${agoMs}`, namespace: 'azureml' },
  type,
  reason,
  message,
  involvedObject: { kind: 'Pod', name: 'healthcheck', namespace: 'azureml' },
  lastTimestamp: new Date(Date.now() - agoMs).toISOString(),
  count: 1,
});

const FAILED_PRE_INSTALL = [
  'Pre-install check result:',
  '  network connectivity: failed',
  '  error code: E45003, message: BAD_NETWORK_CONNECTIVITY',
].join('\n');

/** The extension's in-cluster run from a pod: the outbound checks against the extension lab (with `faults`), the HealthCheck through the API double. */
async function run(objects: Objects, faults: Record<string, HostFault> = {}): Promise<CheckResult> {
  const lab = await startLab({ faults, hosts: EXTENSION_LAB_HOSTS });
  const api = await startKubeApi({ objects: objects as Partial<StoredObject>[] });
  try {
    const dir = mkdtempSync(join(tmpdir(), 'aml-preflight-ext-'));
    const kubeconfig = api.writeKubeconfig(dir, api.addUser('reader', ['system:masters']));
    // The pod trusts the lab's CA as a user's pod would trust an inspecting proxy's: through tls.caFile.
    const caFile = join(dir, 'lab-ca.pem');
    writeFileSync(caFile, lab.caPem);
    const profile: Profile = {
      ...extensionTarget(lab.target),
      dns: { servers: [lab.dnsServer] },
      connectTo: lab.connectTo,
      tls: { caFile },
      timeoutMs: 3000,
    };
    const { report } = await runInClusterPreflight({
      profile,
      catalog: loadCatalog(),
      run: { only: ['extension-install', 'extension-run'] },
      env: {},
      kube: await connectKube({ kubeconfig }),
      apiTimeoutMs: 3000,
    });
    return report.checks.find((c) => c.requirement === 'ext-healthcheck')!;
  } finally {
    await api.stop();
    await lab.stop();
  }
}

test('E45003 in the pre-install HealthCheck fails, and names the hosts this run found blocked', async () => {
  const check = await run(
    [
      healthCheckMap({ 'pre-install': FAILED_PRE_INSTALL, 'pre-delete': 'passed' }),
      event('BackoffLimitExceeded', 'Job has reached the specified backoff limit', 60_000),
    ],
    {
      'eastus.dp.kubernetesconfiguration.azure.com': { dns: { rcode: 'NXDOMAIN' } },
    },
  );
  assert.equal(check.status, 'fail');
  assert.equal(check.code, 'EXTENSION_HEALTHCHECK_FAILED');
  assert.match(check.message, /pre-install: E45003 BAD_NETWORK_CONNECTIVITY/);
  assert.match(
    check.message,
    /the hosts behind E45003, blocked in this run: eastus\.dp\.kubernetesconfiguration\.azure\.com \(DNS_NXDOMAIN\)/,
  );
  assert.match(check.message, /latest warning event: BackoffLimitExceeded on Pod\/healthcheck/);
  assert.deepEqual(
    (check.evidence.blockedHosts as { host: string }[]).map((h) => h.host),
    ['eastus.dp.kubernetesconfiguration.azure.com'],
  );
});

test('E45003 with every outbound check passing says where else to look', async () => {
  const check = await run([healthCheckMap({ 'pre-install': FAILED_PRE_INSTALL })]);
  assert.equal(check.code, 'EXTENSION_HEALTHCHECK_FAILED');
  assert.match(check.message, /no outbound check of this run failed/);
});

test('E45005 (a v1 azureml-fe in the way) is reported with its name; old and Normal events are left out', async () => {
  const check = await run([
    healthCheckMap({ 'pre-install': 'E45005: AZUREML_FE_DEPLOYMENT_CONFLICT' }),
    event('Old', 'long ago', 3 * 3600_000),
    event('Scheduled', 'fine', 1000, 'Normal'),
  ]);
  assert.equal(check.status, 'fail');
  assert.match(check.message, /E45005 AZUREML_FE_DEPLOYMENT_CONFLICT/);
  assert.doesNotMatch(check.message, /hosts behind/);
  assert.deepEqual(check.evidence.warningEvents, []);
});

test('a clean HealthCheck passes; no report at all means the extension is not installed yet', async () => {
  const clean = await run([healthCheckMap({ 'pre-install': 'all checks passed', 'pre-upgrade': 'all checks passed' })]);
  assert.equal(clean.status, 'pass', clean.message);
  assert.match(clean.message, /reports no error \(parts: pre-install, pre-upgrade\)/);
  const none = await run([]);
  assert.equal(none.status, 'pass', none.message);
  assert.match(none.message, /no HealthCheck report .*not been installed/);
});
