// The check command as a user runs it: what it refuses before probing, and how it reaches a tcp:// dependency.
import assert from 'node:assert/strict';
import net from 'node:net';
import { test } from 'node:test';
import { runCli } from './helpers/cli.ts';
import { closedPort, listenOnLoopback } from './helpers/loopback-server.ts';

async function listener(): Promise<{ port: number; connections: () => number; close: () => Promise<void> }> {
  let n = 0;
  const { port, close } = await listenOnLoopback(
    net.createServer((s) => {
      n++;
      s.end();
    }),
  );
  return { port, connections: () => n, close };
}

test('an unknown -o format is refused before any probe runs', async () => {
  const dep = await listener();
  try {
    const r = await runCli(['check', '--dependency', `tcp://127.0.0.1:${dep.port}`, '--only', 'dependency', '-o', 'xml']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^aml-preflight: --output: must be one of/);
    assert.equal(dep.connections(), 0, 'the dependency was probed before -o was validated');
  } finally {
    await dep.close();
  }
});

test('a missing --rules-file exits 2 with one line naming the file', async () => {
  const r = await runCli(['check', '--rules-file', '/nonexistent/extra.yaml', '--only', 'dependency']);
  assert.equal(r.code, 2);
  assert.equal(r.stderr, 'aml-preflight: /nonexistent/extra.yaml: cannot read the rule file: ENOENT\n');
});

test('a tcp:// dependency is reached directly, not through HTTPS_PROXY (its clients do not use an HTTP proxy)', async () => {
  const dep = await listener();
  const proxyPort = await closedPort();
  try {
    const r = await runCli(
      ['check', '--dependency', `tcp://127.0.0.1:${dep.port}`, '--only', 'dependency', '--timeout', '1000', '-o', 'json'],
      {
        env: { HTTPS_PROXY: `http://127.0.0.1:${proxyPort}`, https_proxy: '', NO_PROXY: '', no_proxy: '' },
      },
    );
    const check = JSON.parse(r.stdout).checks.find((c: { id: string }) => c.id === `dependency@127.0.0.1:${dep.port}/tcp`);
    assert.equal(check.status, 'pass', `${check.code}: ${check.message}`);
    assert.equal(r.code, 0);
    assert.ok(dep.connections() >= 1);
  } finally {
    await dep.close();
  }
});
