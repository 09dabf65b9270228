// The commands that discover first (check, firewall generate, audit, cluster run), from a snapshot:
// the same derivation as a live read, offline. -c and flags win over what was discovered.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { BIN, runCli } from '../helpers/cli.ts';

const SNAPSHOT = fileURLToPath(new URL('../fixtures/azure/discover-contoso-ml.json', import.meta.url));
const MANIFESTS = fileURLToPath(new URL('../audit/fixtures/cluster.yaml', import.meta.url));
// Nothing answers DNS on port 9: every check fails fast, and the plan shows what was discovered.
const QUICK = ['--only', 'router-deploy', '--dns-server', '127.0.0.1:9', '--timeout', '200', '-o', 'json'];

interface Check {
  id: string;
  host?: string;
  compute?: string;
  status: string;
  blockedBy?: string;
}

test('check --all-computes: one report, valid against the schema, every check naming its compute', async () => {
  const r = await runCli(['check', '--azure-snapshot', SNAPSHOT, '--all-computes', ...QUICK]);
  assert.equal(r.code, 1, r.stderr);
  const report = JSON.parse(r.stdout) as { checks: Check[]; target: { computes: Record<string, { cluster: { apiServerFqdn: string } }> } };
  const ajv = new Ajv({ allErrors: true });
  addFormats.default(ajv);
  const valid = ajv.compile(JSON.parse(readFileSync(new URL('../../schema/report.schema.json', import.meta.url), 'utf8')));
  assert.ok(valid(report), JSON.stringify(valid.errors));
  assert.deepEqual(Object.keys(report.target.computes).sort(), ['aks-dev', 'aks-prod']);
  assert.ok(report.checks.length > 0);
  for (const c of report.checks) {
    assert.ok(c.compute === 'aks-dev' || c.compute === 'aks-prod', c.id);
    assert.ok(c.id.startsWith(`${c.compute}:`), c.id);
    if (c.blockedBy) assert.ok(c.blockedBy.startsWith(`${c.compute}:`), c.blockedBy);
  }
  const apiHosts = (compute: string) => new Set(report.checks.filter((c) => c.compute === compute).map((c) => c.host));
  assert.ok(apiHosts('aks-prod').has('aks-prod-dns-1a2b3c4d.hcp.eastus.azmk8s.io'));
  assert.ok(apiHosts('aks-dev').has('aks-dev-dns-5e6f7a8b.9c0d1e2f-3a4b-4c6d-8e8f-901a2b3c4d5e.privatelink.eastus.azmk8s.io'));
  assert.ok(!apiHosts('aks-dev').has('aks-prod-dns-1a2b3c4d.hcp.eastus.azmk8s.io'));
  // Hosts Azure lists that the catalog lacks: one warning line each, on stderr.
  assert.match(
    r.stderr,
    /^aml-preflight: azure: aks-prod: Azure lists changelogs\.ubuntu\.com:80 \(cluster aks-prod, ubuntu-optional\); aml-preflight has no requirement for it$/m,
  );
  // … and a warn check each in the report, under its compute.
  const listed = report.checks.filter((c) => c.id === 'aks-prod:azure-listed@changelogs.ubuntu.com/catalog');
  assert.equal(listed.length, 1);
  assert.deepEqual(
    [listed[0].status, (listed[0] as Check & { code: string }).code, listed[0].compute],
    ['warn', 'AZURE_UNLISTED_HOST', 'aks-prod'],
  );
  assert.ok(
    report.checks.some((c) => c.id === 'aks-dev:azure-listed@ml.azure.com/catalog'),
    'the workspace list counts for each compute',
  );
});

test('flags and -c win over what was discovered', async () => {
  const r = await runCli([
    'check',
    '--azure-snapshot',
    SNAPSHOT,
    '--compute',
    'aks-prod',
    '--cluster-fqdn',
    'override.hcp.eastus.azmk8s.io',
    ...QUICK,
  ]);
  assert.equal(r.code, 1, r.stderr);
  const report = JSON.parse(r.stdout) as { target: { cluster: Record<string, string>; dns: { servers: string[] } }; checks: Check[] };
  assert.deepEqual(report.target.cluster, {
    apiServerFqdn: 'override.hcp.eastus.azmk8s.io',
    name: 'aks-prod',
    region: 'eastus',
    networkPlugin: 'azure',
  });
  assert.deepEqual(report.target.dns.servers, ['127.0.0.1:9']);
  assert.ok(report.checks.some((c) => c.host === 'override.hcp.eastus.azmk8s.io'));
  assert.ok(!report.checks.some((c) => c.compute !== undefined), 'one compute: no compute field');
  const listed = report.checks.filter((c) => c.id.startsWith('azure-listed@'));
  assert.deepEqual(listed.map((c) => c.id).sort(), [
    'azure-listed@azure.archive.ubuntu.com/catalog',
    'azure-listed@changelogs.ubuntu.com/catalog',
    'azure-listed@ml.azure.com/catalog',
    'azure-listed@packages.aks.azure.com/catalog',
  ]);
  assert.ok(listed.every((c) => c.status === 'warn'));
});

test('firewall generate and audit discover from the snapshot too', async () => {
  const rules = await runCli([
    'firewall',
    'generate',
    '--azure-snapshot',
    SNAPSHOT,
    '--compute',
    'aks-prod',
    '--no-resolve',
    '--format',
    'azcli',
  ]);
  assert.equal(rules.code, 0, rules.stderr);
  assert.ok(rules.stdout.includes('contosoml.azurecr.io') && rules.stdout.includes("'*.hcp.eastus.azmk8s.io'"), rules.stdout.slice(0, 400));
  const audit = await runCli(['audit', '--from-manifests', MANIFESTS, '--azure-snapshot', SNAPSHOT, '--compute', 'aks-prod', '-o', 'json']);
  assert.ok(audit.code === 0 || audit.code === 1, audit.stderr);
  assert.equal(JSON.parse(audit.stdout).target.cluster.name, 'aks-prod');
});

test('discovery flags where they do not apply: one line, exit 2', async () => {
  const cases: [string[], RegExp][] = [
    [
      ['cluster', 'run', '--azure-snapshot', SNAPSHOT, '--all-computes'],
      /^aml-preflight: --all-computes: this command takes one compute; the workspace has 2 \(aks-dev, aks-prod\)/,
    ],
    [
      [
        'serve',
        '--workspace',
        '/subscriptions/5f1e2d3c-4b5a-4968-8776-a1b2c3d4e5f6/resourceGroups/ml-rg/providers/Microsoft.MachineLearningServices/workspaces/contoso-ml',
      ],
      /^aml-preflight: --workspace: this command does not read Azure; save a profile with aml-preflight discover and pass it with -c$/m,
    ],
    [
      ['check', '--all-computes'],
      /^aml-preflight: --all-computes: discovery starts from --workspace ID or --cluster ID \(or --azure-snapshot FILE\)$/m,
    ],
    [['check', '--azure-snapshot', MANIFESTS], /not valid JSON/],
  ];
  for (const [args, expected] of cases) {
    const r = await runCli(args);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, expected);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  }
});

test('a snapshot is read with pure code: check --azure-snapshot loads no Azure SDK', () => {
  const trace = fileURLToPath(new URL('../helpers/trace-loads.ts', import.meta.url));
  const file = join(mkdtempSync(join(tmpdir(), 'discover-loads-')), 'loads.txt');
  const r = spawnSync(
    process.execPath,
    ['--import', trace, BIN, 'check', '--azure-snapshot', SNAPSHOT, '--compute', 'aks-prod', ...QUICK],
    { env: { ...process.env, TRACE_LOADS: file }, encoding: 'utf8', timeout: 30_000 },
  );
  assert.equal(r.status, 1, r.stderr);
  const modules = readFileSync(file, 'utf8').split('\n');
  assert.ok(
    modules.some((m) => m.endsWith('/src/azure/discover/profile-from-snapshot.ts')),
    'discovery ran',
  );
  assert.deepEqual(
    modules.filter((m) => /node_modules\/@azure\//.test(m)),
    [],
  );
});
