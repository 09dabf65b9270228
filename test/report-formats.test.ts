import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { Report } from '../src/types.ts';
import { runCli } from './helpers/cli.ts';

// Every format is checked on the real demo run: what a user of each format gets.
const dir = mkdtempSync(join(tmpdir(), 'aml-preflight-formats-'));
let json: { stdout: string; code: number | null };

before(async () => {
  json = await runCli(['demo', '-o', 'json']);
});

test('demo exits 0 when the lab behaved as designed, and says so', async () => {
  assert.equal(json.code, 0);
});

test('the JSON report validates against the published schema and names the root cause', () => {
  const schema = JSON.parse(readFileSync(new URL('../schema/report.schema.json', import.meta.url), 'utf8'));
  const ajv = new Ajv({ allErrors: true });
  addFormats.default(ajv);
  const validate = ajv.compile(schema);
  const report = JSON.parse(json.stdout) as Report;
  assert.ok(validate(report), JSON.stringify(validate.errors));
  assert.deepEqual(report.rootCause, { phase: 'router-deploy', checks: ['mcr-data/dns'] });
  assert.deepEqual(report.summary, {
    pass: report.checks.filter((c) => c.status === 'pass').length,
    warn: 0,
    fail: 4,
    skip: report.summary.skip,
  });
  assert.equal(report.vantage.kind, 'local');
});

test('JUnit output is well-formed XML with one testsuite per phase and a failure per failed check', async () => {
  const r = await runCli(['demo', '-o', 'junit']);
  assert.equal(XMLValidator.validate(r.stdout), true);
  const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(r.stdout);
  const suites = doc.testsuites.testsuite as { name: string; failures: string; testcase: unknown }[];
  assert.deepEqual(
    suites.map((s) => s.name),
    ['router-deploy', 'router-start', 'router-run', 'model-deploy', 'model-serve'],
  );
  assert.equal(
    suites.reduce((n, s) => n + Number(s.failures), 0),
    4,
  );
  const cases = suites.flatMap((s) => (Array.isArray(s.testcase) ? s.testcase : s.testcase ? [s.testcase] : [])) as {
    name: string;
    failure?: { type: string };
  }[];
  assert.equal(cases.find((c) => c.name === 'kusto/tcp')?.failure?.type, 'TCP_TIMEOUT');
});

test('Markdown output has a section per phase and the root cause', async () => {
  const r = await runCli(['demo', '-o', 'markdown']);
  assert.match(r.stdout, /\*\*Root cause:\*\* phase `router-deploy` — `mcr-data\/dns`/);
  assert.equal((r.stdout.match(/^## /gm) ?? []).length, 5);
  assert.match(r.stdout, /\| FAIL \| `storage-blob@demostore\/tcp` \| demostore\.blob\.core\.windows\.net:443 \| TCP_REFUSED \|/);
});

test('the table honours NO_COLOR and ends with a summary line', async () => {
  const r = await runCli(['demo', '-o', 'table'], { env: { NO_COLOR: '1' } });
  assert.doesNotMatch(r.stdout, /\x1b\[/);
  assert.match(r.stdout, /^\d+ passed, 0 warnings, 4 failed, \d+ skipped in \d+ ms/m);
  assert.match(r.stdout, /Root cause: phase router-deploy/);
});

test('--output-file writes atomically and leaves the old report intact when the write fails', async () => {
  const file = join(dir, 'report.json');
  const r = await runCli(['demo', '-o', 'json', '--output-file', file]);
  assert.equal(r.code, 0);
  assert.equal(JSON.parse(readFileSync(file, 'utf8')).schemaVersion, 1);
  writeFileSync(join(dir, 'blocker'), 'not a directory');
  const bad = await runCli(['demo', '--output-file', join(dir, 'blocker', 'report.json')]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /cannot write .*blocker\/report\.json: (ENOTDIR|EEXIST)/);
  assert.equal(JSON.parse(readFileSync(file, 'utf8')).schemaVersion, 1);
});
