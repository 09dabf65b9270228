import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { judgeServiceAnswer, type ServiceAnswer } from '../../src/probes/service-proof.ts';
import type { RequirementHttp } from '../../src/catalog/types.ts';
import { loadCatalog, loadRuleFile } from '../../src/catalog/load.ts';
import { InputError } from '../../src/errors.ts';
import { LAB_HOSTS } from '../../src/lab/lab.ts';
import { serviceAnswer, type ServiceKind } from '../../src/lab/services.ts';

const SHOWN = 'https://aks.hcp.westeurope.azmk8s.io/healthz';
const answer = (status: number, headers: Record<string, string> = {}, body = '', statusText = ''): ServiceAnswer => ({
  status,
  statusText,
  headers,
  body,
});

// The aks-api proof as the rule writes it.
const kubernetes: RequirementHttp = {
  path: '/healthz',
  expectStatus: [200, 401, 403],
  anyOf: [
    { status: [401, 403], json: { kind: 'Status', apiVersion: 'v1' } },
    { headers: ['x-kubernetes-pf-flowschema-uid'] },
    { headers: ['x-kubernetes-pf-prioritylevel-uid'] },
  ],
};
const UNAUTHORIZED =
  '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Unauthorized","reason":"Unauthorized","code":401}';

describe('judgeServiceAnswer: status and header (the classic proof)', () => {
  const registry: RequirementHttp = {
    path: '/v2/',
    expectStatus: [401, 200],
    expectHeader: 'docker-distribution-api-version: registry/2.0',
  };

  it('accepts the real registry and says nothing', () => {
    assert.equal(judgeServiceAnswer(registry, answer(401, { 'docker-distribution-api-version': 'registry/2.0' }), SHOWN), undefined);
  });

  it('names the status it got and the ones it expected', () => {
    const verdict = judgeServiceAnswer(registry, answer(302, {}, '', 'Found'), SHOWN);
    assert.equal(verdict?.code, 'HTTP_UNEXPECTED_STATUS');
    assert.match(verdict.message, /answered 302 Found, expected 401 or 200/);
  });

  it('fails an expected status without the header, and a header whose value differs', () => {
    assert.equal(judgeServiceAnswer(registry, answer(200), SHOWN)?.code, 'HTTP_UNEXPECTED_STATUS');
    const wrongValue = judgeServiceAnswer(registry, answer(200, { 'docker-distribution-api-version': 'registry/1.0' }), SHOWN);
    assert.equal(wrongValue?.code, 'HTTP_UNEXPECTED_STATUS');
    assert.match(wrongValue.message, /without the header "docker-distribution-api-version: registry\/2\.0"/);
  });

  it('matches header names and values case-insensitively', () => {
    assert.equal(judgeServiceAnswer(registry, answer(200, { 'docker-distribution-api-version': 'Registry/2.0' }), SHOWN), undefined);
  });

  it('accepts any answer when the proof names neither status nor signature', () => {
    assert.equal(judgeServiceAnswer({ path: '/' }, answer(500), SHOWN), undefined);
  });
});

describe('judgeServiceAnswer: any of several signatures (Kubernetes API server)', () => {
  it('accepts the Status JSON on 401 and on 403', () => {
    assert.equal(judgeServiceAnswer(kubernetes, answer(401, { 'content-type': 'application/json' }, UNAUTHORIZED), SHOWN), undefined);
    const forbidden = UNAUTHORIZED.replace('401', '403').replaceAll('Unauthorized', 'Forbidden');
    assert.equal(judgeServiceAnswer(kubernetes, answer(403, {}, forbidden), SHOWN), undefined);
  });

  it('accepts a 200 that carries an API Priority and Fairness header', () => {
    assert.equal(judgeServiceAnswer(kubernetes, answer(200, { 'x-kubernetes-pf-prioritylevel-uid': '7c6f…' }, 'ok'), SHOWN), undefined);
    assert.equal(judgeServiceAnswer(kubernetes, answer(200, { 'x-kubernetes-pf-flowschema-uid': 'a1b2' }, 'ok'), SHOWN), undefined);
  });

  it('rejects nginx answering 200 hello as HTTP_NOT_THE_SERVICE, naming what the real server sends', () => {
    const verdict = judgeServiceAnswer(
      kubernetes,
      answer(200, { server: 'nginx/1.22.1', 'content-type': 'text/plain' }, 'hello', 'OK'),
      SHOWN,
    );
    assert.equal(verdict?.code, 'HTTP_NOT_THE_SERVICE');
    assert.match(verdict.message, /answered 200 OK without any signature of the real service/);
    assert.match(verdict.message, /401 or 403 with JSON \{"kind":"Status","apiVersion":"v1"\}/);
    assert.match(verdict.message, /header x-kubernetes-pf-flowschema-uid/);
    assert.equal((verdict.evidence?.expected as string[] | undefined)?.length, 3);
    assert.match(verdict.message, /something else with a certificate this machine trusts answered/);
  });

  it('over plain HTTP, does not speak of a certificate', () => {
    const verdict = judgeServiceAnswer(kubernetes, answer(200, {}, 'hello'), 'http://archive.ubuntu.com/ubuntu/');
    assert.equal(verdict?.code, 'HTTP_NOT_THE_SERVICE');
    assert.doesNotMatch(verdict.message, /certificate|TLS/);
  });

  it('rejects a 401 whose JSON is not a Kubernetes Status, and a Status of another apiVersion', () => {
    assert.equal(judgeServiceAnswer(kubernetes, answer(401, {}, '{"error":"unauthorized"}'), SHOWN)?.code, 'HTTP_NOT_THE_SERVICE');
    assert.equal(
      judgeServiceAnswer(kubernetes, answer(401, {}, '{"kind":"Status","apiVersion":"v2"}'), SHOWN)?.code,
      'HTTP_NOT_THE_SERVICE',
    );
    assert.equal(judgeServiceAnswer(kubernetes, answer(401, {}, '<html>{"kind":"Status"'), SHOWN)?.code, 'HTTP_NOT_THE_SERVICE');
    assert.equal(
      judgeServiceAnswer(kubernetes, answer(401, {}, '[{"kind":"Status","apiVersion":"v1"}]'), SHOWN)?.code,
      'HTTP_NOT_THE_SERVICE',
    );
  });

  it('does not take the Status JSON as proof on a status the signature is not for', () => {
    const onlyStatusJson: RequirementHttp = { path: '/', anyOf: [{ status: [401, 403], json: { kind: 'Status', apiVersion: 'v1' } }] };
    const verdict = judgeServiceAnswer(onlyStatusJson, answer(200, {}, '{"kind":"Status","apiVersion":"v1"}'), SHOWN);
    assert.equal(verdict?.code, 'HTTP_UNEXPECTED_STATUS', 'no signature covers 200: the status itself is wrong');
    assert.match(verdict.message, /the real service answers 401 or 403 with JSON/);
  });

  it('still checks the expected statuses before the signatures', () => {
    const verdict = judgeServiceAnswer(kubernetes, answer(404, { 'x-kubernetes-pf-flowschema-uid': 'a1b2' }), SHOWN);
    assert.equal(verdict?.code, 'HTTP_UNEXPECTED_STATUS');
    assert.match(verdict.message, /expected 200 or 401 or 403/);
  });

  it('requires every header of a signature', () => {
    const storage: RequirementHttp = { path: '/', anyOf: [{ headers: ['x-ms-request-id', 'x-ms-error-code'] }] };
    assert.equal(
      judgeServiceAnswer(storage, answer(400, { 'x-ms-request-id': 'r', 'x-ms-error-code': 'InvalidQueryParameterValue' }), SHOWN),
      undefined,
    );
    assert.equal(judgeServiceAnswer(storage, answer(400, { 'x-ms-request-id': 'r' }), SHOWN)?.code, 'HTTP_NOT_THE_SERVICE');
  });
});

describe("judgeServiceAnswer: nested JSON fields (Kusto's cloud metadata)", () => {
  const kusto: RequirementHttp = {
    path: '/v1/rest/auth/metadata',
    expectStatus: [200],
    anyOf: [{ json: { 'AzureAD.LoginEndpoint': 'https://login.microsoftonline.com' } }],
  };
  const METADATA =
    '{"AzureAD":{"LoginEndpoint":"https://login.microsoftonline.com","LoginMfaRequired":false,"KustoClientAppId":"db662dc1-0cfe-4e1c-a843-19a68e65be58"},"dSTS":{"ServiceName":"kusto"}}';

  it('follows a dotted path into nested objects', () => {
    assert.equal(judgeServiceAnswer(kusto, answer(200, { 'content-type': 'application/json' }, METADATA), SHOWN), undefined);
  });

  it('rejects a 200 whose JSON lacks the field, has it at the top level only, or holds another value', () => {
    for (const body of [
      '{}',
      '{"AzureAD.LoginEndpoint":"https://login.microsoftonline.com"}',
      '{"AzureAD":"https://login.microsoftonline.com"}',
      '{"AzureAD":{"LoginEndpoint":"https://login.example"}}',
      'ok',
    ]) {
      assert.equal(judgeServiceAnswer(kusto, answer(200, {}, body), SHOWN)?.code, 'HTTP_NOT_THE_SERVICE', body);
    }
  });
});

describe('the demo lab plays the signatures the catalog proves', () => {
  const catalog = loadCatalog();
  const proven = [...catalog.byId.values()].filter((r) => r.ruleSet === 'aml' && r.http && r.host);
  // The lab's made-up target (src/lab/lab.ts).
  const values: Record<string, string> = {
    apiServerFqdn: 'demo-aks-1a2b3c4d.hcp.eastus.azmk8s.io',
    region: 'eastus',
    acr: 'demoacr',
    storageAccount: 'demostore',
  };
  const served = proven.flatMap((r) => {
    const host = r.host!.replace(/\{([^}]+)\}/g, (_, name: string) => values[name] ?? name);
    const kind: ServiceKind | undefined = LAB_HOSTS[host];
    return kind ? [{ r, host, kind }] : [];
  });

  it('serves every proven host of the default rule set', () => {
    assert.deepEqual(served.map((s) => s.r.id).sort(), [
      'acr',
      'aks-api',
      'azureml-token',
      'kusto',
      'mcr',
      'storage-blob',
      'storage-table',
    ]);
  });

  for (const { r, host, kind } of served) {
    it(`${r.id}: the lab's ${kind} answer passes, nginx's "200 hello" does not`, () => {
      const lab = serviceAnswer(kind, host, r.http!.path);
      assert.equal(judgeServiceAnswer(r.http!, { ...lab, statusText: '' }, host), undefined);
      const stranger = judgeServiceAnswer(r.http!, answer(200, { server: 'nginx', 'content-type': 'text/plain' }, 'hello'), host);
      assert.match(String(stranger?.code), /^HTTP_(NOT_THE_SERVICE|UNEXPECTED_STATUS)$/);
    });
  }
});

describe('rule files: a proof the schema cannot read is an input error naming where', () => {
  const ruleFile = (http: string): string => `ruleSet: custom
title: Custom
requirements:
  - id: api
    phase: router-run
    title: Reach the API
    host: api.contoso.example
    probes: [http]
    http: ${http}
    severity: fail
    remediation: Allow it.
    source: test
`;
  const load = (http: string) => loadRuleFile('custom.yaml', ruleFile(http));

  it('reads signatures with statuses, headers and nested JSON fields', () => {
    const set = load(
      '{ path: /, expectHeader: "server: contoso", anyOf: [{ status: [401], json: { error.code: Unauthorized } }, { headers: [x-contoso-id] }] }',
    );
    assert.deepEqual(set.requirements[0]!.http!.anyOf, [
      { status: [401], json: { 'error.code': 'Unauthorized' } },
      { headers: ['x-contoso-id'] },
    ]);
  });

  for (const [bad, where] of [
    ['{ path: /, anyOf: [{ header: x-contoso-id }] }', /http\.anyOf\[0\]\.header: unknown key/],
    ['{ path: /, anyOf: [] }', /http\.anyOf/],
    ['{ path: /, anyOf: [{}] }', /http\.anyOf\[0\]/],
    ['{ path: /, anyOf: [{ headers: [X-Contoso-Id] }] }', /http\.anyOf\[0\]\.headers\[0\]/],
    ['{ path: /, anyOf: [{ json: { error: { code: x } } }] }', /http\.anyOf\[0\]\.json/],
    ['{ path: /, anyOf: [{ json: { "a..b": x } }] }', /http\.anyOf\[0\]\.json/],
    ['{ path: /, anyOf: [{ status: [99] }] }', /http\.anyOf\[0\]\.status\[0\]/],
  ] as const) {
    it(`rejects ${bad}`, () => {
      assert.throws(
        () => load(bad),
        (e: unknown) => e instanceof InputError && e.message.startsWith('custom.yaml') && where.test(e.message),
      );
    });
  }
});
