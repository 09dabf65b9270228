import assert from 'node:assert/strict';
import { it } from 'node:test';
import { FAILURE_CODES } from '../../src/probes/codes.ts';

// The codes are public API (README, alerts): this list changes only on purpose.
it('keeps the documented failure codes, each with a meaning and an action', () => {
  assert.deepEqual(Object.keys(FAILURE_CODES).sort(), [
    'DNS_AAAA_DROPPED', 'DNS_INCONSISTENT', 'DNS_MALFORMED', 'DNS_NODATA', 'DNS_NXDOMAIN', 'DNS_REFUSED', 'DNS_SERVFAIL', 'DNS_SUSPECT_PRIVATE', 'DNS_TIMEOUT',
    'EXTENSION_HEALTHCHECK_FAILED', 'FIREWALL_DENIED', 'HTTP_NOT_THE_SERVICE', 'HTTP_TIMEOUT', 'HTTP_UNEXPECTED_STATUS', 'K8S_FORBIDDEN', 'K8S_UNAUTHORIZED', 'K8S_UNREACHABLE', 'POD_UNREACHABLE', 'PROXY_DENIED', 'PROXY_UNREACHABLE', 'PROXY_UPSTREAM_DNS', 'PROXY_UPSTREAM_UNREACHABLE',
    'TCP_REFUSED', 'TCP_RESET', 'TCP_TIMEOUT', 'TCP_UNREACHABLE',
    'TLS_EXPIRED', 'TLS_HANDSHAKE_FAILED', 'TLS_HANDSHAKE_TIMEOUT', 'TLS_HOSTNAME_MISMATCH', 'TLS_UNTRUSTED',
  ]);
  for (const [code, entry] of Object.entries(FAILURE_CODES)) {
    assert.ok(entry.meaning.length > 10 && entry.action.length > 10, code);
  }
  const warnings = Object.entries(FAILURE_CODES).filter(([, e]) => e.severity === 'warn').map(([c]) => c);
  assert.deepEqual(warnings.sort(), ['DNS_AAAA_DROPPED', 'DNS_INCONSISTENT', 'DNS_SUSPECT_PRIVATE']);
});
