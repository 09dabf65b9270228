// The Kubernetes client is heavy: only the commands that talk to a cluster may load it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runCli } from '../helpers/cli.ts';

const TRACE = new URL('./fixtures/trace-k8s-load.mjs', import.meta.url).href;
const HEALTHY = new URL('../compliance/fixtures/healthy.yaml', import.meta.url).pathname;
const loaded = (stderr: string) => stderr.includes('TRACE: @kubernetes/client-node loaded');

for (const args of [
  ['--help'],
  ['cluster', '--help'],
  ['cluster', 'run', '--help'],
  ['cluster', 'probe', '--help'],
  ['audit', 'run', '--help'],
  ['cluster', 'manifests'],
  ['capacity', '--rps', '1', '--request-seconds', '1'],
  ['audit', '--from-manifests', HEALTHY],
  ['check', '--help'],
]) {
  test(`aml-preflight ${args.join(' ')} does not load @kubernetes/client-node`, async () => {
    const r = await runCli(args, { env: { NODE_OPTIONS: `--import ${TRACE}` } });
    assert.ok(r.code === 0 || r.code === 1, r.stderr);
    assert.ok(!loaded(r.stderr), r.stderr);
  });
}

test('a live audit does load it (the trace works)', async () => {
  const r = await runCli(['audit', '--kubeconfig', '/nonexistent/kubeconfig'], { env: { NODE_OPTIONS: `--import ${TRACE}` } });
  assert.equal(r.code, 2);
  assert.ok(loaded(r.stderr), r.stderr);
  assert.match(r.stderr, /kubeconfig \/nonexistent\/kubeconfig: cannot load: ENOENT/);
});
