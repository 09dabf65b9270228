// A peer's control bytes must never reach a person's terminal: a firewall deny page
// that retitles the window (OSC 0 … BEL) and clears the screen (CSI 2J), printed
// in the table, and a file name with the same bytes in an error on standard error.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { humanText } from '../../src/report/terminal-text.ts';
import { runCli } from '../helpers/cli.ts';
import { check, reportOf } from '../metrics/report-fixture.ts';
import { listenOnLoopback, type LoopbackServer } from '../helpers/loopback-server.ts';

const HOSTILE = '\x1b]0;pwned\x07\x1b[2J\x9b31m\rgone\x7f';
// Every byte a terminal acts on, except tab and newline (which stay layout).
const DRIVES_A_TERMINAL = /[\x00-\x08\x0b-\x0c\x0e-\x1f\x7f-\x9f]|\r(?!\n)/;

let server: LoopbackServer;
let port: number;
const dir = mkdtempSync(join(tmpdir(), 'amlpf-terminal-'));

before(async () => {
  // A deny page as Azure Firewall sends it, with the bytes of an attack inside its text.
  server = await listenOnLoopback(
    createServer((socket) => {
      socket.once('data', () => {
        const body = `Action: Deny. Reason: ${HOSTILE} no rule matched.`;
        socket.end(
          `HTTP/1.1 470 status code 470\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
        );
      });
    }),
  );
  port = server.port;
});
after(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

test('humanText shows each control character visibly and keeps tab, newline and CRLF', () => {
  assert.equal(humanText('a\x1b[2Jb'), 'a\u241b[2Jb');
  assert.equal(humanText('bell\x07 del\x7f nul\x00'), 'bell\u2407 del\u2421 nul\u2400');
  assert.equal(humanText('csi\x9b1m nel\x85'), 'csi\\x9b1m nel\\x85');
  assert.equal(humanText('over\rwrite'), 'over\u240dwrite');
  assert.equal(humanText('tab\tline\r\nnext\n'), 'tab\tline\r\nnext\n');
  assert.equal(humanText('nothing to do: é ✓'), 'nothing to do: é ✓');
});

test('a deny page with terminal escapes reaches the table as visible text, never as escapes', { timeout: 30_000 }, async () => {
  const run = await runCli([
    'check',
    '--dependency',
    `http://127.0.0.1:${port}/`,
    '--only',
    'dependency',
    '--timeout',
    '2000',
    '-o',
    'table',
    '--no-color',
  ]);
  assert.equal(run.code, 1, run.stderr);
  assert.match(run.stdout, /FIREWALL_DENIED/);
  assert.ok(run.stdout.includes('\u241b]0;pwned\u2407\u241b[2J'), `the escapes are shown, not obeyed:\n${run.stdout}`);
  assert.doesNotMatch(run.stdout, DRIVES_A_TERMINAL);
});

test('the JSON report keeps the peer text exactly (data formats escape on their own)', { timeout: 30_000 }, async () => {
  const run = await runCli([
    'check',
    '--dependency',
    `http://127.0.0.1:${port}/`,
    '--only',
    'dependency',
    '--timeout',
    '2000',
    '-o',
    'json',
  ]);
  const report = JSON.parse(run.stdout) as { checks: { code?: string; message: string }[] };
  const denied = report.checks.filter((c) => c.code === 'FIREWALL_DENIED');
  assert.equal(denied.length, 1);
  assert.ok(denied[0]!.message.includes('\x1b]0;pwned\x07'), denied[0]!.message);
});

test("an error line on standard error shows a file name's escapes visibly", { timeout: 30_000 }, async () => {
  const run = await runCli(['check', '-c', join(dir, `profile${HOSTILE}.yaml`)]);
  assert.equal(run.code, 2);
  assert.match(run.stderr, /cannot read the profile/);
  assert.doesNotMatch(run.stderr, DRIVES_A_TERMINAL);
  assert.equal(run.stderr.split('\n').filter((l) => l.startsWith('aml-preflight:')).length, 1, run.stderr);
});

test('audit diff prints peer text from stored reports visibly', { timeout: 30_000 }, async () => {
  const report = (status: 'pass' | 'fail', startedAt: string) =>
    reportOf(
      [
        check('dependency@x.example:443/http', status, {
          phase: 'model-serve',
          host: 'x.example',
          port: 443,
          ...(status === 'fail' ? { code: 'FIREWALL_DENIED' } : {}),
          message: `peer said ${HOSTILE}`,
        }),
      ],
      startedAt,
    );
  const older = join(dir, 'older.json');
  const newer = join(dir, 'newer.json');
  writeFileSync(older, JSON.stringify(report('pass', '2026-12-01T10:00:00.000Z')));
  writeFileSync(newer, JSON.stringify(report('fail', '2026-12-01T11:00:00.000Z')));
  const run = await runCli(['audit', 'diff', older, newer]);
  assert.ok(run.code === 0 || run.code === 1, run.stderr);
  assert.match(run.stdout + run.stderr, /dependency@x\.example/);
  assert.doesNotMatch(run.stdout, DRIVES_A_TERMINAL);
  assert.doesNotMatch(run.stderr, DRIVES_A_TERMINAL);
});
