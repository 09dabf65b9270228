// Secrets end to end: the real CLI, a profile full of credentials (a SAS
// token and an API key in dependency URLs, a password in the proxy URL) and
// a proxy that echoes the request it got (Proxy-Authorization included) in
// its error page. Whatever the output format, and in --output-file too,
// none of those credentials is printed.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startLab, type Lab } from '../../src/lab/lab.ts';
import { OUTPUT_FORMATS } from '../../src/report/format.ts';
import type { Report } from '../../src/types.ts';
import { runCli } from '../helpers/cli.ts';
import { listenOnLoopback, type LoopbackServer } from '../helpers/loopback-server.ts';

const PROXY_PASSWORD = 'Pr0xy-Pa55w0rd';
const PROXY_BASIC = Buffer.from(`aks-egress:${PROXY_PASSWORD}`).toString('base64');
const SAS_SIG = 'U0FTc2lnbmF0dXJlU0VDUkVU';
const API_KEY = '3f2a9c0d4e5b6a7f8e9d0c1b2a3f4e5d';
const SECRETS = [PROXY_PASSWORD, PROXY_BASIC, SAS_SIG, API_KEY];

const dir = mkdtempSync(join(tmpdir(), 'amlpf-secrets-'));
let lab: Lab;
let proxy: LoopbackServer;
let profile: string;
const seen: string[] = [];

/** A proxy that opens every tunnel, but refuses plain GETs with a page quoting the request (as some error pages do). */
async function startEchoingProxy(): Promise<LoopbackServer> {
  const server = net.createServer((client) => {
    client.on('error', () => {});
    let head = '';
    client.on('data', (chunk) => {
      head += chunk.toString('latin1');
      if (!head.includes('\r\n\r\n')) return;
      seen.push(head);
      if (head.startsWith('CONNECT ')) {
        client.write('HTTP/1.1 200 Connection established\r\n\r\n');
        return;
      }
      const body = `<html><body><h1>Access denied</h1><pre>${head}</pre></body></html>`;
      client.end(
        `HTTP/1.1 403 Forbidden\r\nServer: squid/5.7\r\nX-Squid-Error: ERR_ACCESS_DENIED 0\r\nContent-Type: text/html\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
      );
    });
  });
  return listenOnLoopback(server);
}

before(async () => {
  lab = await startLab();
  proxy = await startEchoingProxy();
  const { port } = proxy;
  profile = join(dir, 'secrets.yaml');
  writeFileSync(
    profile,
    [
      `cluster: { apiServerFqdn: ${lab.target.cluster!.apiServerFqdn}, region: eastus }`,
      'workspace: { acr: demoacr, storageAccount: demostore }',
      `dns: { servers: ["${lab.dnsServer}"] }`,
      `connectTo: [${lab.connectTo.map((c) => `"${c}"`).join(', ')}]`,
      // Azure goes direct; the model's own API goes through the proxy.
      `proxy: { url: "http://aks-egress:${PROXY_PASSWORD}@127.0.0.1:${port}", noProxy: ".azmk8s.io,.microsoft.com,.azurecr.io,.core.windows.net,.azureml.ms,.windows.net" }`,
      'dependencies:',
      `  - "https://demostore.blob.core.windows.net/models/model.pkl?sv=2022-11-02&sp=r&se=2030-01-01&sig=${SAS_SIG}"`,
      `  - "http://features.contoso.example/v1/score?subscription-key=${API_KEY}"`,
      '',
    ].join('\n'),
  );
});
after(async () => {
  await lab?.stop();
  await proxy?.close();
  rmSync(dir, { recursive: true, force: true });
});

for (const format of OUTPUT_FORMATS) {
  test(`-o ${format} shows no credential from the profile or from what the proxy echoed`, { timeout: 60_000 }, async () => {
    const run = await runCli(['check', '-c', profile, '--ca-file', writeCa(), '--timeout', '3000', '-o', format]);
    assert.equal(run.code, 1, run.stderr);
    for (const secret of SECRETS) {
      assert.ok(!run.stdout.includes(secret), `-o ${format} prints ${secret}`);
      assert.ok(!run.stderr.includes(secret), `stderr prints ${secret}`);
    }
  });
}

test('--output-file holds no credential either, and the report still says what happened', { timeout: 60_000 }, async () => {
  const file = join(dir, 'report.json');
  const run = await runCli(['check', '-c', profile, '--ca-file', writeCa(), '--timeout', '3000', '--output-file', file]);
  assert.equal(run.code, 1, run.stderr);
  const text = readFileSync(file, 'utf8');
  for (const secret of SECRETS) assert.ok(!text.includes(secret), `the report file holds ${secret}`);
  const report = JSON.parse(text) as Report;
  // The proxy did get the credentials and did echo them: there was something to leak.
  assert.ok(
    seen.some((h) => h.toLowerCase().includes(`proxy-authorization: basic ${PROXY_BASIC.toLowerCase()}`)),
    'the proxy saw the credentials',
  );
  const http = report.checks.find((c) => c.id === 'dependency@features.contoso.example:80/http')!;
  assert.equal(http.code, 'PROXY_DENIED');
  assert.match(String(http.evidence.bodySnippet), /proxy-authorization: Basic \*\*\*/i);
  assert.equal(report.checks.find((c) => c.id === 'dependency@demostore.blob.core.windows.net:443/http')!.status, 'pass');
  assert.match(JSON.stringify(report.target), /sig=\*\*\*/);
});

function writeCa(): string {
  const file = join(dir, 'lab-ca.pem');
  writeFileSync(file, lab.caPem);
  return file;
}
