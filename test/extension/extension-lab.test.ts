import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EXTENSION_LAB_HOSTS, EXTENSION_WORKSPACE_ID, extensionTarget } from '../../src/lab/extension-scenario.ts';
import { startLab, type HostFault } from '../../src/lab/lab.ts';
import type { ServiceKind } from '../../src/lab/services.ts';
import { runPreflight } from '../../src/preflight.ts';
import type { Report } from '../../src/types.ts';

// The extension's documented outbound list (how-to-access-azureml-behind-firewall,
// "Use Kubernetes compute"; AKS outbound rules, "Cluster extensions") for the lab's
// target, written out by hand so a catalog change that drops or renames a host fails here.
const DOCUMENTED_HOSTS = [
  'eastus.dp.kubernetesconfiguration.azure.com',
  'mcr.microsoft.com',
  'eastus.data.mcr.microsoft.com',
  `${EXTENSION_WORKSPACE_ID}.workspace.eastus.api.azureml.ms`,
  'eastus.api.azureml.ms',
  'eastus.experiments.azureml.net',
  'ingest-viennaeastus.kusto.windows.net',
  'demostore.table.core.windows.net',
  'demostore.queue.core.windows.net',
  'demostore.blob.core.windows.net',
  'demoacr.azurecr.io',
  'demoacr.eastus.data.azurecr.io',
];

async function extensionPreflight(faults: Record<string, HostFault> = {}, ruleSets = ['aml-extension']): Promise<Report> {
  const lab = await startLab({ faults, hosts: EXTENSION_LAB_HOSTS });
  try {
    const profile = { ...extensionTarget(lab.target), ruleSets, dns: { servers: [lab.dnsServer] }, connectTo: lab.connectTo };
    return await runPreflight(profile, { timeoutMs: 2000, caPems: [lab.caPem], env: {} });
  } finally {
    await lab.stop();
  }
}

test('a healthy extension lab: every documented host is probed to its last step and passes; in-cluster checks wait for a cluster run', async () => {
  const report = await extensionPreflight();
  const probed = [...new Set(report.checks.filter((c) => c.host).map((c) => c.host))].sort();
  assert.deepEqual(probed, [...DOCUMENTED_HOSTS].sort());
  const failed = report.checks.filter((c) => c.status === 'fail' || c.status === 'warn');
  assert.deepEqual(failed, []);
  for (const host of DOCUMENTED_HOSTS) {
    const kinds = report.checks.filter((c) => c.host === host && c.status === 'pass').map((c) => c.kind);
    assert.ok(kinds.includes('tls'), `${host}: TLS did not pass (${kinds})`);
  }
  const inCluster = report.checks.filter((c) => c.kind === 'k8s');
  assert.equal(inCluster.length, 6);
  assert.ok(inCluster.every((c) => c.status === 'skip' && /in-cluster run/.test(c.message)));
});

test("the report lists the extension's phases, in order, and not the v1 router's", async () => {
  const report = await extensionPreflight();
  assert.deepEqual(
    report.phases.map((p) => p.id),
    ['extension-install', 'extension-run', 'model-deploy', 'model-serve'],
  );
  assert.deepEqual(
    report.phases.map((p) => p.status),
    ['pass', 'pass', 'pass', 'skip'],
  );
});

test('the transition run (aml and aml-extension) lists both stacks: the v1 phases first', async () => {
  const report = await extensionPreflight({}, ['aml', 'aml-extension']);
  assert.deepEqual(
    report.phases.map((p) => p.id),
    ['router-deploy', 'router-start', 'router-run', 'extension-install', 'extension-run', 'model-deploy', 'model-serve'],
  );
});

// One planted fault per new requirement kind of failure: one code, on one check, and the root cause in its phase.
const CASES: { name: string; host: string; fault: HostFault; check: string; code: string; phase: string }[] = [
  {
    name: 'the custom DNS server does not forward kubernetesconfiguration.azure.com',
    host: 'eastus.dp.kubernetesconfiguration.azure.com',
    fault: { dns: { rcode: 'NXDOMAIN' } },
    check: 'ext-config-dp/dns',
    code: 'DNS_NXDOMAIN',
    phase: 'extension-install',
  },
  {
    name: "MCR's data endpoint dropped",
    host: 'eastus.data.mcr.microsoft.com',
    fault: { endpoint: 'blackhole' },
    check: 'ext-mcr-data/tcp',
    code: 'TCP_TIMEOUT',
    phase: 'extension-install',
  },
  {
    name: 'the workspace API host re-signed by TLS inspection',
    host: `${EXTENSION_WORKSPACE_ID}.workspace.eastus.api.azureml.ms`,
    fault: { endpoint: 'inspected' },
    check: 'ext-workspace-api/tls',
    code: 'TLS_UNTRUSTED',
    phase: 'extension-run',
  },
  {
    name: 'the regional API refused',
    host: 'eastus.api.azureml.ms',
    fault: { endpoint: 'refused' },
    check: 'ext-region-api/tcp',
    code: 'TCP_REFUSED',
    phase: 'extension-run',
  },
  {
    name: 'Azure Firewall denies the experiments service',
    host: 'eastus.experiments.azureml.net',
    fault: { endpoint: 'firewall-deny' },
    check: 'ext-experiments/http',
    code: 'FIREWALL_DENIED',
    phase: 'extension-run',
  },
  {
    name: 'Kusto blackholed',
    host: 'ingest-viennaeastus.kusto.windows.net',
    fault: { endpoint: 'blackhole' },
    check: 'ext-logs-kusto/tcp',
    code: 'TCP_TIMEOUT',
    phase: 'extension-run',
  },
  {
    name: 'table storage answered by something else',
    host: 'demostore.table.core.windows.net',
    fault: { endpoint: 'wrong-service' },
    check: 'ext-logs-table@demostore/http',
    code: 'HTTP_UNEXPECTED_STATUS',
    phase: 'extension-run',
  },
  {
    name: 'queue storage (never needed by v1) dropped',
    host: 'demostore.queue.core.windows.net',
    fault: { endpoint: 'blackhole' },
    check: 'ext-logs-queue@demostore/tcp',
    code: 'TCP_TIMEOUT',
    phase: 'extension-run',
  },
  {
    name: 'the ACR with a certificate for another name',
    host: 'demoacr.azurecr.io',
    fault: { endpoint: 'wrong-name' },
    check: 'ext-acr@demoacr/tls',
    code: 'TLS_HOSTNAME_MISMATCH',
    phase: 'model-deploy',
  },
  {
    name: "the ACR's regional data endpoint missing from the private zone",
    host: 'demoacr.eastus.data.azurecr.io',
    fault: { dns: { rcode: 'NXDOMAIN' } },
    check: 'ext-acr-data@demoacr/dns',
    code: 'DNS_NXDOMAIN',
    phase: 'model-deploy',
  },
  {
    name: 'blob storage reset',
    host: 'demostore.blob.core.windows.net',
    fault: { endpoint: 'reset' },
    check: 'ext-blob@demostore/tcp',
    code: 'TCP_RESET',
    phase: 'model-deploy',
  },
];

for (const c of CASES) {
  test(`${c.name} → ${c.code} on ${c.check}, root cause ${c.phase}`, async () => {
    const report = await extensionPreflight({ [c.host]: c.fault });
    const failed = report.checks.filter((r) => r.status === 'fail');
    assert.deepEqual(
      failed.map((r) => [r.id, r.code]),
      [[c.check, c.code]],
      JSON.stringify(failed, null, 1),
    );
    assert.deepEqual(report.rootCause, { phase: c.phase, checks: [c.check] });
  });
}

test("a v1 run still lists exactly the router's five phases", async () => {
  const lab = await startLab();
  try {
    const report = await runPreflight(
      { ...lab.target, dns: { servers: [lab.dnsServer] }, connectTo: lab.connectTo },
      { timeoutMs: 2000, caPems: [lab.caPem], env: {}, only: ['router-deploy'] },
    );
    assert.deepEqual(
      report.phases.map((p) => p.id),
      ['router-deploy', 'router-start', 'router-run', 'model-deploy', 'model-serve'],
    );
  } finally {
    await lab.stop();
  }
});

// The opt-in rule sets: the Arc agents' hosts and the training jobs' (pypi.org, and the Ubuntu archives over plain HTTP on 80).
const OPT_IN_HOSTS: Record<string, ServiceKind> = {
  'management.azure.com': 'other',
  'login.microsoftonline.com': 'other',
  'eastus.login.microsoft.com': 'other',
  'gbl.his.arc.azure.com': 'other',
  'guestnotificationservice.azure.com': 'other',
  'pypi.org': 'pypi',
  'archive.ubuntu.com': 'apt-archive',
  'security.ubuntu.com': 'apt-archive',
  'ppa.launchpad.net': 'apt-archive',
};

async function optInPreflight(faults: Record<string, HostFault> = {}): Promise<Report> {
  const lab = await startLab({ faults, hosts: OPT_IN_HOSTS });
  try {
    const profile = {
      ...extensionTarget(lab.target),
      ruleSets: ['arc', 'aml-extension-training'],
      dns: { servers: [lab.dnsServer] },
      connectTo: lab.connectTo,
    };
    return await runPreflight(profile, { timeoutMs: 2000, caPems: [lab.caPem], env: {} });
  } finally {
    await lab.stop();
  }
}

test('arc and aml-extension-training against the lab: every host passes, the Ubuntu archives over plain HTTP on 80', async () => {
  const report = await optInPreflight();
  assert.deepEqual([...new Set(report.checks.map((c) => c.host))].sort(), Object.keys(OPT_IN_HOSTS).sort());
  assert.deepEqual(
    report.checks.filter((c) => c.status !== 'pass').map((c) => [c.id, c.status, c.message]),
    [],
  );
  assert.deepEqual(
    report.phases.map((p) => p.id),
    ['arc-connect', 'training'],
  );
  const archive = report.checks.filter((c) => c.requirement === 'train-ubuntu-archive');
  assert.deepEqual(
    archive.map((c) => [c.kind, c.port]),
    [
      ['dns', undefined],
      ['tcp', 80],
      ['http', 80],
    ],
  );
  assert.ok(!report.checks.some((c) => c.requirement.startsWith('train-ubuntu') && c.kind === 'tls'), 'no TLS on port 80');
});

test('a firewall that drops port 80 fails the Ubuntu archives with TCP_TIMEOUT, and denies pypi.org with FIREWALL_DENIED', async () => {
  const report = await optInPreflight({ 'security.ubuntu.com': { endpoint: 'blackhole' }, 'pypi.org': { endpoint: 'firewall-deny' } });
  const failed = report.checks.filter((c) => c.status === 'fail').map((c) => [c.id, c.code]);
  assert.deepEqual(failed.sort(), [
    ['train-pypi/http', 'FIREWALL_DENIED'],
    ['train-ubuntu-security/tcp', 'TCP_TIMEOUT'],
  ]);
  assert.equal(report.rootCause?.phase, 'training');
  assert.deepEqual([...report.rootCause!.checks].sort(), ['train-pypi/http', 'train-ubuntu-security/tcp']);
});
