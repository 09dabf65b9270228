import assert from 'node:assert/strict';
import { test } from 'node:test';
import { requiredReplicas, utilizationFraction } from '../../src/compliance/capacity.ts';
import { runCli } from '../helpers/cli.ts';

test("the guide's formula: 20 rps of 10 s requests at 70 % need 286 single-request replicas", () => {
  const r = requiredReplicas({ rps: 20, requestSeconds: 10, targetUtilization: 0.7, maxConcurrent: 1 });
  assert.equal(r.concurrent, 285.714);
  assert.equal(r.replicas, 286);
  assert.equal(requiredReplicas({ rps: 20, requestSeconds: 10, targetUtilization: 0.7, maxConcurrent: 4 }).replicas, 72);
});

test('an exact multiple is not rounded up by floating-point noise (21 x 1 / 0.7 is 30, not 31)', () => {
  assert.equal((21 * 1) / 0.7 > 30, true, 'the noise this guards against');
  assert.equal(requiredReplicas({ rps: 21, requestSeconds: 1, targetUtilization: 0.7, maxConcurrent: 1 }).replicas, 30);
  assert.equal(requiredReplicas({ rps: 7, requestSeconds: 0.1, targetUtilization: 0.7, maxConcurrent: 1 }).replicas, 1);
});

test('a trickle still needs one replica', () => {
  assert.equal(requiredReplicas({ rps: 0.01, requestSeconds: 0.1, targetUtilization: 0.7, maxConcurrent: 1 }).replicas, 1);
});

test('target utilization reads as the SDK writes it (70) or as a fraction (0.7)', () => {
  assert.equal(utilizationFraction(70), 0.7);
  assert.equal(utilizationFraction(0.7), 0.7);
  assert.equal(utilizationFraction(100), 1);
  assert.equal(utilizationFraction(0), undefined);
  assert.equal(utilizationFraction(150), undefined);
});

test('capacity prints the result with its inputs and the formula', async () => {
  const r = await runCli(['capacity', '--rps', '20', '--request-seconds', '10', '--target-utilization', '0.7', '--max-concurrent', '1']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^Replicas needed: 286$/m);
  assert.match(r.stdout, /rps x request_seconds \/ target_utilization = 20 x 10 \/ 0\.7 = 285\.714/);
  assert.match(r.stdout, /ceil\(285\.714 \/ 1\) = 286/);
  assert.match(r.stdout, /autoscale_max_replicas to at least 286/);
  const json = await runCli(['capacity', '--rps', '20', '--request-seconds', '10', '-o', 'json']);
  assert.deepEqual(JSON.parse(json.stdout), {
    rps: 20,
    requestSeconds: 10,
    targetUtilization: 0.7,
    maxConcurrent: 1,
    concurrent: 285.714,
    replicas: 286,
  });
});

for (const [args, expected] of [
  [['--request-seconds', '10'], /--rps is required/],
  [['--rps=-3', '--request-seconds', '10'], /--rps: must be a positive number/],
  [['--rps', '20', '--request-seconds', '10', '--target-utilization', '170'], /--target-utilization: must be a fraction up to 1/],
  [['--rps', '20', '--request-seconds', '10', '--max-concurrent', '1.5'], /--max-concurrent: must be a whole number/],
] as [string[], RegExp][]) {
  test(`capacity ${args.join(' ')} is one line and exit 2`, async () => {
    const r = await runCli(['capacity', ...args]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, expected);
    assert.equal(r.stderr.trim().split('\n').length, 1);
  });
}
