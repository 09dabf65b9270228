// What a run leaves in the cluster besides its ConfigMap: the PolicyReport, when
// the wgpolicyk8s.io CRD is installed (asked through API discovery, never
// assumed), and a Warning Event on failure, attached to the run's ConfigMap so
// `kubectl describe configmap` and every event exporter show it.
import { hostname } from 'node:os';
import type { Report } from '../types.ts';
import type { Drift } from './diff.ts';
import type { Kube } from '../kube/client.ts';
import { isConflict, isNotFound, kubeError, kubeFailure } from '../kube/errors.ts';
import {
  POLICY_REPORT_GROUP,
  POLICY_REPORT_NAME,
  POLICY_REPORT_PLURAL,
  POLICY_REPORT_VERSION,
  type PolicyReport,
} from './policy-report.ts';

export async function policyReportsServed(kube: Kube): Promise<boolean> {
  const groups = await kube.discovery.getAPIVersions({}, kube.opts()).catch((e) => {
    throw kubeError(kubeFailure(e, 'cannot list API groups', kube.server));
  });
  return groups.groups.some((g) => g.name === POLICY_REPORT_GROUP && g.versions.some((v) => v.version === POLICY_REPORT_VERSION));
}

/** Creates the namespace's PolicyReport or replaces the previous run's. */
export async function upsertPolicyReport(kube: Kube, report: PolicyReport): Promise<'created' | 'replaced'> {
  const api = kube.custom;
  const where = { group: POLICY_REPORT_GROUP, version: POLICY_REPORT_VERSION, namespace: kube.namespace, plural: POLICY_REPORT_PLURAL };
  for (let attempt = 0; attempt < 3; attempt++) {
    let existing: PolicyReport | undefined;
    try {
      existing = (await api.getNamespacedCustomObject({ ...where, name: POLICY_REPORT_NAME }, kube.opts())) as PolicyReport;
    } catch (e) {
      if (!isNotFound(e)) throw kubeError(kubeFailure(e, 'cannot read the PolicyReport', kube.server));
    }
    try {
      if (!existing) {
        await api.createNamespacedCustomObject({ ...where, body: report }, kube.opts());
        return 'created';
      }
      const body = { ...report, metadata: { ...report.metadata, resourceVersion: existing.metadata.resourceVersion } };
      await api.replaceNamespacedCustomObject({ ...where, name: POLICY_REPORT_NAME, body }, kube.opts());
      return 'replaced';
    } catch (e) {
      // Another run wrote it in between: read it again and retry.
      if (isConflict(e) && attempt < 2) continue;
      throw kubeError(kubeFailure(e, 'cannot write the PolicyReport', kube.server));
    }
  }
  throw new Error('cannot write the PolicyReport: conflicting writers');
}

const MAX_EVENT_MESSAGE = 1024;

export function failureMessage(report: Report, drift?: Drift): string {
  const failed = report.checks.filter((c) => c.status === 'fail');
  const parts = [`${failed.length} of ${report.checks.length} checks failed`];
  if (report.rootCause) {
    const first = report.checks.filter((c) => report.rootCause!.checks.includes(c.id)).map((c) => `${c.id}${c.code ? ` ${c.code}` : ''}`);
    parts.push(`root cause in phase ${report.rootCause.phase}: ${first.join(', ')}`);
  }
  if (drift?.broke.length) parts.push(`new since run ${drift.old.id}: ${drift.broke.map((t) => t.key).join(', ')}`);
  const message = parts.join('; ');
  return message.length > MAX_EVENT_MESSAGE ? `${message.slice(0, MAX_EVENT_MESSAGE - 3)}...` : message;
}

export async function emitFailureEvent(
  kube: Kube,
  configMap: { name: string; uid?: string },
  runId: string,
  message: string,
): Promise<string> {
  const now = new Date();
  const name = `${configMap.name}.${now.getTime().toString(16)}`;
  try {
    await kube.core.createNamespacedEvent(
      {
        namespace: kube.namespace,
        body: {
          apiVersion: 'v1',
          kind: 'Event',
          metadata: { name, namespace: kube.namespace, labels: { 'app.kubernetes.io/name': 'aml-preflight', 'aml-preflight/run': runId } },
          involvedObject: { apiVersion: 'v1', kind: 'ConfigMap', name: configMap.name, namespace: kube.namespace, uid: configMap.uid },
          reason: 'PreflightFailed',
          message,
          type: 'Warning',
          source: { component: 'aml-preflight' },
          reportingComponent: 'aml-preflight',
          reportingInstance: hostname().slice(0, 128),
          firstTimestamp: now,
          lastTimestamp: now,
          count: 1,
        },
      },
      kube.opts(),
    );
  } catch (e) {
    throw kubeError(kubeFailure(e, 'cannot create the failure Event', kube.server));
  }
  return name;
}
