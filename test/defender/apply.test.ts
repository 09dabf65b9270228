import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { applyTriggers } from '../../src/defender/apply.ts';
import type { AzureConnection } from '../../src/defender/azure.ts';
import { inventoryImages } from '../../src/defender/inventory.ts';
import { sensorStatus } from '../../src/defender/sensor.ts';
import { planTriggers } from '../../src/defender/triggers.ts';
import { startArmDouble, type ArmDouble } from '../doubles/arm/server.ts';
import { D, fixtureCluster, registryFixture, staticCredential, SUBSCRIPTION } from './fixtures.ts';
import { nonEmpty } from '../helpers/non-empty.ts';

let arm: ArmDouble;
before(async () => {
  arm = await startArmDouble({ subscriptionId: SUBSCRIPTION, token: 'double-token', registries: registryFixture() });
});
after(() => arm.close());

const conn = (token = 'double-token'): AzureConnection => ({
  credential: staticCredential(token),
  subscriptionId: SUBSCRIPTION,
  endpoint: arm.url,
  ca: [arm.caPem],
  timeoutMs: 5000,
});
const plan = () => {
  const c = fixtureCluster();
  return planTriggers(inventoryImages(c), sensorStatus(c.daemonSets, true), 'fixture');
};
const quiet = { log: () => {}, ratePerMinute: 600, importTimeoutMs: 10_000, pollIntervalMs: 20 };

test('--apply imports each running ACR digest into its own repository, without creating or moving a tag', async () => {
  arm.imports.length = 0;
  const tagsBefore = JSON.stringify(arm.fixture.registries!.map((r) => Object.values(r.repositories).map((x) => x.tags)));
  const outcomes = await applyTriggers(plan().triggers, { conn: conn(), ...quiet });
  assert.deepEqual(
    outcomes.map((o) => [o.reference, o.status]),
    [
      [`contosoml.azurecr.io/azureml/model-a@${D.modelA}`, 'imported'],
      [`contosoml.azurecr.io/azureml/model-b:7@${D.modelB}`, 'imported'],
    ],
  );
  assert.deepEqual(
    arm.imports.map((i) => [
      i.registry,
      i.source.sourceImage,
      i.untaggedTargetRepositories,
      i.targetTags,
      i.source.resourceId?.endsWith('/registries/contosoml'),
    ]),
    [
      ['contosoml', `azureml/model-a@${D.modelA}`, ['azureml/model-a'], undefined, true],
      // The pod runs model-b's old digest while tag 7 has moved on: the running digest is imported, the tag left alone.
      ['contosoml', `azureml/model-b@${D.modelB}`, ['azureml/model-b'], undefined, true],
    ],
  );
  assert.equal(JSON.stringify(arm.fixture.registries!.map((r) => Object.values(r.repositories).map((x) => x.tags))), tagsBefore);
  // The registry was found on the second page of the subscription's registries: nextLink was followed.
  assert.ok(arm.requests.some((r) => r.path.endsWith('/registries') && r.status === 200));
});

test('running --apply again changes nothing but imports the same manifests again', async () => {
  const state = JSON.stringify(arm.fixture.registries);
  const outcomes = await applyTriggers(plan().triggers, { conn: conn(), ...quiet });
  assert.ok(nonEmpty(outcomes, 'the outcomes').every((o) => o.status === 'imported'));
  assert.equal(JSON.stringify(arm.fixture.registries), state);
});

test('the same image used twice is imported once', async () => {
  arm.imports.length = 0;
  const t = plan().triggers[0];
  const outcomes = await applyTriggers([t, { ...t, uses: [] }], { conn: conn(), ...quiet });
  assert.deepEqual(outcomes.map((o) => o.status).sort(), ['imported', 'skipped']);
  assert.equal(arm.imports.length, 1);
});

test('imports are spaced by --rate', async () => {
  arm.imports.length = 0;
  const triggers = plan().triggers;
  const started = Date.now();
  await applyTriggers(
    [...triggers, { ...triggers[0], sourceImage: `azureml/model-a:3`, reference: 'contosoml.azurecr.io/azureml/model-a:3' }],
    { conn: conn(), ...quiet, ratePerMinute: 300 },
  );
  assert.equal(arm.imports.length, 3);
  // The limiter spaces the starts 200 ms apart at 300/min; arrival times jitter, so judge the span
  // of all three (unlimited, they land within a few ms of each other).
  const span = arm.imports[2].at - arm.imports[0].at;
  assert.ok(span >= 350, `three imports within ${span} ms, want about 400 ms at 300/min`);
  assert.ok(Date.now() - started < 5000);
});

test('a throttled import (429) is retried by the SDK and succeeds', async () => {
  arm.fixture.throttleImports = 2;
  try {
    const outcomes = await applyTriggers(plan().triggers.slice(0, 1), { conn: conn(), ...quiet });
    assert.equal(outcomes[0].status, 'imported');
    assert.ok(arm.requests.filter((r) => r.status === 429).length >= 2);
  } finally {
    arm.fixture.throttleImports = 0;
  }
});

test('each Azure failure is one line, and the other images go on', async () => {
  const [a, b] = plan().triggers;
  const missing = {
    ...a,
    sourceImage: `azureml/model-a@sha256:${'e'.repeat(64)}`,
    reference: 'contosoml.azurecr.io/azureml/model-a@missing',
  };
  const elsewhere = { ...b, registry: 'nothere.azurecr.io', reference: 'nothere.azurecr.io/x@y' };
  const outcomes = await applyTriggers([missing, elsewhere, b], { conn: conn(), ...quiet });
  assert.deepEqual(
    outcomes.map((o) => o.status),
    ['failed', 'failed', 'imported'],
  );
  assert.match(outcomes[0].message, /^import of contosoml\.azurecr\.io\/azureml\/model-a@missing failed: .*ImportSourceImageNotFound/);
  assert.match(outcomes[1].message, /registry nothere\.azurecr\.io is not in subscription/);
  for (const o of outcomes) assert.ok(!o.message.includes('\n'), o.message);
});

test('a rejected credential stops the run after the first call, with one line', async () => {
  arm.imports.length = 0;
  const outcomes = await applyTriggers(plan().triggers, { conn: conn('wrong-token'), ...quiet });
  assert.ok(nonEmpty(outcomes, 'the outcomes').every((o) => o.status === 'failed'));
  assert.match(outcomes[0].message, /HTTP 401 InvalidAuthenticationToken/); // as ARM answers a token it does not accept
  assert.equal(arm.imports.length, 0);
});
