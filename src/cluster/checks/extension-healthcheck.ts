// The Azure ML extension's own HealthCheck: the report its HealthCheck job keeps
// in config map arcml-healthcheck (namespace azureml), one part per hook
// (pre-install, pre-upgrade, pre-rollback, pre-delete), and the recent Warning
// events in azureml. Its codes are read from the text; E45003 names no host, so
// joinHealthCheck (below) names the hosts the same run found blocked.
import type { RunContext } from '../../engine/context.ts';
import type { RunnerOutcome } from '../../engine/run.ts';
import type { CheckResult } from '../../types.ts';
import { kubeCall } from '../../kube/errors.ts';
import { failed, limitsOf, type ClusterSession } from './session.ts';

export const EXTENSION_NAMESPACE = 'azureml';
export const HEALTHCHECK_CONFIG_MAP = 'arcml-healthcheck';
export const HEALTHCHECK_REQUIREMENT = 'ext-healthcheck';

/** The HealthCheck's codes (Azure docs, troubleshoot the Azure Machine Learning extension, "Error Code of HealthCheck"). */
export const HEALTHCHECK_CODES: Record<string, string> = {
  E40001: 'LOAD_BALANCER_NOT_SUPPORT',
  E40002: 'INSUFFICIENT_NODE',
  E40003: 'INTERNAL_LOAD_BALANCER_NOT_SUPPORT',
  E40007: 'INVALID_SSL_SETTING',
  E45002: 'PROMETHEUS_CONFLICT',
  E45003: 'BAD_NETWORK_CONNECTIVITY',
  E45004: 'AZUREML_FE_ROLE_CONFLICT',
  E45005: 'AZUREML_FE_DEPLOYMENT_CONFLICT',
};

const RECENT_MS = 60 * 60 * 1000;
const MAX_EVENTS = 10;

interface HealthCheckError {
  part: string;
  code: string;
  name: string;
}

/** Every E4xxxx code in each part of the report, once per part. */
export function healthCheckErrors(data: Record<string, string>): HealthCheckError[] {
  return Object.entries(data).flatMap(([part, text]) =>
    [...new Set([...text.matchAll(/\bE4\d{4}\b/g)].map((m) => m[0]))].map((code) => ({
      part,
      code,
      name: HEALTHCHECK_CODES[code] ?? 'UNKNOWN',
    })),
  );
}

export async function extensionHealthCheck(s: ClusterSession, ctx: RunContext): Promise<RunnerOutcome> {
  const limits = limitsOf(ctx);
  const [map, events] = await Promise.all([
    kubeCall(s.kube, `get configmap ${HEALTHCHECK_CONFIG_MAP} -n ${EXTENSION_NAMESPACE}`, limits, (o) =>
      s.kube.core.readNamespacedConfigMap({ name: HEALTHCHECK_CONFIG_MAP, namespace: EXTENSION_NAMESPACE }, o),
    ),
    kubeCall(s.kube, `list events -n ${EXTENSION_NAMESPACE}`, limits, (o) =>
      s.kube.core.listNamespacedEvent({ namespace: EXTENSION_NAMESPACE }, o),
    ),
  ]);
  const now = Date.now();
  const recent = events.ok
    ? events.value.items
        .filter((e) => e.type === 'Warning')
        .map((e) => ({ at: new Date(e.lastTimestamp ?? e.eventTime ?? e.metadata?.creationTimestamp ?? 0).getTime(), e }))
        .filter(({ at }) => now - at <= RECENT_MS)
        .sort((a, b) => b.at - a.at)
        .slice(0, MAX_EVENTS)
        .map(({ at, e }) => ({
          at: new Date(at).toISOString(),
          reason: e.reason,
          object: `${e.involvedObject?.kind ?? ''}/${e.involvedObject?.name ?? ''}`,
          message: e.message,
          count: e.count,
        }))
    : [];
  const evidence: Record<string, unknown> = {
    configMap: `${EXTENSION_NAMESPACE}/${HEALTHCHECK_CONFIG_MAP}`,
    warningEvents: recent,
    ...(events.ok ? {} : { eventsUnreadable: events.failure.code }),
  };
  if (!map.ok) {
    if (map.failure.status === 404)
      return {
        status: 'pass',
        message: `no HealthCheck report (config map ${HEALTHCHECK_CONFIG_MAP} in ${EXTENSION_NAMESPACE}): the extension has not been installed${recent.length ? `; ${recent.length} recent warning event(s) in ${EXTENSION_NAMESPACE}` : ''}`,
        evidence,
      };
    return failed(map.failure.code, map.failure.message, evidence);
  }
  const errors = healthCheckErrors(map.value.data ?? {});
  evidence.healthCheck = { parts: Object.keys(map.value.data ?? {}), errors };
  const latest = recent.length ? `; latest warning event: ${recent[0].reason} on ${recent[0].object}: ${recent[0].message}` : '';
  if (!errors.length)
    return {
      status: 'pass',
      message: `the extension's HealthCheck reports no error (parts: ${Object.keys(map.value.data ?? {}).join(', ') || 'none'})${latest}`,
      evidence,
    };
  const said = errors.map((e) => `${e.part}: ${e.code} ${e.name}`).join('; ');
  return failed('EXTENSION_HEALTHCHECK_FAILED', `the extension's HealthCheck failed: ${said}${latest}`, evidence);
}

/** E45003 names no host: name the hosts whose outbound checks failed in the same run, so the report says what to open. */
export function joinHealthCheck(checks: CheckResult[]): CheckResult[] {
  const blocked = checks.filter((c) => c.status === 'fail' && c.host && c.kind !== 'k8s' && c.kind !== 'compliance');
  const hosts = [
    ...new Map(blocked.map((c) => [`${c.host}:${c.port ?? ''}`, { host: c.host!, port: c.port, check: c.id, code: c.code }])).values(),
  ];
  return checks.map((c) => {
    const errors = (c.evidence.healthCheck as { errors?: HealthCheckError[] } | undefined)?.errors ?? [];
    if (c.requirement !== HEALTHCHECK_REQUIREMENT || !errors.some((e) => e.code === 'E45003')) return c;
    const named = hosts.length
      ? `; the hosts behind E45003, blocked in this run: ${hosts
          .slice(0, 8)
          .map((h) => `${h.host}${h.port ? `:${h.port}` : ''} (${h.code})`)
          .join(', ')}${hosts.length > 8 ? ', ...' : ''}`
      : '; no outbound check of this run failed: the blocked host is outside this rule set (run with --rule-set aml-extension) or is blocked only for the azureml namespace';
    return { ...c, message: `${c.message}${named}`, evidence: { ...c.evidence, blockedHosts: hosts } };
  });
}
