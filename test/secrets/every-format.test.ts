// Secrets never leak into a report, whatever the format: a report with
// credentials planted in every place a string can sit (target, messages,
// remediation, evidence, header maps, body snippets) is rendered in every
// registered format, and none of the secrets may come out.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatReport, OUTPUT_FORMATS } from '../../src/report/format.ts';
import type { CheckResult, Report } from '../../src/types.ts';
import { leaks, PLANTED } from './planted-secrets.ts';

function reportWith(texts: string[]): Report {
  const check = (i: number, text: string): CheckResult => ({
    id: `dependency@api.contoso.example:443/http#${i}`,
    requirement: 'dependency',
    phase: 'model-serve',
    kind: 'http',
    host: 'api.contoso.example',
    port: 443,
    status: i % 2 ? 'fail' : 'warn',
    code: 'HTTP_UNEXPECTED_STATUS',
    message: `GET failed: ${text}`,
    remediation: `Check ${text}`,
    durationMs: 12,
    evidence: {
      url: text,
      via: text,
      headers: { authorization: text, 'x-echo': text, Authorization: text },
      bodySnippet: `<pre>${text}</pre>`,
      nested: [{ error: text }, text],
      'proxy-authorization': text,
    },
  });
  return {
    schemaVersion: 1,
    tool: { name: 'aml-preflight', version: 'test' },
    target: { dependencies: texts, proxy: { url: texts.find((t) => t.startsWith('http://')) }, note: texts.join(' ') },
    vantage: { kind: 'local', host: 'jumpbox' },
    startedAt: new Date(0).toISOString(),
    durationMs: 1,
    summary: { pass: 0, warn: 0, fail: texts.length, skip: 0 },
    rootCause: { phase: 'model-serve', checks: ['dependency@api.contoso.example:443/http#1'] },
    phases: [{ id: 'model-serve', status: 'fail' }],
    checks: texts.map((t, i) => check(i, t)),
  };
}

for (const format of OUTPUT_FORMATS) {
  test(`-o ${format}: no planted secret comes out`, async () => {
    const out = await formatReport(reportWith(PLANTED.map((p) => p.text)), format, { color: false, width: 400 });
    assert.deepEqual(
      leaks(out).map((p) => p.what),
      [],
    );
  });
}

for (const planted of PLANTED) {
  test(`${planted.what} is redacted in every format, alone in a message`, async () => {
    for (const format of OUTPUT_FORMATS) {
      const out = await formatReport(reportWith([planted.text]), format, { color: false, width: 400 });
      assert.ok(!out.includes(planted.secret), `${format} shows ${planted.what}`);
    }
  });
}

test('redaction keeps what a user needs: hosts, paths and the names of the hidden parameters', async () => {
  const out = await formatReport(reportWith(PLANTED.map((p) => p.text)), 'json');
  assert.match(out, /demostore\.blob\.core\.windows\.net\/models\/m\.pkl/);
  assert.match(out, /proxy\.contoso\.example:3128/);
  assert.match(out, /sig=\*\*\*/);
  assert.match(out, /subscription-key=\*\*\*/);
});
