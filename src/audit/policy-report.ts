// The run as a PolicyReport (wgpolicyk8s.io/v1alpha2), the format Kyverno's
// Policy Reporter and other dashboards read: one result per check, the
// requirement as the policy, the check as the rule, the phase as the category.
// One report per namespace, replaced by every run (the history is in the run
// ConfigMaps). It is one etcd object, so it is bounded: failures first, at most
// MAX_RESULTS results and short messages; the summary always counts everything.
import type { CheckResult, Report } from '../types.ts';

export const POLICY_REPORT_GROUP = 'wgpolicyk8s.io';
export const POLICY_REPORT_VERSION = 'v1alpha2';
export const POLICY_REPORT_PLURAL = 'policyreports';
export const POLICY_REPORT_NAME = 'aml-preflight';
export const MAX_RESULTS = 1000;
const MAX_MESSAGE = 256;
const MAX_PROPERTY = 128;

export type PolicySeverity = 'critical' | 'high' | 'medium' | 'low' | 'info';

export interface PolicyReportResult {
  source: string;
  policy: string;
  rule: string;
  category: string;
  severity: PolicySeverity;
  result: 'pass' | 'fail' | 'warn' | 'error' | 'skip';
  message: string;
  timestamp: { seconds: number; nanos: number };
  scored: boolean;
  properties: Record<string, string>;
}

export interface PolicyReport {
  apiVersion: string;
  kind: 'PolicyReport';
  metadata: {
    name: string;
    namespace: string;
    labels: Record<string, string>;
    annotations: Record<string, string>;
    resourceVersion?: string;
  };
  summary: { pass: number; fail: number; warn: number; error: number; skip: number };
  results: PolicyReportResult[];
}

const ORDER = { fail: 0, warn: 1, skip: 2, pass: 3 } as const;
const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 3)}...` : s);

export interface PolicyReportOptions {
  namespace: string;
  runId: string;
  /** The requirement's severity from the catalog; without it, a failing check is high and a warning medium. */
  severityOf?: (requirement: string) => 'fail' | 'warn' | undefined;
  maxResults?: number;
}

export function toPolicyReport(report: Report, options: PolicyReportOptions): PolicyReport {
  const started = Date.parse(report.startedAt);
  const timestamp = { seconds: Math.floor(started / 1000), nanos: (started % 1000) * 1_000_000 };
  const severity = (c: CheckResult): PolicySeverity => {
    const s = options.severityOf?.(c.requirement) ?? (c.status === 'warn' ? 'warn' : 'fail');
    return s === 'warn' ? 'medium' : 'high';
  };
  const ordered = report.checks
    .map((c, i) => ({ c, i }))
    .sort((a, b) => ORDER[a.c.status] - ORDER[b.c.status] || a.i - b.i)
    .map(({ c }) => c);
  const kept = ordered.slice(0, options.maxResults ?? MAX_RESULTS);
  const results = kept.map((c): PolicyReportResult => {
    const properties: Record<string, string> = { run: options.runId, kind: c.kind };
    if (c.host) properties.host = clip(c.host, MAX_PROPERTY);
    if (c.port) properties.port = String(c.port);
    if (c.code) properties.code = clip(c.code, MAX_PROPERTY);
    if (c.blockedBy) properties.blockedBy = clip(c.blockedBy, MAX_PROPERTY);
    if (c.vantage?.nodePool) properties.nodePool = clip(c.vantage.nodePool, MAX_PROPERTY);
    return {
      source: 'aml-preflight',
      policy: clip(c.requirement, MAX_PROPERTY),
      rule: clip(c.id, MAX_PROPERTY),
      category: c.phase,
      severity: severity(c),
      result: c.status,
      message: clip(c.message || c.status, MAX_MESSAGE),
      timestamp,
      scored: true,
      properties,
    };
  });
  return {
    apiVersion: `${POLICY_REPORT_GROUP}/${POLICY_REPORT_VERSION}`,
    kind: 'PolicyReport',
    metadata: {
      name: POLICY_REPORT_NAME,
      namespace: options.namespace,
      labels: { 'app.kubernetes.io/name': 'aml-preflight', 'app.kubernetes.io/managed-by': 'aml-preflight' },
      annotations: {
        'aml-preflight/run': options.runId,
        ...(kept.length < ordered.length ? { 'aml-preflight/results-omitted': String(ordered.length - kept.length) } : {}),
      },
    },
    summary: { pass: report.summary.pass, fail: report.summary.fail, warn: report.summary.warn, error: 0, skip: report.summary.skip },
    results,
  };
}
