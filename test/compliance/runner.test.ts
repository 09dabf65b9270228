// The compliance rules as the engine runs them: planned checks with one listing
// of the cluster's objects per run, --only, severity and crash containment
// from the engine, as for every other check.
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { loadCatalog } from '../../src/catalog/load.ts';
import { createComplianceRunner } from '../../src/compliance/evaluate.ts';
import { loadManifests } from '../../src/compliance/manifests.ts';
import type { ClusterSnapshot } from '../../src/compliance/snapshot.ts';
import { runChecks } from '../../src/engine/run.ts';
import type { KubeResult } from '../../src/kube/errors.ts';
import { planChecks } from '../../src/plan/expand.ts';
import { targetOf } from '../../src/plan/target.ts';
import { PHASES, type CheckResult } from '../../src/types.ts';

const catalog = loadCatalog();
const HEALTHY = loadManifests([fileURLToPath(new URL('./fixtures/healthy.yaml', import.meta.url))]).snapshot;

async function run(snapshot: () => Promise<KubeResult<ClusterSnapshot>>, only?: string[]): Promise<CheckResult[]> {
  const checks = planChecks(catalog, targetOf({}), { ruleSets: ['compliance'], inCluster: true, only });
  const compliance = createComplianceRunner({ catalog, settings: { loads: [] }, snapshot });
  return runChecks(checks, {
    runners: { compliance },
    context: { timeoutMs: 1000, dnsServers: [], proxyFor: () => undefined, connectTo: new Map() },
    deadlineMs: 10_000,
  });
}

test('every rule of a run reads the one listing of the cluster, and results come in phase order', async () => {
  let listings = 0;
  const results = await run(async () => {
    listings++;
    return { ok: true, value: HEALTHY };
  });
  assert.ok(results.length >= 8, 'the platform rules are planned');
  assert.equal(listings, 1);
  assert.deepEqual(new Set(results.map((c) => c.kind)), new Set(['compliance']));
  const order = results.map((c) => PHASES.indexOf(c.phase));
  assert.ok(new Set(order).size > 1, 'the rules span phases');
  assert.deepEqual(
    order,
    [...order].sort((a, b) => a - b),
  );
});

test('a listing that failed makes each rule a skip with the Kubernetes code, and no remediation', async () => {
  const results = await run(async () => ({ ok: false, failure: { code: 'K8S_FORBIDDEN', status: 403, message: 'may not list nodes' } }));
  assert.ok(results.length >= 8);
  for (const c of results) {
    assert.equal(c.status, 'skip', c.id);
    assert.equal(c.code, 'K8S_FORBIDDEN', c.id);
    assert.equal(c.message, "not run: cannot list the cluster's objects: may not list nodes");
    assert.equal(c.remediation, undefined);
  }
});

test('a violation of a warn rule is a warn, with its code and remediation', async () => {
  const withoutInsights: ClusterSnapshot = {
    ...HEALTHY,
    daemonSets: HEALTHY.daemonSets.filter((d) => !['ama-logs', 'omsagent'].includes(d.metadata?.name ?? '')),
  };
  const results = await run(async () => ({ ok: true, value: withoutInsights }), ['container-insights']);
  assert.equal(results.length, 1);
  assert.equal(results[0].status, 'warn');
  assert.equal(results[0].code, 'CONTAINER_INSIGHTS_ABSENT');
  assert.ok(results[0].remediation);
});

test('--only selects compliance requirements as it selects network ones', async () => {
  const results = await run(async () => ({ ok: true, value: HEALTHY }), ['no-hpa-on-models']);
  assert.deepEqual(
    results.map((c) => c.id),
    ['no-hpa-on-models/compliance'],
  );
});

test('a rule that crashes is contained by the engine: INTERNAL_ERROR on that check, the others still decided', async () => {
  const broken: ClusterSnapshot = { ...HEALTHY, hpas: [null as never] };
  const results = await run(async () => ({ ok: true, value: broken }));
  const crashed = results.find((c) => c.id === 'no-hpa-on-models/compliance')!;
  assert.equal(crashed.status, 'fail');
  assert.equal(crashed.code, 'INTERNAL_ERROR');
  assert.match(crashed.message, /^the compliance check crashed: /);
  assert.ok(
    results.some((c) => c.id !== crashed.id && c.status === 'pass'),
    'the other rules ran',
  );
});
