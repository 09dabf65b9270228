import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { test } from 'node:test';
import { BIN, runCli } from '../helpers/cli.ts';
import { waitUntil } from '../helpers/wait-until.ts';
import { parseExposition } from './parse-exposition.ts';

// A target whose checks fail fast on loopback: a DNS server that is not there.
const TARGET = ['--only', 'mcr', '--region', 'eastus', '--dns-server', '127.0.0.1:9', '--timeout', '300'];

async function startServe(args: string[]) {
  const child = spawn(process.execPath, [BIN, 'serve', '--listen', '127.0.0.1:0', ...TARGET, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start: ${stderr}`)), 15_000);
    child.stderr.on('data', () => {
      const m = /metrics on (http:\/\/[^\s]+)\/metrics/.exec(stderr);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.on('exit', (code) => reject(new Error(`serve exited ${code}: ${stderr}`)));
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, url, exited, stderr: () => stderr };
}

async function scrapeWhenReady(url: string) {
  for (let i = 0; i < 100; i++) {
    const res = await fetch(`${url}/metrics`, { signal: AbortSignal.timeout(5000) });
    if (res.status === 200) return { res, families: parseExposition(await res.text()) };
    assert.equal(res.status, 503);
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('no result served');
}

test('serve answers /metrics with the checks, runs on its interval, and stops cleanly on SIGTERM', async () => {
  const s = await startServe(['--interval', '1s']);
  try {
    const { res, families } = await scrapeWhenReady(s.url);
    assert.match(res.headers.get('content-type')!, /^text\/plain; version=0\.0\.4/);
    const dns = families
      .get('aml_preflight_check_status')!
      .samples.find((x) => x.labels.requirement === 'mcr' && x.labels.kind === 'dns' && x.value === 1)!;
    assert.equal(dns.labels.status, 'fail');
    const runs = async () => (await scrapeWhenReady(s.url)).families.get('aml_preflight_serve_runs_total')!.samples[0].value;
    await waitUntil(async () => (await runs()) >= 2, 'the timer to run the checks again', 15_000, 200);
    assert.equal((await fetch(`${s.url}/healthz`)).status, 200);
    assert.equal((await fetch(`${s.url}/nope`)).status, 404);
  } finally {
    s.child.kill('SIGTERM');
  }
  assert.equal(await s.exited, 0);
  assert.match(s.stderr(), /SIGTERM, stopping/);
});

test('serve --on-scrape runs when scraped, and a second scrape within --cache reuses the result', async () => {
  const s = await startServe(['--on-scrape', '--cache', '1m']);
  try {
    const first = (await scrapeWhenReady(s.url)).families;
    const second = (await scrapeWhenReady(s.url)).families;
    assert.equal(first.get('aml_preflight_serve_runs_total')!.samples[0].value, 1);
    assert.equal(second.get('aml_preflight_serve_runs_total')!.samples[0].value, 1);
    assert.equal(
      first.get('aml_preflight_run_timestamp_seconds')!.samples[0].value,
      second.get('aml_preflight_run_timestamp_seconds')!.samples[0].value,
    );
  } finally {
    s.child.kill('SIGTERM');
  }
  assert.equal(await s.exited, 0);
});

test('serve rejects bad flags with one line and exit 2', async () => {
  for (const args of [
    ['--listen', 'nowhere'],
    ['--interval', 'soon'],
    ['--cache', '10s'],
    ['--on-scrape', '--interval', '5m'],
  ]) {
    const r = await runCli(['serve', ...args, ...TARGET]);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  }
});
