import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadCatalog } from '../src/catalog/load.ts';
import { IN_CLUSTER_ONLY, planChecks } from '../src/plan/expand.ts';
import { targetOf } from '../src/plan/target.ts';
import { PHASES } from '../src/types.ts';
import { nonEmpty } from './helpers/non-empty.ts';

const catalog = loadCatalog();
const full = targetOf({
  cluster: { apiServerFqdn: 'myaks-dns-1a2b3c.hcp.eastus.azmk8s.io', region: 'eastus' },
  workspace: { acr: ['myacr', 'otheracr'], storageAccount: 'mysa' },
  endpoint: { auth: 'token', domainLabel: 'mysvc-ab12' },
});

test('checks come in phase order, each chained dns → tcp → tls → http', () => {
  const checks = planChecks(catalog, full);
  const phases = checks.map((c) => PHASES.indexOf(c.phase));
  assert.deepEqual(
    phases,
    [...phases].sort((a, b) => a - b),
  );
  const mcr = checks.filter((c) => c.requirement === 'mcr');
  assert.deepEqual(
    mcr.map((c) => c.id),
    ['mcr/dns', 'mcr/tcp', 'mcr/tls', 'mcr/http'],
  );
  assert.deepEqual(
    mcr.map((c) => c.dependsOn),
    [[], ['mcr/dns'], ['mcr/tcp'], ['mcr/tls']],
  );
});

test('templates expand per ACR and storage account', () => {
  const ids = planChecks(catalog, full).map((c) => c.id);
  assert.ok(ids.includes('acr@myacr/dns') && ids.includes('acr@otheracr/http'));
  const blob = planChecks(catalog, full).find((c) => c.id === 'storage-blob@mysa/http');
  assert.equal(blob?.http?.url, 'https://mysa.blob.core.windows.net/aml-preflight/probe');
  assert.equal(blob?.host, 'mysa.blob.core.windows.net');
});

test('api.azureml.ms is checked only with token auth, the cloudapp name only without a custom domain', () => {
  const key = planChecks(catalog, { ...full, auth: 'key' }).map((c) => c.requirement);
  assert.ok(!key.includes('azureml-token'));
  assert.ok(planChecks(catalog, full).some((c) => c.requirement === 'azureml-token'));
  const custom = planChecks(catalog, { ...full, customDomain: true }).map((c) => c.requirement);
  assert.ok(!custom.includes('cloudapp'));
});

test('cluster-only requirements are skipped locally with the reason, and depend on the API server checks', () => {
  const discovery = planChecks(catalog, full).find((c) => c.requirement === 'router-peer-discovery')!;
  assert.equal(discovery.skipReason, IN_CLUSTER_ONLY);
  assert.deepEqual(discovery.dependsOn, ['aks-api/http']);
  const inCluster = planChecks(catalog, full, { inCluster: true }).find((c) => c.requirement === 'router-peer-discovery')!;
  assert.equal(inCluster.skipReason, undefined);
});

test('a missing setting skips the requirement and says which setting to add', () => {
  const checks = planChecks(catalog, targetOf({ cluster: { region: 'eastus' } }));
  assert.match(checks.find((c) => c.requirement === 'acr')!.skipReason!, /workspace\.acr \(--acr\)/);
  assert.match(checks.find((c) => c.requirement === 'aks-api')!.skipReason!, /cluster\.apiServerFqdn/);
});

test('dependencies become model-serve checks by scheme, without query strings', () => {
  const checks = planChecks(catalog, full, {
    dependencies: ['https://db.contoso.example/path?sig=SECRET', 'tcp://cache.contoso.example:6380', 'tcp://10.1.2.3:5432'],
  });
  const deps = checks.filter((c) => c.requirement === 'dependency');
  assert.deepEqual(
    deps.map((c) => c.id),
    [
      'dependency@db.contoso.example:443/dns',
      'dependency@db.contoso.example:443/tcp',
      'dependency@db.contoso.example:443/tls',
      'dependency@db.contoso.example:443/http',
      'dependency@cache.contoso.example:6380/dns',
      'dependency@cache.contoso.example:6380/tcp',
      'dependency@10.1.2.3:5432/tcp',
    ],
  );
  assert.ok(deps.every((c) => c.phase === 'model-serve'));
  assert.doesNotMatch(JSON.stringify(deps), /SECRET/);
});

test('--only keeps a phase or a requirement, and rejects an unknown name', () => {
  assert.ok(nonEmpty(planChecks(catalog, full, { only: ['router-run'] })).every((c) => c.phase === 'router-run'));
  assert.ok(nonEmpty(planChecks(catalog, full, { only: ['mcr'] })).every((c) => c.requirement === 'mcr'));
  assert.throws(() => planChecks(catalog, full, { only: ['nothing'] }), /--only: "nothing" is neither a phase/);
});

test('the AKS egress rule set is off by default and can be switched on', () => {
  assert.ok(!planChecks(catalog, full).some((c) => c.requirement === 'aks-management'));
  assert.ok(planChecks(catalog, full, { ruleSets: ['aml', 'aks-egress'] }).some((c) => c.requirement === 'aks-management'));
  assert.throws(() => planChecks(catalog, full, { ruleSets: ['nope'] }), /ruleSets: unknown rule set "nope"/);
});

test('a proxied host gets no local DNS check: the proxy resolves it', () => {
  const checks = planChecks(catalog, full, { proxied: (h) => h === 'mcr.microsoft.com' });
  assert.deepEqual(
    checks.filter((c) => c.requirement === 'mcr').map((c) => c.id),
    ['mcr/tcp', 'mcr/tls', 'mcr/http'],
  );
});

test("behind a proxy, the endpoint's own name keeps its DNS check (its clients resolve it, not the proxy)", () => {
  const checks = planChecks(catalog, full, { proxied: () => true });
  assert.deepEqual(
    checks.filter((c) => c.requirement === 'cloudapp').map((c) => c.id),
    ['cloudapp/dns'],
  );
});

test('an ACR or storage account listed twice (in any case) is checked once', () => {
  const target = targetOf({ workspace: { acr: ['myacr', 'MyAcr'], storageAccount: ['mysa', 'mysa'] } });
  const ids = planChecks(catalog, target, { only: ['model-deploy'] }).map((c) => c.id);
  assert.deepEqual(
    ids.filter((id) => id === 'acr@myacr/dns' || id === 'storage-blob@mysa/dns'),
    ['acr@myacr/dns', 'storage-blob@mysa/dns'],
  );
  assert.equal(new Set(ids).size, ids.length);
});
