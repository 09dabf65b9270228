// npm run bench: wall-clock figures, side by side, on the embedded lab.
// Timing goals live here, not in tests: the machine's load makes them noisy.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startLab, type HostFault, type Lab } from '../src/lab/lab.ts';
import { runPreflight } from '../src/preflight.ts';
import { runChecker } from '../test/real/support/checker.ts';
import { TARGET_FLAGS } from '../test/real/support/lab-target.ts';
import { startManyEndpoints } from '../test/real/support/many-endpoints.ts';
import { startNetnsWorld } from '../test/real/support/netns-world.ts';
import { missingPrerequisite } from '../test/real/support/prerequisites.ts';

const TIMEOUT_MS = 2000;
const BLACKHOLED = ['mcr.microsoft.com', 'demoacr.azurecr.io', 'demostore.blob.core.windows.net', 'api.azureml.ms', 'ingest-viennaeastus.kusto.windows.net'];

interface Row { scenario: string; checks: number; wallMs: number; note: string; rssMb?: number }
const ENDPOINTS = 1000;
const MAX_RSS_HOOK = fileURLToPath(new URL('../test/real/support/max-rss.ts', import.meta.url));
const rows: Row[] = [];

async function timed(scenario: string, faults: Record<string, HostFault>, note: (ms: number) => string): Promise<{ lab: Lab; ms: number }> {
  const lab = await startLab({ faults });
  const started = performance.now();
  const report = await runPreflight({ ...lab.target, dns: { servers: [lab.dnsServer] }, connectTo: lab.connectTo }, { timeoutMs: TIMEOUT_MS, caPems: [lab.caPem], env: {} });
  const ms = performance.now() - started;
  rows.push({ scenario, checks: report.checks.length, wallMs: Math.round(ms), note: note(ms) });
  return { lab, ms };
}

/** What users write today: one host after another, dig then curl, on the same lab. */
function shellLoop(lab: Lab): number | undefined {
  if (spawnSync('sh', ['-c', 'command -v dig && command -v curl']).status !== 0) return undefined;
  const dir = mkdtempSync(join(tmpdir(), 'aml-preflight-bench-'));
  writeFileSync(join(dir, 'ca.pem'), lab.caPem);
  const [dnsHost, dnsPort] = lab.dnsServer.split(':');
  const lines = lab.endpoints.map((e) => {
    const connectTo = lab.connectTo.find((c) => c.startsWith(`${e.host}:`))!;
    return `dig @${dnsHost} -p ${dnsPort} +time=${TIMEOUT_MS / 1000} +tries=1 +short ${e.host} >/dev/null; curl -s -o /dev/null -m ${TIMEOUT_MS / 1000} --cacert ${dir}/ca.pem --connect-to ${connectTo} https://${e.host}/ || true`;
  });
  const script = join(dir, 'loop.sh');
  writeFileSync(script, `${lines.join('\n')}\n`);
  const started = performance.now();
  execFileSync('bash', [script], { stdio: 'ignore' });
  return performance.now() - started;
}

const healthy = await timed('healthy lab, full preflight', {}, () => 'all checks in parallel');
await healthy.lab.stop();

const faults = Object.fromEntries(BLACKHOLED.map((h) => [h, { endpoint: 'blackhole' as const }]));
const holes = await timed(`${BLACKHOLED.length} hosts blackholed, --timeout ${TIMEOUT_MS}`, faults, (ms) => `${(ms / TIMEOUT_MS).toFixed(2)}x the timeout (goal < 1.3x)`);
const loopMs = shellLoop(holes.lab);
if (loopMs !== undefined) {
  rows.push({ scenario: 'same lab, sequential dig + curl loop', checks: holes.lab.endpoints.length * 2, wallMs: Math.round(loopMs), note: `${(loopMs / holes.ms).toFixed(1)}x slower than aml-preflight` });
} else {
  rows.push({ scenario: 'same lab, sequential dig + curl loop', checks: 0, wallMs: 0, note: 'skipped: dig or curl not installed (apt-get install dnsutils curl)' });
}
await holes.lab.stop();

/** The same five hosts behind a real nftables drop rule, the checker in its own network namespace (root only). */
async function nftablesBlackhole(): Promise<void> {
  const scenario = `${BLACKHOLED.length} hosts dropped by nftables (namespaces), --timeout ${TIMEOUT_MS}`;
  const missing = missingPrerequisite(['unbound', 'ip', 'nft']);
  if (missing) {
    rows.push({ scenario, checks: 0, wallMs: 0, note: `skipped: ${missing}` });
    return;
  }
  const world = await startNetnsWorld('bench');
  try {
    await world.ns.setFirewall(BLACKHOLED.map((host) => `ip daddr ${world.addresses[host]} tcp dport 443 drop`));
    const run = await runChecker([...TARGET_FLAGS, '--ca-file', world.caFile, '--dns-server', world.dnsServer, '--timeout', String(TIMEOUT_MS), '-o', 'json'], { netns: world.ns.client });
    const ms = run.report.durationMs;
    const dropped = run.report.checks.filter((c) => c.code === 'TCP_TIMEOUT').length;
    rows.push({ scenario, checks: run.report.checks.length, wallMs: ms, note: `${(ms / TIMEOUT_MS).toFixed(2)}x the timeout (goal < 1.3x), ${dropped} TCP_TIMEOUT` });
  } finally {
    await world.stop();
  }
}

/** A model with 1,000 dependencies, each its own host and address, through the real CLI. */
async function thousandEndpoints(): Promise<void> {
  const endpoints = await startManyEndpoints(ENDPOINTS);
  const dir = mkdtempSync(join(tmpdir(), 'aml-preflight-bench-many-'));
  try {
    const profile = join(dir, 'many.yaml');
    writeFileSync(profile, `dns: { servers: ["${endpoints.dnsServer}"] }\ndependencies:\n${endpoints.urls.map((u) => `  - "${u}"`).join('\n')}\n`);
    writeFileSync(join(dir, 'ca.pem'), endpoints.caPem);
    const rssFile = join(dir, 'max-rss');
    const run = await runChecker(['-c', profile, '--ca-file', join(dir, 'ca.pem'), '--only', 'dependency', '-o', 'json'], { nodeArgs: ['--import', MAX_RSS_HOOK], env: { AMLPF_MAX_RSS_FILE: rssFile }, timeoutMs: 300_000 });
    const passed = run.report.checks.filter((c) => c.status === 'pass').length;
    const rssMb = Math.round(Number(readFileSync(rssFile, 'utf8')) / 1024);
    rows.push({ scenario: `${ENDPOINTS} dependency endpoints (real CLI)`, checks: run.report.checks.length, wallMs: run.report.durationMs, rssMb, note: `${passed} passed; ${run.wallMs} ms with Node's start-up` });
  } finally {
    await endpoints.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await nftablesBlackhole();
await thousandEndpoints();

const width = Math.max(...rows.map((r) => r.scenario.length));
console.log(`${'scenario'.padEnd(width)}  checks  wall ms  peak RSS  note`);
for (const r of rows) {
  const rss = r.rssMb === undefined ? '' : `${r.rssMb} MB`;
  console.log(`${r.scenario.padEnd(width)}  ${String(r.checks).padStart(6)}  ${String(r.wallMs).padStart(7)}  ${rss.padStart(8)}  ${r.note}`);
}
