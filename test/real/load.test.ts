// Scale: a model with 1,000 extra dependencies, each its own host on its own
// loopback address, checked in one run of the real CLI. All of them must pass
// inside the default deadlines, and the process's peak memory stays bounded.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { runChecker } from './support/checker.ts';
import { startManyEndpoints, type ManyEndpoints } from './support/many-endpoints.ts';

const COUNT = 1000;
// Generous: a Node process with 4,000 checks' evidence in memory, not a goal (bench/run.ts prints the figure).
const MAX_RSS_MB = 512;
const MAX_RSS_HOOK = fileURLToPath(new URL('./support/max-rss.ts', import.meta.url));

let endpoints: ManyEndpoints;
const dir = mkdtempSync(join(tmpdir(), 'amlpf-load-'));

before(async () => {
  endpoints = await startManyEndpoints(COUNT);
});
after(async () => {
  await endpoints?.stop();
  rmSync(dir, { recursive: true, force: true });
});

test(`${COUNT} dependency endpoints in one run: all pass, peak RSS under ${MAX_RSS_MB} MB`, { timeout: 120_000 }, async () => {
  const profile = join(dir, 'many.yaml');
  writeFileSync(
    profile,
    `dns: { servers: ["${endpoints.dnsServer}"] }\ndependencies:\n${endpoints.urls.map((u) => `  - "${u}"`).join('\n')}\n`,
  );
  const ca = join(dir, 'ca.pem');
  writeFileSync(ca, endpoints.caPem);
  const rssFile = join(dir, 'max-rss');
  // The run's deadline is raised past the default 30 s: this test proves the checks pass and the memory, not speed,
  // and CI runs it beside other suites on two cores (speed is the benchmark's).
  const run = await runChecker(['-c', profile, '--ca-file', ca, '--only', 'dependency', '--deadline', '100000', '-o', 'json'], {
    nodeArgs: ['--import', MAX_RSS_HOOK],
    env: { AMLPF_MAX_RSS_FILE: rssFile },
    timeoutMs: 110_000,
  });
  const notPassed = run.report.checks.filter((c) => c.status !== 'pass');
  assert.deepEqual(
    notPassed.slice(0, 5).map((c) => `${c.id} ${c.code} ${c.message}`),
    [],
    `${notPassed.length} checks did not pass`,
  );
  assert.equal(run.report.checks.length, COUNT * 4);
  assert.equal(run.code, 0);
  const maxRssMb = Number(readFileSync(rssFile, 'utf8')) / 1024;
  assert.ok(maxRssMb < MAX_RSS_MB, `peak RSS ${Math.round(maxRssMb)} MB`);
  process.stderr.write(
    `# ${COUNT} endpoints: ${run.report.durationMs} ms in the report, ${run.wallMs} ms wall, peak RSS ${Math.round(maxRssMb)} MB\n`,
  );
});
