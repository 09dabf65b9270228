// `aml-preflight report --from FILE`: any saved report, in any format, checked
// against the schema first; and the HTML page keeps every secret out, as every
// format does.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, test } from 'node:test';
import type { Report } from '../../src/types.ts';
import { runCli } from '../helpers/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'aml-preflight-report-cmd-'));
let saved: string;
let report: Report;

before(async () => {
  saved = join(dir, 'demo.json');
  const r = await runCli(['demo', '--output-file', saved], { timeoutMs: 60_000 });
  assert.equal(r.code, 0, r.stderr);
  report = JSON.parse(readFileSync(saved, 'utf8')) as Report;
});

test("a saved report renders again in every format; the exit code is the report's verdict", async () => {
  const json = await runCli(['report', '--from', saved, '-o', 'json']);
  assert.equal(json.code, 1, 'the demo report has failures');
  assert.deepEqual(JSON.parse(json.stdout), report);
  const table = await runCli(['report', '--from', saved, '-o', 'table']);
  assert.match(table.stdout, /Root cause: phase router-deploy — mcr-data\/dns \(DNS_NXDOMAIN\)/);
  const html = await runCli(['report', '--from', saved, '-o', 'html']);
  assert.match(html.stdout, /^<!doctype html>/);
  const markdown = await runCli(['report', '--from', saved, '-o', 'markdown']);
  assert.match(markdown.stdout, /^# aml-preflight report/);
});

test('every check that ran carries its start, and a report without starts (older) still renders, laid out by dependency order', async () => {
  const ran = report.checks.filter((c) => c.status !== 'skip');
  assert.ok(ran.length > 20);
  assert.deepEqual(
    ran.filter((c) => c.startedMs === undefined),
    [],
  );
  const older = structuredClone(report);
  for (const c of older.checks) delete c.startedMs;
  const file = join(dir, 'older.json');
  writeFileSync(file, JSON.stringify(older));
  const r = await runCli(['report', '--from', file, '-o', 'html']);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stdout, /this report has no start times/);
  const timeline = r.stdout.slice(
    r.stdout.indexOf('<svg id="timeline"'),
    r.stdout.indexOf('</svg>', r.stdout.indexOf('<svg id="timeline"')),
  );
  assert.equal(timeline.match(/data-check="/g)?.length, report.checks.length);
});

test('what is not a report is refused with one line and exit 2', async () => {
  const notJson = join(dir, 'not.json');
  writeFileSync(notJson, 'hello');
  const notReport = join(dir, 'other.json');
  writeFileSync(notReport, JSON.stringify({ schemaVersion: 1, checks: 'no' }));
  for (const [args, pattern] of [
    [['report'], /give the report to render: --from FILE/],
    [['report', '--from', join(dir, 'missing.json')], /missing\.json: cannot read/],
    [['report', '--from', notJson], /not\.json: not JSON/],
    [['report', '--from', notReport], /other\.json: .*not an aml-preflight report/],
    [['report', '--from', saved, '-o', 'pdf'], /--output: must be one of table, json, junit, markdown, prometheus, html/],
  ] as const) {
    const r = await runCli([...args]);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, pattern);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  }
});

test('a proxy password and a SAS signature never reach the HTML page, written directly or from the saved JSON', async () => {
  const args = [
    'check',
    '--proxy',
    'http://alice:pa55%3Cw0rd@127.0.0.1:9',
    '--cluster-fqdn',
    'a.hcp.eastus.azmk8s.io',
    '--region',
    'eastus',
    '--dependency',
    'https://db.contoso.example/x?sig=S1GNATURE&sv=2024',
    '--only',
    'router-deploy',
    '--only',
    'dependency',
    '--timeout',
    '300',
  ];
  const direct = await runCli([...args, '-o', 'html']);
  assert.equal(direct.code, 1, direct.stderr);
  assert.match(direct.stdout, /PROXY_UNREACHABLE/, 'the checks did go to the proxy');
  const json = join(dir, 'proxied.json');
  assert.equal((await runCli([...args, '--output-file', json])).code, 1);
  const rendered = await runCli(['report', '--from', json, '-o', 'html']);
  for (const html of [direct.stdout, rendered.stdout]) {
    assert.match(html, /db\.contoso\.example/);
    assert.doesNotMatch(html, /pa55|w0rd|S1GNATURE/);
  }
});

test('audit history -o html: the newest kept run drawn in full, the runs before it as the strip', async () => {
  const runs = join(dir, 'runs');
  mkdirSync(runs);
  for (const k of [0, 1, 2]) {
    const r = structuredClone(report);
    r.startedAt = new Date(Date.parse(report.startedAt) + k * 60_000).toISOString();
    writeFileSync(join(runs, `run-${k}.json`), JSON.stringify(r));
  }
  const out = join(dir, 'history.html');
  const r = await runCli(['audit', 'history', '--dir', runs, '-o', 'html', '--window', '2', '--output-file', out]);
  assert.equal(r.code, 0, r.stderr);
  const html = readFileSync(out, 'utf8');
  assert.equal(html.match(/<li class="run /g)?.length, 2, 'the last --window runs');
  assert.match(html, /<svg id="timeline"/);
  const empty = join(dir, 'empty-runs');
  mkdirSync(empty);
  const none = await runCli(['audit', 'history', '--dir', empty, '-o', 'html']);
  assert.equal(none.code, 2);
  assert.match(none.stderr, /no audit runs in/);
});

test('audit -o html: a compliance-only report lists its rules, with no map and no timeline to draw', async () => {
  const fixture = new URL('../compliance/fixtures/v1-cluster.yaml', import.meta.url).pathname;
  const file = join(dir, 'audit.html');
  const r = await runCli([
    'audit',
    '--from-manifests',
    fixture,
    '--cluster-fqdn',
    'x.hcp.eastus.azmk8s.io',
    '--region',
    'eastus',
    '--output-file',
    file,
  ]);
  assert.ok(r.code === 0 || r.code === 1, r.stderr);
  const html = readFileSync(file, 'utf8');
  const json = JSON.parse(
    (await runCli(['audit', '--from-manifests', fixture, '--cluster-fqdn', 'x.hcp.eastus.azmk8s.io', '--region', 'eastus', '-o', 'json']))
      .stdout,
  ) as Report;
  assert.ok(json.checks.length > 3 && json.checks.every((c) => c.kind === 'compliance'));
  assert.equal(html.match(/<td colspan="4" class="cell [a-z]+" data-check="/g)?.length, json.checks.length);
  assert.doesNotMatch(html, /id="map-section"|id="timeline"/);
});
