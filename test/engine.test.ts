import assert from 'node:assert/strict';
import { test } from 'node:test';
import { waitUntil } from './helpers/wait-until.ts';
import type { Code } from '../src/codes.ts';
import { runChecks, type Runner } from '../src/engine/run.ts';
import { rootCause, phaseSummaries } from '../src/engine/summarize.ts';
import type { PlannedCheck } from '../src/plan/check.ts';
import type { CheckKind } from '../src/types.ts';

const check = (id: string, kind: CheckKind, dependsOn: string[] = [], extra: Partial<PlannedCheck> = {}): PlannedCheck => ({
  id,
  requirement: id.split('/')[0],
  phase: 'router-deploy',
  kind,
  title: id,
  severity: 'fail',
  remediation: `fix ${id}`,
  dependsOn,
  ...extra,
});

const context = { timeoutMs: 1000, dnsServers: [], proxyFor: () => undefined, connectTo: new Map() };
const failing =
  (codes: Record<string, Code>): Runner =>
  async (c) =>
    codes[c.id] ? { status: 'fail', code: codes[c.id], message: 'broken', evidence: {} } : { status: 'pass', message: 'ok', evidence: {} };

test('a failed check blocks the whole chain after it, naming the first failure', async () => {
  const checks = [
    check('a/dns', 'dns'),
    check('a/tcp', 'tcp', ['a/dns']),
    check('a/tls', 'tls', ['a/tcp']),
    check('b/k8s', 'k8s', ['a/tls'], { phase: 'router-start' }),
  ];
  const run = failing({ 'a/dns': 'DNS_NXDOMAIN' });
  const results = await runChecks(checks, { runners: { dns: run, tcp: run, tls: run, k8s: run }, context, deadlineMs: 5000 });
  assert.deepEqual(
    results.map((r) => [r.id, r.status, r.blockedBy]),
    [
      ['a/dns', 'fail', undefined],
      ['a/tcp', 'skip', 'a/dns'],
      ['a/tls', 'skip', 'a/dns'],
      ['b/k8s', 'skip', 'a/dns'],
    ],
  );
  assert.match(results[1].message, /a\/dns failed \(DNS_NXDOMAIN\)/);
  assert.deepEqual(rootCause(results), { phase: 'router-deploy', checks: ['a/dns'] });
});

test('the root cause is the earliest failing phase, even when a later phase also fails', async () => {
  const checks = [check('late/dns', 'dns', [], { phase: 'model-deploy' }), check('early/dns', 'dns', [], { phase: 'router-run' })];
  const results = await runChecks(checks, {
    runners: { dns: failing({ 'late/dns': 'DNS_TIMEOUT', 'early/dns': 'DNS_SERVFAIL' }) },
    context,
    deadlineMs: 5000,
  });
  assert.deepEqual(rootCause(results), { phase: 'router-run', checks: ['early/dns'] });
  // A report lists the phases of its rule sets (given) and of its checks, in order; one with nothing run is skip.
  assert.deepEqual(phaseSummaries(results, ['router-deploy']), [
    { id: 'router-deploy', status: 'skip' },
    { id: 'router-run', status: 'fail' },
    { id: 'model-deploy', status: 'fail' },
  ]);
  assert.deepEqual(
    phaseSummaries(results).map((p) => p.id),
    ['router-run', 'model-deploy'],
  );
});

test('a warn-severity requirement that fails is a warning, and its dependents still run', async () => {
  const checks = [check('w/dns', 'dns', [], { severity: 'warn' }), check('w/tcp', 'tcp', ['w/dns'])];
  const run = failing({ 'w/dns': 'DNS_TIMEOUT' });
  const results = await runChecks(checks, { runners: { dns: run, tcp: run }, context, deadlineMs: 5000 });
  assert.deepEqual(
    results.map((r) => r.status),
    ['warn', 'pass'],
  );
  assert.equal(rootCause(results), null);
});

test('independent checks run concurrently, and never more than the pool allows', async () => {
  let inFlight = 0;
  let peak = 0;
  const slow: Runner = async () => {
    peak = Math.max(peak, ++inFlight);
    // Hold each check until the pool is full: a pool that allowed more than 8 would start a ninth meanwhile.
    await waitUntil(() => peak >= 8, 'eight checks in flight', 4000);
    inFlight--;
    return { status: 'pass', message: 'ok', evidence: {} };
  };
  const checks = Array.from({ length: 20 }, (_, i) => check(`c${i}/dns`, 'dns'));
  await runChecks(checks, { runners: { dns: slow }, context, deadlineMs: 5000, concurrency: 8 });
  assert.equal(peak, 8);
});

test('the run deadline ends the run: queued checks are skipped with RUN_DEADLINE, running ones see the abort', async () => {
  const hang: Runner = (_c, ctx) =>
    new Promise((resolve) =>
      ctx.signal.addEventListener('abort', () => resolve({ status: 'fail', code: 'TCP_TIMEOUT', message: 'aborted', evidence: {} })),
    );
  const checks = Array.from({ length: 3 }, (_, i) => check(`h${i}/tcp`, 'tcp'));
  const started = Date.now();
  const results = await runChecks(checks, { runners: { tcp: hang }, context, deadlineMs: 200, concurrency: 1 });
  assert.ok(Date.now() - started < 2000);
  assert.deepEqual(
    results.map((r) => r.code),
    ['TCP_TIMEOUT', 'RUN_DEADLINE', 'RUN_DEADLINE'],
  );
});

test('a runner that throws becomes a failed check, not a crash', async () => {
  const results = await runChecks([check('x/dns', 'dns')], {
    runners: {
      dns: async () => {
        throw new Error('boom');
      },
    },
    context,
    deadlineMs: 1000,
  });
  assert.equal(results[0].status, 'fail');
  assert.equal(results[0].code, 'INTERNAL_ERROR');
});

test("a host's steps run in a row on one worker, sharing one session; the pool counts hosts", async () => {
  const sessions = new Map<string, Set<object>>();
  let hostsInFlight = 0;
  let peak = 0;
  const step: Runner = async (c, _ctx, session) => {
    const host = c.id.split('/')[0];
    if (c.kind === 'dns') peak = Math.max(peak, ++hostsInFlight);
    (sessions.get(host) ?? sessions.set(host, new Set()).get(host)!).add(session);
    // Hold each host's first step until two hosts are in flight: a pool that let a third host in would start it meanwhile.
    if (c.kind === 'dns') await waitUntil(() => peak >= 2, 'two hosts in flight', 4000);
    if (c.kind === 'tls') hostsInFlight--;
    return { status: 'pass', message: 'ok', evidence: {} };
  };
  const checks = ['h0', 'h1', 'h2', 'h3'].flatMap((h) => [
    check(`${h}/dns`, 'dns'),
    check(`${h}/tcp`, 'tcp', [`${h}/dns`]),
    check(`${h}/tls`, 'tls', [`${h}/tcp`]),
  ]);
  const results = await runChecks(checks, { runners: { dns: step, tcp: step, tls: step }, context, deadlineMs: 5000, concurrency: 2 });
  assert.equal(results.filter((r) => r.status === 'pass').length, 12);
  assert.equal(peak, 2);
  assert.equal(sessions.size, 4);
  for (const [host, seen] of sessions) assert.equal(seen.size, 1, `${host} saw ${seen.size} sessions`);
});
