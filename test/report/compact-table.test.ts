// The default terminal view, as a person at an 80-column terminal sees it: the
// real CLI under a pseudo-terminal (util-linux `script`), so stdout and stderr
// are TTYs, the width is the terminal's, and the progress line is drawn.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { formatTable } from '../../src/report/table.ts';
import { widthOf } from '../../src/report/fit.ts';
import { instancesOf } from '../../src/report/instances.ts';
import type { Report } from '../../src/types.ts';
import { BIN, runCli } from '../helpers/cli.ts';
import { nonEmpty } from '../helpers/non-empty.ts';

const hasScript = spawnSync('script', ['--version']).status === 0;
const ANSI = /\x1b\[[0-9;]*[A-Za-z]/g;

/** What the terminal shows: each line as left after carriage returns redraw it, colours removed. */
function screenLines(raw: string): string[] {
  return raw
    .replace(/\r\n/g, '\n')
    .split('\n')
    .map((line) => line.split('\r').at(-1)!.replace(ANSI, ''));
}

/** Runs the CLI under a pseudo-terminal of `columns` columns; returns everything the terminal received. */
function underTerminal(args: string[], columns: number, env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; raw: string }> {
  const command = `stty cols ${columns} rows 50; exec ${[process.execPath, BIN, ...args].map((a) => `'${a}'`).join(' ')}`;
  return new Promise((resolve, reject) => {
    const { CI: _ci, NO_COLOR: _nc, ...rest } = process.env;
    const child = spawn('script', ['-qfec', command, '/dev/null'], {
      env: { ...rest, TERM: 'xterm-256color', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let raw = '';
    child.stdout.on('data', (d) => (raw += d));
    child.stderr.on('data', (d) => (raw += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, raw });
    });
  });
}

test('the demo on an 80-column terminal: every line fits, every failing code shows, a line per host plus the failure blocks', {
  skip: !hasScript && 'util-linux script is not installed',
  timeout: 90_000,
}, async () => {
  const json = await runCli(['demo', '-o', 'json']);
  const report = JSON.parse(json.stdout) as Report;
  const { code, raw } = await underTerminal(['demo'], 80);
  assert.equal(code, 0, raw);
  const lines = screenLines(raw).filter((l) => l.trim());
  const tooWide = lines.filter((l) => widthOf(l) > 80);
  assert.deepEqual(tooWide, [], 'no line is wider than the terminal');
  const failing = report.checks.filter((c) => c.status === 'fail');
  assert.equal(failing.length, 4);
  for (const c of failing)
    assert.ok(
      lines.some((l) => l.includes(c.code!) && l.includes(c.id)),
      `${c.id} ${c.code} has its block`,
    );
  // One line per host (the phase's hosts, each once), then a few lines per failure: a screen, not 400 lines.
  const hosts = instancesOf(report).filter((i) => i.host);
  for (const h of hosts)
    assert.equal(lines.filter((l) => l.startsWith(h.host!.slice(0, 12)) && /[✓✗·]/.test(l)).length >= 1, true, `${h.host} has its line`);
  assert.ok(lines.length <= hosts.length + failing.length * 7 + 14, `${lines.length} lines:\n${lines.join('\n')}`);
  assert.ok(colored(raw), 'a terminal gets colours');
});

const colored = (raw: string) => /\x1b\[3[12]m/.test(raw);

test('a live progress line on a terminal, none under CI=true, and NO_COLOR turns colours off', {
  skip: !hasScript && 'util-linux script is not installed',
  timeout: 90_000,
}, async () => {
  const live = await underTerminal(['demo'], 80);
  assert.match(live.raw, /\r[a-z-]+ \d+\/\d+ checks, \d+ failing, \d+\.\d s/, 'the progress line is drawn');
  const ci = await underTerminal(['demo'], 80, { CI: 'true', NO_COLOR: '1' });
  assert.equal(ci.code, 0, ci.raw);
  assert.doesNotMatch(ci.raw, /\d+\/\d+ checks, \d+ failing/);
  assert.doesNotMatch(ci.raw, /\x1b\[/, 'NO_COLOR: no escape sequence at all');
  assert.match(ci.raw, /Root cause: phase router-deploy — mcr-data\/dns \(DNS_NXDOMAIN\)/);
});

test('through a pipe: no progress line, no colours, 80 columns', async () => {
  const r = await runCli(['demo']);
  assert.doesNotMatch(r.stderr, /checks, \d+ failing/);
  assert.doesNotMatch(r.stdout, /\x1b/);
  assert.ok(nonEmpty(r.stdout.split('\n').filter(Boolean), 'the table').every((l) => widthOf(l) <= 80));
});

/** A report whose values are long: hosts of 60 characters, a message of 400. */
function longReport(): Report {
  const host = `${'a'.repeat(30)}.privatelink.blob.core.windows.net`;
  const check = (kind: 'dns' | 'tcp', status: 'pass' | 'fail') => ({
    id: `storage-blob@${'s'.repeat(24)}/${kind}`,
    requirement: 'storage-blob',
    phase: 'model-deploy' as const,
    kind,
    host,
    port: kind === 'tcp' ? 443 : undefined,
    status,
    code: status === 'fail' ? ('TCP_UNREACHABLE' as const) : undefined,
    message: `${'word '.repeat(80)}end`,
    remediation: `${'fix '.repeat(60)}done`,
    durationMs: 12,
    evidence: {},
  });
  return {
    schemaVersion: 1,
    tool: { name: 'aml-preflight', version: '0' },
    target: {},
    vantage: { kind: 'local', host: 'h'.repeat(90) },
    startedAt: new Date().toISOString(),
    durationMs: 1,
    summary: { pass: 1, warn: 0, fail: 1, skip: 0 },
    rootCause: { phase: 'model-deploy', checks: [`storage-blob@${'s'.repeat(24)}/tcp`] },
    phases: [{ id: 'model-deploy', status: 'fail' }],
    checks: [check('dns', 'pass'), check('tcp', 'fail')],
  };
}

for (const width of [40, 60, 80, 132]) {
  test(`long values are shortened in the middle to fit ${width} columns`, () => {
    const out = formatTable(longReport(), { color: true, width });
    const lines = out.split('\n').map((l) => l.replace(ANSI, ''));
    assert.deepEqual(
      lines.filter((l) => widthOf(l) > width),
      [],
    );
    assert.ok(
      lines.some((l) => l.includes('…') && l.startsWith('aaaa') && l.endsWith('')),
      'the host is shortened with an ellipsis',
    );
    assert.ok(out.includes('TCP_UNREACHABLE'));
    assert.ok(
      lines.some((l) => l.trim().endsWith('done')),
      'the remediation is wrapped, never cut',
    );
  });
}

test('--wide keeps the bordered table of every check', async () => {
  const r = await runCli(['demo', '-o', 'table', '--wide']);
  assert.match(r.stdout, /│ FAIL\s+│ mcr-data\/dns/);
  const verbose = await runCli(['demo', '-o', 'table', '--verbose']);
  assert.match(verbose.stdout, /┌/);
});

test("failures that say the same (a proxy that is down, from every host) make one block with the code's own fix", () => {
  const base = longReport();
  const fail = (host: string) => ({
    id: `gpu:${host}/tcp`,
    requirement: host,
    phase: 'router-deploy' as const,
    kind: 'tcp' as const,
    host: `${host}.example`,
    port: 443,
    status: 'fail' as const,
    code: 'PROXY_UNREACHABLE' as const,
    message: 'connection to proxy 127.0.0.1:9 was refused',
    remediation: `allow ${host}`,
    durationMs: 1,
    evidence: {},
  });
  const report: Report = {
    ...base,
    summary: { pass: 0, warn: 0, fail: 3, skip: 0 },
    rootCause: null,
    phases: [{ id: 'router-deploy', status: 'fail' }],
    checks: ['a', 'b', 'c'].map(fail),
  };
  const out = formatTable(report, { color: false, width: 80 });
  assert.equal(out.match(/✗ PROXY_UNREACHABLE/g)?.length, 1, out);
  assert.match(out, /gpu:a\/tcp and 2 more/);
  assert.match(out, /fix: Check the proxy address and port/);
  assert.match(out, /also: gpu:b\/tcp, gpu:c\/tcp/);
});
