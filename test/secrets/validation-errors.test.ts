// A mistyped URL must not write its credential into a CI log: validation errors
// quote the value only after redaction. And a valid URL whose user information
// holds quotes, angle brackets or spaces is redacted from its parsed form, so
// none of it reaches the JSON report.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { quoted, redact } from '../../src/report/redact.ts';
import { runCli } from '../helpers/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'amlpf-validation-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const MISTYPED: [string, string[], string][] = [
  ['a proxy URL whose host has a space', ['check', '--proxy', 'http://aks-egress:Pr0xyPa55@proxy contoso:3128'], 'Pr0xyPa55'],
  [
    'a proxy URL whose password has a space, with an invalid host',
    ['check', '--proxy', 'http://aks-egress:pa55 w0rd@proxy_contoso:3128'],
    'w0rd',
  ],
  [
    'a dependency URL with a SAS signature and the wrong scheme',
    ['check', '--dependency', 'ftp://demostore.blob.core.windows.net/m.pkl?sv=2022-11-02&sig=U0FTc2lnU0VDUkVU'],
    'U0FTc2lnU0VDUkVU',
  ],
  ['a Pushgateway URL with a password and a query', ['audit', 'run', '--pushgateway', 'https://ci:PushPa55@push.example/?x=1'], 'PushPa55'],
  ['a Pushgateway URL that is not a URL at all', ['audit', 'run', '--pushgateway', 'push://ci:PushPa55@[bad'], 'PushPa55'],
];

for (const [what, args, secret] of MISTYPED) {
  test(`${what}: exit 2, one line, no credential`, { timeout: 30_000 }, async () => {
    const run = await runCli(args);
    assert.equal(run.code, 2, run.stderr);
    assert.ok(!run.stderr.includes(secret), `stderr shows the secret: ${run.stderr}`);
    assert.match(run.stderr, /\*\*\*/, 'the line still shows where the secret was');
  });
}

test('a mistyped proxy URL in a profile file: the error names the key and hides the password', { timeout: 30_000 }, async () => {
  const profile = join(dir, 'proxy.yaml');
  writeFileSync(profile, 'proxy: { url: "http://aks-egress:Yaml\'Pa55@-not-a-host-:3128" }\n');
  const run = await runCli(['check', '-c', profile]);
  assert.equal(run.code, 2, run.stderr);
  assert.match(run.stderr, /proxy\.url: must be an http:\/\/ or https:\/\/ proxy URL/);
  assert.ok(!run.stderr.includes('Pa55'), run.stderr);
});

// User information a URL parser accepts (it percent-encodes these) but a pattern over text would stop at.
const AWKWARD = [`pa'ss`, 'pa"ss', 'pa<ss>', 'pa ss', `p'a"s<s> w@rd`];

for (const password of AWKWARD) {
  test(`a proxy password ${JSON.stringify(password)} never reaches the JSON report`, { timeout: 30_000 }, async () => {
    const url = `http://aks-egress:${password}@127.0.0.1:1`;
    const run = await runCli([
      'check',
      '--proxy',
      url,
      '--dependency',
      'https://features.contoso.example',
      '--only',
      'dependency',
      '--timeout',
      '1000',
      '-o',
      'json',
    ]);
    assert.equal(run.code, 1, run.stderr);
    const report = JSON.parse(run.stdout) as { target: { proxy?: { url?: string } } };
    assert.equal(report.target.proxy?.url, 'http://***@127.0.0.1:1');
    for (const part of [password, encodeURIComponent(password), 'aks-egress']) {
      assert.ok(!run.stdout.includes(part), `the report shows ${JSON.stringify(part)}`);
      assert.ok(!run.stderr.includes(part), `stderr shows ${JSON.stringify(part)}`);
    }
  });
}

test('quoted() and redact() agree with the URL parser on where user information ends', () => {
  assert.equal(quoted('http://u:p@ss@proxy:3128'), '"http://***@proxy:3128"');
  assert.equal(quoted('https://h.example/p?sig=abc&sv=1#top'), '"https://h.example/p?sig=***&sv=***#top"');
  assert.equal(redact({ url: 'tcp://a:b c@cache:6380' }).url, 'tcp://***@cache:6380');
  // Nothing to hide: the value is shown as given.
  assert.equal(quoted('eastus 2'), '"eastus 2"');
  assert.equal(redact('http://proxy.contoso.example:3128'), 'http://proxy.contoso.example:3128');
});
