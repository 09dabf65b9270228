// The transport's tables, row by row: what a proxy, a firewall or the socket
// said, and the one code a user sees for it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  connectErrorCode,
  intermediaryVerdict,
  requestErrorCode,
  tlsCodeForError,
  type IntermediaryAnswer,
} from '../../src/probes/transport-errors.ts';

const answer = (status: number, statusText: string, headers: Record<string, string> = {}, body = ''): IntermediaryAnswer => ({
  status,
  statusText,
  headers,
  body,
});

describe('intermediaryVerdict: who refused, if not the service', () => {
  const rows: { what: string; answer: IntermediaryAnswer; fromProxy: boolean; code: string | undefined }[] = [
    {
      what: 'squid ERR_ACCESS_DENIED',
      answer: answer(403, 'Forbidden', { server: 'squid/5.7', 'x-squid-error': 'ERR_ACCESS_DENIED 0' }),
      fromProxy: true,
      code: 'PROXY_DENIED',
    },
    { what: '407 from any proxy', answer: answer(407, 'Proxy Authentication Required'), fromProxy: true, code: 'PROXY_DENIED' },
    {
      what: 'Azure Firewall 470',
      answer: answer(470, 'status code 470', {}, 'Action: Deny. Reason: No rule matched.'),
      fromProxy: true,
      code: 'FIREWALL_DENIED',
    },
    {
      what: 'Azure Firewall text on a 200 from no proxy',
      answer: answer(200, 'OK', {}, 'HTTP request from 10.0.0.4 to x:443. Action: Deny.'),
      fromProxy: false,
      code: 'FIREWALL_DENIED',
    },
    {
      what: 'squid ERR_CONNECT_FAIL',
      answer: answer(503, 'Service Unavailable', { 'x-squid-error': 'ERR_CONNECT_FAIL 111' }),
      fromProxy: true,
      code: 'PROXY_UPSTREAM_UNREACHABLE',
    },
    {
      what: 'squid ERR_CANNOT_FORWARD',
      answer: answer(500, 'Internal Server Error', { 'x-squid-error': 'ERR_CANNOT_FORWARD 0' }),
      fromProxy: true,
      code: 'PROXY_UPSTREAM_UNREACHABLE',
    },
    {
      what: 'squid ERR_DNS_FAIL',
      answer: answer(503, 'Service Unavailable', { 'x-squid-error': 'ERR_DNS_FAIL 0' }),
      fromProxy: true,
      code: 'PROXY_UPSTREAM_DNS',
    },
    {
      what: 'tinyproxy Unable to connect',
      answer: answer(500, 'Unable to connect', { server: 'tinyproxy/1.11.1' }),
      fromProxy: true,
      code: 'PROXY_UPSTREAM_UNREACHABLE',
    },
    {
      what: 'mitmproxy, name not resolved',
      answer: answer(502, 'Bad Gateway', {}, 'Cannot connect to x.invalid:443: [Errno -2] Name or service not known'),
      fromProxy: true,
      code: 'PROXY_UPSTREAM_DNS',
    },
    { what: 'a 504 from a proxy', answer: answer(504, 'Gateway Timeout'), fromProxy: true, code: 'PROXY_UPSTREAM_UNREACHABLE' },
    { what: 'some other refusal to CONNECT', answer: answer(400, 'Bad Request'), fromProxy: true, code: 'PROXY_DENIED' },
    { what: "the service's own 502, no proxy in sight", answer: answer(502, 'Bad Gateway'), fromProxy: false, code: undefined },
    { what: "the service's own 403", answer: answer(403, 'Forbidden', { server: 'nginx' }), fromProxy: false, code: undefined },
  ];
  for (const row of rows) {
    it(`${row.what} → ${row.code ?? 'the service answered'}`, () => {
      assert.equal(intermediaryVerdict(row.answer, 'proxy 10.0.0.5:3128', 'CONNECT x:443', row.fromProxy)?.code, row.code);
    });
  }

  it('says the proxy allowed the host when it failed beyond itself, and never to check its access rules', () => {
    const verdict = intermediaryVerdict(
      answer(503, 'Service Unavailable', { 'x-squid-error': 'ERR_CONNECT_FAIL 111' }),
      'proxy p:3128',
      'CONNECT x:443',
      true,
    )!;
    assert.match(verdict.message, /allowed the host/);
    assert.doesNotMatch(verdict.message, /access rules/);
  });
});

describe('socket and TLS errors', () => {
  const err = (code: string): Error => Object.assign(new Error(code), { code });
  it('connect errors keep their codes', () => {
    assert.deepEqual(
      ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH'].map(
        (c) => connectErrorCode(err(c), 'connection to x').code,
      ),
      ['TCP_REFUSED', 'TCP_RESET', 'TCP_TIMEOUT', 'TCP_UNREACHABLE', 'TCP_UNREACHABLE'],
    );
  });
  it('certificate errors map to the TLS codes', () => {
    assert.deepEqual(
      [
        'CERT_HAS_EXPIRED',
        'ERR_TLS_CERT_ALTNAME_INVALID',
        'SELF_SIGNED_CERT_IN_CHAIN',
        'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
        'ECONNRESET',
      ].map(tlsCodeForError),
      ['TLS_EXPIRED', 'TLS_HOSTNAME_MISMATCH', 'TLS_UNTRUSTED', 'TLS_UNTRUSTED', undefined],
    );
  });
  it('a request on a proven connection: reset, not HTTP, or headers too late', () => {
    assert.deepEqual(
      ['ECONNRESET', 'HPE_INVALID_CONSTANT', 'UND_ERR_HEADERS_TIMEOUT'].map(
        (c) => requestErrorCode(err(c), 'x (1.2.3.4:443)', 'GET https://x/').code,
      ),
      ['TCP_RESET', 'HTTP_UNEXPECTED_STATUS', 'HTTP_TIMEOUT'],
    );
  });
});
