// Exit codes are public API (README "Exit codes"): each one through the real CLI,
// with the one line a pipeline's log shows.
import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { runCli } from '../helpers/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'amlpf-exit-'));

/** A loopback port that was free a moment ago: nothing answers there. */
async function closedPort(kind: 'tcp' | 'udp'): Promise<number> {
  if (kind === 'udp') {
    const socket = createSocket('udp4');
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
    const { port } = socket.address();
    await new Promise<void>((resolve) => socket.close(() => resolve()));
    return port;
  }
  const server = createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function kubeconfigFor(server: string): string {
  const file = join(dir, `kubeconfig-${Math.random().toString(16).slice(2)}`);
  writeFileSync(
    file,
    `apiVersion: v1
kind: Config
clusters: [{ name: gone, cluster: { server: "${server}", insecure-skip-tls-verify: true } }]
users: [{ name: u, user: { token: t } }]
contexts: [{ name: gone, context: { cluster: gone, user: u } }]
current-context: gone
`,
  );
  return file;
}

const oneLine = (stderr: string) =>
  stderr
    .trim()
    .split('\n')
    .filter((l) => !l.startsWith('note: '));

describe('exit codes', { concurrency: 4 }, () => {
  test('0: nothing failed (the demo lab finds exactly its planted faults)', async () => {
    const r = await runCli(['demo', '-o', 'json'], { timeoutMs: 60_000 });
    assert.equal(r.code, 0, r.stderr);
    assert.ok(JSON.parse(r.stdout).summary.fail > 0, 'the planted faults are in the report');
  });

  test('1: a check failed (a resolver that never answers)', async () => {
    const port = await closedPort('udp');
    const r = await runCli([
      'check',
      '--only',
      'aks-api',
      '--cluster-fqdn',
      'myaks-1a2b.hcp.eastus.azmk8s.io',
      '--region',
      'eastus',
      '--dns-server',
      `127.0.0.1:${port}`,
      '--timeout',
      '500',
      '-o',
      'json',
    ]);
    assert.equal(r.code, 1, r.stderr);
    assert.equal(JSON.parse(r.stdout).checks.find((c: { id: string }) => c.id === 'aks-api/dns').code, 'DNS_TIMEOUT');
  });

  test('2: invalid input, one line, before anything runs', async () => {
    for (const args of [
      ['check', '--timeout', 'soon'],
      ['nope'],
      ['check', '-o', 'xml'],
      ['firewall', 'generate', '--from', join(dir, 'missing.json')],
    ]) {
      const r = await runCli(args);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.equal(oneLine(r.stderr).length, 1, r.stderr);
      assert.match(r.stderr, /^aml-preflight: /);
    }
  });

  test('3: the Kubernetes API server cannot be reached, in audit and in audit run alike', async () => {
    const kubeconfig = kubeconfigFor(`https://127.0.0.1:${await closedPort('tcp')}`);
    for (const args of [
      ['audit', '--kubeconfig', kubeconfig, '--request-timeout', '2000'],
      [
        'audit',
        'run',
        '--kubeconfig',
        kubeconfig,
        '--jitter-seconds',
        '0',
        '--request-timeout',
        '2000',
        '--timeout',
        '500',
        '--only',
        'aks-api',
        '--cluster-fqdn',
        'myaks-1a2b.hcp.eastus.azmk8s.io',
        '--region',
        'eastus',
        '--dns-server',
        `127.0.0.1:${await closedPort('udp')}`,
      ],
    ]) {
      const r = await runCli(args, { env: { KUBECONFIG: '' } });
      assert.equal(r.code, 3, `${args.slice(0, 2).join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, /K8S_UNREACHABLE/);
      assert.doesNotMatch(r.stderr, /^\s+at /m, 'no stack trace');
    }
  });

  test('3: the port to serve metrics on is in use', async () => {
    const taken = createServer().listen(0, '127.0.0.1');
    await new Promise((resolve) => taken.once('listening', resolve));
    try {
      const { port } = taken.address() as { port: number };
      const r = await runCli([
        'serve',
        '--listen',
        `127.0.0.1:${port}`,
        '--cluster-fqdn',
        'myaks-1a2b.hcp.eastus.azmk8s.io',
        '--region',
        'eastus',
      ]);
      assert.equal(r.code, 3, r.stderr);
      assert.match(oneLine(r.stderr)[0], /^aml-preflight: --listen: cannot listen on 127\.0\.0\.1:\d+: EADDRINUSE$/);
    } finally {
      taken.close();
    }
  });

  test('4: an internal error is one line; AML_PREFLIGHT_DEBUG=1 adds the stack trace', async () => {
    // A bug planted in the process: the clock's ISO formatting throws while the report is assembled.
    const preload = join(dir, 'plant-bug.mjs');
    writeFileSync(preload, "Date.prototype.toISOString = function () { throw new TypeError('planted bug'); };\n");
    const args = ['check', '--only', 'mcr', '--dns-server', `127.0.0.1:${await closedPort('udp')}`, '--timeout', '300', '-o', 'json'];
    const plain = await runCli(args, { nodeArgs: ['--import', preload] });
    assert.equal(plain.code, 4, plain.stderr);
    assert.deepEqual(oneLine(plain.stderr), ['aml-preflight: internal error: planted bug']);
    const debug = await runCli(args, { nodeArgs: ['--import', preload], env: { AML_PREFLIGHT_DEBUG: '1' } });
    assert.equal(debug.code, 4);
    assert.match(debug.stderr, /TypeError: planted bug\n\s+at /);
  });
});
