// npm run bench: wall-clock figures, side by side, on the embedded lab.
// Timing goals live here, not in tests: the machine's load makes them noisy.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startLab, type HostFault, type Lab } from '../src/lab/lab.ts';
import { DEFAULT_CONCURRENCY } from '../src/engine/run.ts';
import { runPreflight } from '../src/preflight.ts';
import { BIN, runChecker } from '../test/real/support/checker.ts';
import { TARGET_FLAGS } from '../test/real/support/lab-target.ts';
import { startManyEndpoints } from '../test/real/support/many-endpoints.ts';
import { startNetnsWorld } from '../test/real/support/netns-world.ts';
import { missingPrerequisite } from '../test/real/support/prerequisites.ts';

const TIMEOUT_MS = 2000;
const BLACKHOLED = [
  'mcr.microsoft.com',
  'demoacr.azurecr.io',
  'demostore.blob.core.windows.net',
  'api.azureml.ms',
  'ingest-viennaeastus.kusto.windows.net',
];

interface Row {
  scenario: string;
  checks: number;
  wallMs: number;
  note: string;
  rssMb?: number;
}
const ENDPOINTS = Number(process.env.BENCH_ENDPOINTS ?? 1000);
const ROUNDS = 5;
const USAGE_HOOK = fileURLToPath(new URL('./usage-hook.mjs', import.meta.url));
const FLOOR = fileURLToPath(new URL('./floor.ts', import.meta.url));
const rows: Row[] = [];

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
/** Wall time, peak RSS and CPU time of a row: each the median over its runs. */
const medians = (runs: { ms: number; rssMb: number; cpuMs: number }[]) => ({
  ms: median(runs.map((r) => r.ms)),
  rssMb: median(runs.map((r) => r.rssMb)),
  cpuMs: median(runs.map((r) => r.cpuMs)),
});

async function timed(scenario: string, faults: Record<string, HostFault>, note: (ms: number) => string): Promise<{ lab: Lab; ms: number }> {
  const lab = await startLab({ faults });
  const started = performance.now();
  const report = await runPreflight(
    { ...lab.target, dns: { servers: [lab.dnsServer] }, connectTo: lab.connectTo },
    { timeoutMs: TIMEOUT_MS, caPems: [lab.caPem], env: {} },
  );
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

// explain: the pure evaluation of a hub-and-spoke snapshot, and its minimal fix (each candidate re-evaluated).
{
  const [{ readSnapshot }, { explain }, { minimalFix }, { loadCatalog }, { readProfileFile }] = await Promise.all([
    import('../src/azure/snapshot.ts'),
    import('../src/azure/explain/explain.ts'),
    import('../src/azure/explain/minimal-fix.ts'),
    import('../src/catalog/load.ts'),
    import('../src/config/load.ts'),
  ]);
  const fixtures = new URL('../test/fixtures/azure/', import.meta.url).pathname;
  const snapshot = readSnapshot(`${fixtures}explain-hub-spoke.json`);
  const profile = readProfileFile(`${fixtures}explain-profile.yaml`);
  const catalog = loadCatalog();
  let started = performance.now();
  const x = explain(snapshot, profile, catalog, 'bench');
  const explainMs = performance.now() - started;
  started = performance.now();
  const fix = minimalFix(snapshot, profile, catalog, 'bench');
  rows.push({
    scenario: 'explain, hub-and-spoke snapshot',
    checks: x.entries.length,
    wallMs: Math.round(explainMs),
    note: `its minimal fix: ${fix.steps.length} proved changes in ${Math.round(performance.now() - started)} ms`,
  });
}

const faults = Object.fromEntries(BLACKHOLED.map((h) => [h, { endpoint: 'blackhole' as const }]));
const holes = await timed(
  `${BLACKHOLED.length} hosts blackholed, --timeout ${TIMEOUT_MS}`,
  faults,
  (ms) => `${(ms / TIMEOUT_MS).toFixed(2)}x the timeout (goal < 1.3x)`,
);
const loopMs = shellLoop(holes.lab);
if (loopMs !== undefined) {
  rows.push({
    scenario: 'same lab, sequential dig + curl loop',
    checks: holes.lab.endpoints.length * 2,
    wallMs: Math.round(loopMs),
    note: `${(loopMs / holes.ms).toFixed(1)}x slower than aml-preflight`,
  });
} else {
  rows.push({
    scenario: 'same lab, sequential dig + curl loop',
    checks: 0,
    wallMs: 0,
    note: 'skipped: dig or curl not installed (apt-get install dnsutils curl)',
  });
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
    const runs = [];
    for (let round = 0; round < ROUNDS; round++) {
      runs.push(
        await runChecker(
          [...TARGET_FLAGS, '--ca-file', world.caFile, '--dns-server', world.dnsServer, '--timeout', String(TIMEOUT_MS), '-o', 'json'],
          { netns: world.ns.client },
        ),
      );
    }
    // The whole process, Node's start-up included: what a pipeline waits for.
    const ms = Math.round(median(runs.map((r) => r.wallMs)));
    const dropped = Math.min(...runs.map((r) => r.report.checks.filter((c) => c.code === 'TCP_TIMEOUT').length));
    rows.push({
      scenario,
      checks: runs[0]!.report.checks.length,
      wallMs: ms,
      note: `${(ms / TIMEOUT_MS).toFixed(2)}x the timeout, whole process (goal 1.05x), ${dropped} TCP_TIMEOUT; median of ${ROUNDS}`,
    });
  } finally {
    await world.stop();
  }
}

/** Run Node on `args` with `input` on stdin, without blocking this process (the lab answers from it). */
function runNode(args: string[], input: string, env: Record<string, string>): Promise<{ stdout: string; code: number | null }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.on('close', (code) => resolve({ stdout, code }));
    child.stdin.end(input);
  });
}

/** Peak RSS (MiB) and CPU time (ms) a child wrote through the usage hook. */
function usageOf(file: string): { rssMb: number; cpuMs: number } {
  const { maxRssKb, cpuMs } = JSON.parse(readFileSync(file, 'utf8')) as { maxRssKb: number; cpuMs: number };
  return { rssMb: Math.round(maxRssKb / 1024), cpuMs };
}

/** A model with 1,000 dependencies, each its own host and address: the bare client (the floor), then the real CLI. */
async function thousandEndpoints(): Promise<void> {
  const endpoints = await startManyEndpoints(ENDPOINTS);
  const dir = mkdtempSync(join(tmpdir(), 'aml-preflight-bench-many-'));
  try {
    const profile = join(dir, 'many.yaml');
    writeFileSync(
      profile,
      `dns: { servers: ["${endpoints.dnsServer}"] }\ndependencies:\n${endpoints.urls.map((u) => `  - "${u}"`).join('\n')}\n`,
    );
    writeFileSync(join(dir, 'ca.pem'), endpoints.caPem);

    // The floor and check take turns, five times each, and each row shows its medians: one run on a
    // shared 2-core machine moves by 15 %, and medians of three still moved the ratio by 8 % between runs.
    const floors: { ms: number; ok: number; rssMb: number; cpuMs: number }[] = [];
    const checks: { ms: number; passed: number; total: number; perHost: number; rssMb: number; cpuMs: number }[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const floorUsage = join(dir, `floor-usage-${round}`);
      const floorStarted = performance.now();
      // Not spawnSync: the lab serves from this process's event loop.
      const floor = await runNode(
        ['--import', USAGE_HOOK, FLOOR, endpoints.dnsServer, join(dir, 'ca.pem'), String(DEFAULT_CONCURRENCY)],
        endpoints.urls.join('\n'),
        // Like the checker's bin, the floor keeps its compiled (type-stripped) code between runs.
        { AMLPF_USAGE_FILE: floorUsage, NODE_COMPILE_CACHE: join(dir, 'compile-cache') },
      );
      const ms = performance.now() - floorStarted;
      floors.push({ ms, ok: (JSON.parse(floor.stdout || '{}') as { ok?: number }).ok ?? 0, ...usageOf(floorUsage) });

      const checkUsage = join(dir, `check-usage-${round}`);
      const acceptedBefore = endpoints.accepted();
      // --deadline: the bench measures throughput; on a loaded machine the default run deadline (30 s) would cut it short.
      const run = await runChecker(
        ['-c', profile, '--ca-file', join(dir, 'ca.pem'), '--only', 'dependency', '--deadline', '300000', '-o', 'json'],
        { nodeArgs: ['--import', USAGE_HOOK], env: { AMLPF_USAGE_FILE: checkUsage }, timeoutMs: 300_000 },
      );
      checks.push({
        ms: run.wallMs,
        passed: run.report.checks.filter((c) => c.status === 'pass').length,
        total: run.report.checks.length,
        perHost: (endpoints.accepted() - acceptedBefore) / ENDPOINTS,
        ...usageOf(checkUsage),
      });
    }
    const floor = medians(floors);
    const check = medians(checks);
    rows.push({
      scenario: `${ENDPOINTS} dependencies, bare client (the floor)`,
      checks: ENDPOINTS,
      wallMs: Math.round(floor.ms),
      rssMb: floor.rssMb,
      note: `${Math.min(...floors.map((f) => f.ok))} answered; DNS (A and AAAA) + TCP + TLS + GET per host, ${DEFAULT_CONCURRENCY} at once; ${floor.cpuMs} ms CPU; median of ${ROUNDS}`,
    });
    rows.push({
      scenario: `${ENDPOINTS} dependencies, aml-preflight check (real CLI)`,
      checks: checks[0]!.total,
      wallMs: Math.round(check.ms),
      rssMb: check.rssMb,
      note: `${(check.ms / floor.ms).toFixed(2)}x the floor (goal 1.2x), ${check.rssMb} MiB (goal 120); ${Math.min(...checks.map((c) => c.passed))} passed; ${Math.max(...checks.map((c) => c.perHost)).toFixed(2)} connections per host (goal 1); ${check.cpuMs} ms CPU (${(check.cpuMs / floor.cpuMs).toFixed(2)}x); median of ${ROUNDS}`,
    });
  } finally {
    await endpoints.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Median wall time of a command, started fresh `times` times. */
function startupMs(args: string[], times = 7): number {
  const runs: number[] = [];
  for (let i = 0; i < times; i++) {
    const started = performance.now();
    spawnSync(process.execPath, args, { stdio: 'ignore', env: { ...process.env, NO_COLOR: '1' } });
    runs.push(performance.now() - started);
  }
  return median(runs);
}

/** Start-up: what a user waits for before the first probe, against Node doing nothing. */
function startup(): void {
  const bare = startupMs(['-e', '0']);
  rows.push({ scenario: 'start-up: node -e 0', checks: 0, wallMs: Math.round(bare), note: 'the unit' });
  for (const args of [
    ['check', '--help'],
    ['rules', 'list'],
  ]) {
    const ms = startupMs([BIN, ...args]);
    rows.push({
      scenario: `start-up: aml-preflight ${args.join(' ')}`,
      checks: 0,
      wallMs: Math.round(ms),
      note: `${(ms / bare).toFixed(1)}x node -e 0 (goal 3x)`,
    });
  }
}

startup();
await nftablesBlackhole();
await thousandEndpoints();

const width = Math.max(...rows.map((r) => r.scenario.length));
console.log(`${'scenario'.padEnd(width)}  checks  wall ms  peak RSS  note`);
for (const r of rows) {
  const rss = r.rssMb === undefined ? '' : `${r.rssMb} MiB`;
  console.log(
    `${r.scenario.padEnd(width)}  ${String(r.checks).padStart(6)}  ${String(r.wallMs).padStart(7)}  ${rss.padStart(8)}  ${r.note}`,
  );
}
