// Did the real service answer, or just something with a trusted certificate?
// A rule's `http` proof names the statuses the service answers with and the
// signatures only it sends (a Kubernetes Status body, APF headers, Azure's
// request ids, the registry's API version header). This judges one answer.

import type { HttpSignature, RequirementHttp } from '../catalog/types.ts';
import type { ProbeCode } from '../codes.ts';

/** What the service sent: headers lower-cased, body its first 64 KiB as UTF-8. */
export interface ServiceAnswer {
  status: number;
  statusText: string;
  headers: Record<string, string>;
  body: string;
}

export interface ServiceVerdict {
  code: ProbeCode;
  message: string;
  evidence?: Record<string, unknown>;
}

/** undefined when the real service answered; else why not (HTTP_UNEXPECTED_STATUS or HTTP_NOT_THE_SERVICE). */
export function judgeServiceAnswer(spec: RequirementHttp, answer: ServiceAnswer, shown: string): ServiceVerdict | undefined {
  const statusText = `${answer.status}${answer.statusText ? ` ${answer.statusText}` : ''}`;
  if (spec.expectStatus?.length && !spec.expectStatus.includes(answer.status)) {
    return {
      code: 'HTTP_UNEXPECTED_STATUS',
      message: `${shown} answered ${statusText}, expected ${spec.expectStatus.join(' or ')}: something other than the real service answered (a captive portal, a proxy page or the wrong backend)`,
    };
  }
  if (spec.expectHeader && !hasHeader(answer.headers, spec.expectHeader)) {
    return {
      code: 'HTTP_UNEXPECTED_STATUS',
      message: `${shown} answered ${statusText} without the header "${spec.expectHeader}" the real service sends: something else answered`,
    };
  }
  const signatures = spec.anyOf ?? [];
  if (signatures.length === 0 || signatures.some((s) => matches(s, answer))) return undefined;

  const expected = signatures.map(describeSignature);
  // No signature is for this status at all: the status is what is wrong.
  const statusFitsNone = signatures.every((s) => s.status?.length && !s.status.includes(answer.status));
  if (statusFitsNone) {
    return {
      code: 'HTTP_UNEXPECTED_STATUS',
      message: `${shown} answered ${statusText}, but the real service answers ${expected.join('; or ')}: something other than the real service answered`,
      evidence: { expected },
    };
  }
  // Over plain HTTP there was no certificate to trust.
  const stranger = shown.startsWith('http://')
    ? 'something else answered on that address (a transparent proxy, a captive portal, a stale DNS record pointing at another server)'
    : 'something else with a certificate this machine trusts answered (a TLS-inspecting proxy, a stale DNS record pointing at another server)';
  return {
    code: 'HTTP_NOT_THE_SERVICE',
    message: `${shown} answered ${statusText} without any signature of the real service (expected ${expected.join('; or ')}): ${stranger}`,
    evidence: { expected },
  };
}

function matches(signature: HttpSignature, answer: ServiceAnswer): boolean {
  if (signature.status?.length && !signature.status.includes(answer.status)) return false;
  if (signature.headers && !signature.headers.every((h) => hasHeader(answer.headers, h))) return false;
  if (signature.json && !jsonFieldsEqual(answer.body, signature.json)) return false;
  return true;
}

/** "name" or "name: text the value contains", case-insensitive. */
function hasHeader(headers: Record<string, string>, expected: string): boolean {
  const colon = expected.indexOf(':');
  const name = (colon === -1 ? expected : expected.slice(0, colon)).trim().toLowerCase();
  const value = headers[name];
  if (value === undefined) return false;
  return (
    colon === -1 ||
    value.toLowerCase().includes(
      expected
        .slice(colon + 1)
        .trim()
        .toLowerCase(),
    )
  );
}

function jsonFieldsEqual(body: string, fields: Record<string, string | number | boolean>): boolean {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return false;
  }
  return Object.entries(fields).every(([path, value]) => fieldAt(parsed, path) === value);
}

/** The value at a dotted path ("AzureAD.LoginEndpoint") through nested objects; undefined when absent. */
function fieldAt(value: unknown, path: string): unknown {
  let at = value;
  for (const key of path.split('.')) {
    if (!at || typeof at !== 'object' || Array.isArray(at) || !Object.hasOwn(at, key)) return undefined;
    at = (at as Record<string, unknown>)[key];
  }
  return at;
}

/** "401 or 403 with JSON {"kind":"Status"} and header x", for a person reading why it failed. */
function describeSignature(signature: HttpSignature): string {
  const parts: string[] = [];
  parts.push(signature.status?.length ? signature.status.join(' or ') : 'any status');
  if (signature.json) parts.push(`JSON ${JSON.stringify(signature.json)}`);
  if (signature.headers?.length) parts.push(`header ${signature.headers.join(' and ')}`);
  return parts.length === 1 ? parts[0]! : `${parts[0]} with ${parts.slice(1).join(' and ')}`;
}
