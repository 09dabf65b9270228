import { ipFamily } from '../ip-literal.ts';
import type { CheckKind } from '../types.ts';
import type { PlannedCheck } from './check.ts';

const PROBES_BY_SCHEME: Record<string, CheckKind[]> = {
  'https:': ['dns', 'tcp', 'tls', 'http'],
  'http:': ['dns', 'tcp', 'http'],
  'tcp:': ['dns', 'tcp'],
};

/** The model's own extra dependencies (phase model-serve), from URLs already validated by the profile schema. */
export function dependencyChecks(urls: string[], proxied?: (host: string, port: number) => boolean): PlannedCheck[] {
  const seen = new Set<string>();
  return urls.flatMap((raw) => {
    const url = new URL(raw);
    const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
    const port = Number(url.port) || (url.protocol === 'http:' ? 80 : 443);
    const id = `dependency@${host}:${port}`;
    if (seen.has(id)) return [];
    seen.add(id);
    const viaProxy = url.protocol !== 'tcp:' && proxied?.(host, port);
    const probes = PROBES_BY_SCHEME[url.protocol].filter((k) => k !== 'dns' || (ipFamily(host) === 0 && !viaProxy));
    // Credentials and query strings (SAS tokens) are never needed to prove reachability, and must not reach a report.
    const safeUrl = `${url.protocol}//${url.host}${url.pathname}`;
    return probes.map(
      (kind, i): PlannedCheck => ({
        id: `${id}/${kind}`,
        requirement: 'dependency',
        phase: 'model-serve',
        kind,
        title: `The model's dependency ${url.host}`,
        host,
        port: kind === 'dns' ? undefined : port,
        severity: 'fail',
        remediation: `Allow the model pods' outbound traffic to ${host}:${port} and make the custom DNS server resolve ${host}.`,
        dependsOn: i === 0 ? [] : [`${id}/${probes[i - 1]}`],
        http: kind === 'http' ? { url: safeUrl } : undefined,
        params: { url: safeUrl },
      }),
    );
  });
}
