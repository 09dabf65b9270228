// npm run bench: wall-clock figures, side by side, on the embedded lab.
// Timing goals live here, not in tests: the machine's load makes them noisy.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLab, type HostFault, type Lab } from '../src/lab/lab.ts';
import { runPreflight } from '../src/preflight.ts';

const TIMEOUT_MS = 2000;
const BLACKHOLED = ['mcr.microsoft.com', 'demoacr.azurecr.io', 'demostore.blob.core.windows.net', 'api.azureml.ms', 'ingest-viennaeastus.kusto.windows.net'];

interface Row { scenario: string; checks: number; wallMs: number; note: string }
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

const width = Math.max(...rows.map((r) => r.scenario.length));
console.log(`${'scenario'.padEnd(width)}  checks  wall ms  note`);
for (const r of rows) console.log(`${r.scenario.padEnd(width)}  ${String(r.checks).padStart(6)}  ${String(r.wallMs).padStart(7)}  ${r.note}`);
