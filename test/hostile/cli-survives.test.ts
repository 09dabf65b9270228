// The real CLI against every kind of hostile peer at once: it must end inside
// its deadlines, exit 1 with a complete JSON report, and never print a stack
// trace or report a crashed check.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Report } from '../../src/types.ts';
import { runCli } from '../helpers/cli.ts';
import { aRecord, reply, selfPointer } from './peers/dns-wire.ts';
import { startDnsPeer, type DnsPeer } from './peers/dns-peer.ts';
import { startStreamPeer, type StreamMischief, type StreamPeer } from './peers/stream-peers.ts';

const TIMEOUT_MS = 1000;
const STREAMS: [StreamMischief, 'https' | 'http'][] = [
  ['silent', 'https'],
  ['tls-trickle', 'https'],
  ['tls-reset', 'https'],
  ['garbage-flood', 'https'],
  ['http-endless-headers', 'http'],
  ['http-trickle', 'http'],
  ['http-header-flood', 'http'],
  ['smtp-banner', 'http'],
];
const BAD_NAMES = ['loop', 'oversized', 'late', 'echo', 'truncated'];

let dns: DnsPeer;
const peers: StreamPeer[] = [];
const dir = mkdtempSync(join(tmpdir(), 'amlpf-hostile-'));
const dependencies: string[] = [];

before(async () => {
  dns = await startDnsPeer({
    udp: (q) => {
      const name = q.name.split('.')[0]!;
      if (name === 'loop') return { bytes: reply(q, { answers: [aRecord('127.0.0.1', { owner: selfPointer(12 + q.question.length) })] }) };
      if (name === 'oversized') return { bytes: reply(q, { answers: [aRecord('127.0.0.1', { rdlength: 0xffff })] }) };
      if (name === 'late') return { bytes: reply(q), delayMs: TIMEOUT_MS + 1000 };
      if (name === 'echo') return { bytes: q.raw };
      if (name === 'truncated') return { bytes: reply(q, { tc: true }) };
      // The stream peers' names resolve properly, to loopback.
      return { bytes: reply(q, { answers: q.type === 1 ? [aRecord('127.0.0.1')] : [] }) };
    },
    tcp: () => 'silent',
  });
  for (const name of BAD_NAMES) dependencies.push(`https://${name}.hostile.example`);
  for (const [mischief, scheme] of STREAMS) {
    const peer = await startStreamPeer(mischief);
    peers.push(peer);
    dependencies.push(`${scheme}://${mischief}.hostile.example:${peer.port}`);
  }
});
after(async () => {
  await Promise.all([dns?.close(), ...peers.map((p) => p.close())]);
  rmSync(dir, { recursive: true, force: true });
});

test('every hostile peer at once: the CLI exits 1 with a full JSON report, on time, without a stack trace', {
  timeout: 30_000,
}, async () => {
  const profile = join(dir, 'hostile.yaml');
  writeFileSync(profile, `dns: { servers: ["${dns.server}"] }\ndependencies:\n${dependencies.map((d) => `  - "${d}"`).join('\n')}\n`);
  const started = performance.now();
  const run = await runCli(['check', '-c', profile, '--only', 'dependency', '--timeout', String(TIMEOUT_MS), '-o', 'json'], {
    timeoutMs: 20_000,
  });
  const wallMs = performance.now() - started;
  assert.equal(run.code, 1, run.stderr);
  assert.equal(run.stderr, '');
  const report = JSON.parse(run.stdout) as Report;
  // A check that ran always carries a code when it failed; none crashed.
  for (const c of report.checks) {
    if (c.status === 'fail') assert.ok(c.code && c.code !== 'INTERNAL_ERROR', `${c.id}: ${c.code} ${c.message}`);
  }
  const failedHosts = new Set(report.checks.filter((c) => c.status === 'fail').map((c) => c.host));
  assert.equal(failedHosts.size, dependencies.length, `every hostile dependency fails: ${[...failedHosts].join(', ')}`);
  // Each host has at most one step that waits out its deadline; the engine runs hosts side by side.
  assert.ok(report.durationMs <= 2 * TIMEOUT_MS + 500, `report says ${report.durationMs} ms`);
  assert.ok(wallMs <= 10_000, `${Math.round(wallMs)} ms wall, including Node's start-up`);
});
