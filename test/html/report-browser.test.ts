// The HTML report in a real browser: Debian's headless Chromium, driven by
// playwright-core, every request the page makes recorded and refused, console
// errors and dialogs collected. The pages are rendered by the real CLI from
// saved JSON reports (`report --from`, `demo --output-file x.html`): the demo's,
// a two-pool cluster run merged by the same code as `cluster run`, a report
// whose text is hostile, and three audit runs. Screenshots stay in the test's
// temporary directory (named in the test's diagnostics), never committed.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { mergePodReports } from '../../src/cluster/merge.ts';
import { DEMO_FAULTS } from '../../src/lab/demo-scenario.ts';
import { startLab } from '../../src/lab/lab.ts';
import { runPreflight } from '../../src/preflight.ts';
import { instancesOf } from '../../src/report/instances.ts';
import type { Report } from '../../src/types.ts';
import { runCli } from '../helpers/cli.ts';

const CHROMIUM = '/usr/bin/chromium';
const skip = !existsSync(CHROMIUM) && `Chromium is not installed at ${CHROMIUM} (apt-get install chromium)`;
const dir = mkdtempSync(join(tmpdir(), 'aml-preflight-html-'));

let context: BrowserContext;
let demo: Report;
let cluster: Report;

async function render(report: Report, name: string, extra: string[] = []): Promise<string> {
  const json = join(dir, `${name}.json`);
  writeFileSync(json, JSON.stringify(report));
  const html = join(dir, `${name}.html`);
  const r = await runCli(['report', '--from', json, ...extra, '-o', 'html', '--output-file', html]);
  assert.ok(r.code === 0 || r.code === 1, r.stderr);
  return html;
}

interface Opened {
  page: Page;
  /** Every request the page made other than loading the file itself. */
  requests: string[];
  errors: string[];
  dialogs: string[];
}

async function open(file: string): Promise<Opened> {
  const url = pathToFileURL(file).href;
  const page = await context.newPage();
  const opened: Opened = { page, requests: [], errors: [], dialogs: [] };
  page.on('request', (r) => r.url() !== url && opened.requests.push(r.url()));
  page.on('console', (m) => m.type() === 'error' && opened.errors.push(m.text()));
  page.on('pageerror', (e) => opened.errors.push(e.message));
  page.on('dialog', (d) => {
    opened.dialogs.push(d.message());
    void d.dismiss();
  });
  // The network is closed to the page: anything it asks for is recorded above and refused here.
  await page.route('**/*', (route) => (route.request().url() === url ? route.continue() : route.abort()));
  await page.goto(url, { waitUntil: 'load' });
  return opened;
}

async function screenshot(t: { diagnostic(m: string): void }, page: Page, name: string): Promise<void> {
  const path = join(dir, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  t.diagnostic(`screenshot: ${path}`);
}

const attrs = (page: Page, selector: string, name: string) =>
  page.locator(selector).evaluateAll((els, n) => els.map((e) => e.getAttribute(n)), name);

describe('the HTML report in headless Chromium', { skip }, () => {
  before(async () => {
    const { chromium } = await import('playwright-core');
    context = await chromium.launchPersistentContext(mkdtempSync(join(dir, 'profile-')), {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
      viewport: { width: 1240, height: 900 },
    });
    const r = await runCli(['demo', '-o', 'json'], { timeoutMs: 60_000 });
    demo = JSON.parse(r.stdout) as Report;
    // A cluster run from two pools, merged by cluster run's own code: the gpu pool's HTTPS goes to a proxy that is down.
    const lab = await startLab({ faults: { ...DEMO_FAULTS } });
    try {
      const profile = { ...lab.target, dns: { servers: [lab.dnsServer] }, connectTo: lab.connectTo };
      const [system, gpu] = await Promise.all([
        runPreflight(profile, {
          timeoutMs: 2000,
          caPems: [lab.caPem],
          env: {},
          vantage: { kind: 'pod', host: 'aml-preflight-system-x1', nodePool: 'system' },
        }),
        runPreflight(profile, {
          timeoutMs: 2000,
          caPems: [lab.caPem],
          env: { HTTPS_PROXY: 'http://127.0.0.1:9' },
          vantage: { kind: 'pod', host: 'aml-preflight-gpu-x2', nodePool: 'gpu' },
        }),
      ]);
      cluster = mergePodReports(
        [
          { label: 'system', nodePool: true, report: system },
          { label: 'gpu', nodePool: true, report: gpu },
        ],
        { target: system.target, startedAt: new Date(system.startedAt), durationMs: Math.max(system.durationMs, gpu.durationMs) },
      ).report;
    } finally {
      await lab.stop();
    }
  });

  after(async () => {
    await context?.close();
  });

  test('demo --output-file demo.html: a page that fetches nothing, logs no error, and draws the timeline, the map and the matrix', async (t) => {
    const file = join(dir, 'demo-direct.html');
    const r = await runCli(['demo', '--output-file', file], { timeoutMs: 60_000 });
    assert.equal(r.code, 0, r.stderr);
    assert.match(readFileSync(file, 'utf8'), /^<!doctype html>/);
    const { page, requests, errors, dialogs } = await open(file);
    assert.deepEqual(requests, [], 'no request leaves the file');
    assert.deepEqual(errors, []);
    assert.deepEqual(dialogs, []);
    assert.equal(await page.locator('svg#timeline').count(), 1);
    assert.equal(await page.locator('svg.map').count(), 1);
    assert.equal(await page.locator('table.matrix').count(), 1);
    await screenshot(t, page, 'demo-direct');
  });

  test("the demo report: one timeline mark and one matrix cell per check, phases in order, each host's edge coloured by the step that broke", async (t) => {
    const { page, requests, errors } = await open(await render(demo, 'demo'));
    assert.deepEqual(requests, []);
    assert.deepEqual(errors, []);
    const ids = demo.checks.map((c) => c.id).sort();
    assert.equal(ids.length, 36);
    assert.deepEqual((await attrs(page, '#timeline [data-check]', 'data-check')).sort(), ids, 'a mark per check');
    assert.deepEqual((await attrs(page, 'table.matrix td[data-check]', 'data-check')).sort(), ids, 'a cell per check');
    const drawnPhases = await attrs(page, '#timeline [data-phase]', 'data-phase');
    assert.deepEqual(
      drawnPhases,
      demo.phases.map((p) => p.id).filter((p) => demo.checks.some((c) => c.phase === p)),
      "phases in the report's order",
    );
    // Bars sit on one time axis: a later step of a host never starts before the step it follows ended.
    const kusto = await page
      .locator('#timeline [data-check^="kusto/"]')
      .evaluateAll((els) =>
        els.map((e) => ({ id: e.getAttribute('data-check'), x: Number(e.getAttribute('x')), w: Number(e.getAttribute('width')) })),
      );
    const dns = kusto.find((k) => k.id === 'kusto/dns')!;
    const tcp = kusto.find((k) => k.id === 'kusto/tcp')!;
    const ms = (id: string) => demo.checks.find((c) => c.id === id)!.durationMs;
    assert.ok(tcp.x >= dns.x + dns.w - 1, `TCP starts after DNS ended: ${JSON.stringify(kusto)}`);
    const ratio = tcp.w / dns.w / (ms('kusto/tcp') / Math.max(ms('kusto/dns'), 1));
    assert.ok(ratio > 0.8 && ratio < 1.25, `bar lengths follow the durations (${ratio}): ${JSON.stringify(kusto)}`);
    assert.equal(await page.locator('#timeline [data-check="mcr-data/dns"].root').count(), 1, 'the root cause is marked');
    assert.equal(await page.locator('#timeline [data-check="mcr-data/tcp"].blocked').count(), 1, 'a blocked check is drawn as blocked');
    const hosts = instancesOf(demo).filter((i) => i.host && (i.steps.dns || i.steps.tcp));
    assert.equal(await page.locator('svg.map g.host').count(), hosts.length);
    const step = async (key: string) => page.locator(`svg.map g.host[data-host="${key}"]`).getAttribute('data-step');
    assert.equal(await step('mcr-data'), 'dns');
    assert.equal(await step('kusto'), 'tcp');
    assert.equal(await step('azureml-token'), 'tls');
    assert.equal(await step('mcr'), '');
    // The header names the root cause and its fix; the evidence is one click away.
    const cause = await page.locator('#root-cause').innerText();
    assert.match(cause, /Root cause: phase router-deploy/);
    assert.ok(cause.includes(demo.checks.find((c) => c.id === 'mcr-data/dns')!.remediation!), cause);
    const cell = page.locator('table.matrix td[data-check="kusto/tcp"]');
    assert.equal(await cell.locator('pre.evidence').isVisible(), false);
    await cell.locator('summary').click();
    assert.equal(await cell.locator('pre.evidence').isVisible(), true);
    assert.match(await cell.innerText(), /TCP_TIMEOUT[\s\S]*Fix:/);
    await screenshot(t, page, 'demo');
  });

  test('a cluster run: a map per node pool and the hosts where the pools disagree highlighted first', async (t) => {
    const { page, requests, errors } = await open(await render(cluster, 'cluster'));
    assert.deepEqual(requests, []);
    assert.deepEqual(errors, []);
    assert.equal(await page.locator('#timeline [data-check]').count(), cluster.checks.length);
    assert.equal(await page.locator('svg.map').count(), 2);
    const headers = await page.locator('table.pools thead th').allTextContents();
    assert.deepEqual(headers.slice(1), ['system', 'gpu']);
    const differing = page.locator('table.pools tr.differs');
    assert.ok((await differing.count()) >= 1);
    const first = await differing.first().innerText();
    assert.match(first, /PROXY_UNREACHABLE/, first);
    const rows = await page.locator('table.pools tbody tr').evaluateAll((els) => els.map((e) => e.classList.contains('differs')));
    assert.deepEqual(
      rows,
      [...rows].sort((a, b) => Number(b) - Number(a)),
      'differences come first',
    );
    await screenshot(t, page, 'cluster');
  });

  test('report text with <script>, onerror= and control bytes is shown as text and runs nothing', async (t) => {
    const evil = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2;alert(2)">\x1b]0;title\x07\x1b[2J\u0000"\'&';
    const hostile = structuredClone(demo);
    hostile.vantage.host = `"><script>alert(3)</script>`;
    hostile.target = { ...hostile.target, cluster: { name: '</title><script>alert(4)</script>' } };
    for (const c of hostile.checks) {
      c.message = `${evil} ${c.message}`;
      if (c.remediation) c.remediation = `<a href="javascript:alert(5)">fix</a>${evil}`;
      c.evidence = { ...c.evidence, '<b onmouseover=alert(6)>k</b>': evil };
    }
    const kusto = hostile.checks.find((c) => c.id === 'kusto/tcp')!;
    kusto.host = `<svg onload="window.__pwned=3">`;
    const { page, requests, errors, dialogs } = await open(await render(hostile, 'hostile'));
    // Open every detail and hover everything, so any handler that existed would have had its chance.
    await page.locator('details').evaluateAll((els) => {
      for (const d of els) (d as HTMLDetailsElement).open = true;
    });
    await page.locator('#root-cause').hover();
    assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);
    assert.deepEqual(dialogs, []);
    assert.deepEqual(requests, [], 'the <img src=x> never loaded: there is no such element');
    assert.deepEqual(errors, []);
    assert.equal(await page.locator('img, a[href], [onerror], [onload], [onmouseover]').count(), 0);
    assert.equal(await page.evaluate(() => document.scripts.length), 1, "only the page's own print script");
    const text = await page.locator('body').innerText();
    assert.ok(text.includes('<script>window.__pwned=1</script>'), 'the text is shown as written');
    assert.ok(text.includes('\u241b]0;title\u2407'), 'control bytes are shown visibly');
    assert.ok(!text.includes('\x1b'));
    await screenshot(t, page, 'hostile');
  });

  test('three audit runs: the strip says what broke and recovered, and names the check that flaps', async (t) => {
    const runs = [0, 1, 2].map((k) => {
      const r = structuredClone(demo);
      r.startedAt = new Date(Date.parse(demo.startedAt) + k * 3_600_000).toISOString();
      const kusto = r.checks.find((c) => c.id === 'kusto/tcp')!;
      if (k === 1) {
        Object.assign(kusto, { status: 'pass', code: undefined, message: 'connected' });
        r.summary = { ...r.summary, pass: r.summary.pass + 1, fail: r.summary.fail - 1 };
      }
      return r;
    });
    const files = runs.map((r, k) => {
      const f = join(dir, `run-${k}.json`);
      writeFileSync(f, JSON.stringify(r));
      return f;
    });
    const html = join(dir, 'history.html');
    // Given out of order: the page sorts the runs by start.
    const r = await runCli(['report', '--from', files[2], '--from', files[0], files[1], '--output-file', html]);
    assert.equal(r.code, 1, r.stderr);
    const { page, errors } = await open(html);
    assert.deepEqual(errors, []);
    const tiles = await page.locator('#history .strip .run').allInnerTexts();
    assert.equal(tiles.length, 3);
    assert.match(tiles[1], /1 recovered/);
    assert.match(tiles[2], /1 broke/);
    const flaps = await page.locator('#history table.flaps tr').allInnerTexts();
    assert.equal(flaps.length, 1);
    assert.match(flaps[0], /kusto\/tcp[\s\S]*2 changes/);
    await screenshot(t, page, 'history');
  });
});
