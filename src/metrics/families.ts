// Report → metric families, with every label value drawn from a bounded set:
// phase, requirement, kind and status come from the catalog; host from the
// target; node pool from the cluster's pools. Messages, failure codes, check
// ids with instance suffixes and node or pod names (random suffixes) are never
// labels. Two checks that land on the same label set are merged (worst status,
// longest duration), and past `maxSeries` label sets the rest are dropped and
// counted, so a huge catalog cannot blow up a Prometheus server.
import type { CheckResult, Report, Status } from '../types.ts';
import type { MetricFamily, Sample } from './exposition.ts';

export const STATUSES: Status[] = ['pass', 'warn', 'fail', 'skip'];
const BADNESS: Record<Status, number> = { skip: 0, pass: 1, warn: 2, fail: 3 };

export const DEFAULT_MAX_SERIES = 1000;
export const MAX_LABEL_LENGTH = 128;

export interface MetricsOptions {
  /** Most check label sets exported; the rest are counted in aml_preflight_metrics_dropped_series. */
  maxSeries?: number;
}

const cap = (s: string) => (s.length > MAX_LABEL_LENGTH ? `${s.slice(0, MAX_LABEL_LENGTH - 3)}...` : s);

function checkLabels(c: CheckResult): Record<string, string> {
  return {
    phase: c.phase,
    requirement: cap(c.requirement),
    kind: c.kind,
    host: cap(c.host ?? ''),
    node_pool: cap(c.vantage?.nodePool ?? ''),
    vantage: c.vantage?.kind ?? '',
  };
}

export function reportMetrics(report: Report, options: MetricsOptions = {}): MetricFamily[] {
  const maxSeries = options.maxSeries ?? DEFAULT_MAX_SERIES;
  const merged = new Map<string, { labels: Record<string, string>; status: Status; seconds: number }>();
  let dropped = 0;
  for (const c of report.checks) {
    const labels = checkLabels(c);
    const key = JSON.stringify(labels);
    const seen = merged.get(key);
    if (seen) {
      if (BADNESS[c.status] > BADNESS[seen.status]) seen.status = c.status;
      seen.seconds = Math.max(seen.seconds, c.durationMs / 1000);
    } else if (merged.size < maxSeries) {
      merged.set(key, { labels, status: c.status, seconds: c.durationMs / 1000 });
    } else {
      dropped++;
    }
  }
  const series = [...merged.values()];
  const stateSet = (labels: Record<string, string>, current: Status): Sample[] =>
    STATUSES.map((status) => ({ labels: { ...labels, status }, value: status === current ? 1 : 0 }));
  return [
    {
      name: 'aml_preflight_check_status',
      help: 'Status of each check (1 for its current status, 0 for the others).',
      type: 'gauge',
      samples: series.flatMap((s) => stateSet(s.labels, s.status)),
    },
    {
      name: 'aml_preflight_check_duration_seconds',
      help: 'How long each check took, in seconds.',
      type: 'gauge',
      samples: series.map((s) => ({ labels: s.labels, value: s.seconds })),
    },
    {
      name: 'aml_preflight_phase_status',
      help: 'Status of each connectivity phase (1 for its current status, 0 for the others); a phase is as bad as its worst check.',
      type: 'gauge',
      samples: report.phases.flatMap(({ id: phase, status }) => stateSet({ phase }, status)),
    },
    {
      name: 'aml_preflight_root_cause',
      help: '1 for the earliest phase with a failed check (the root cause), 0 for the others.',
      type: 'gauge',
      samples: report.phases.map(({ id: phase }) => ({ labels: { phase }, value: report.rootCause?.phase === phase ? 1 : 0 })),
    },
    {
      name: 'aml_preflight_checks',
      help: 'Number of checks of the last run, by status.',
      type: 'gauge',
      samples: STATUSES.map((status) => ({ labels: { status }, value: report.summary[status] })),
    },
    {
      name: 'aml_preflight_run_timestamp_seconds',
      help: 'When the last run started, in seconds since the Unix epoch.',
      type: 'gauge',
      samples: [{ labels: {}, value: Math.floor(Date.parse(report.startedAt) / 1000) }],
    },
    {
      name: 'aml_preflight_run_duration_seconds',
      help: 'How long the last run took, in seconds.',
      type: 'gauge',
      samples: [{ labels: {}, value: report.durationMs / 1000 }],
    },
    {
      name: 'aml_preflight_metrics_dropped_series',
      help: 'Check label sets left out because the series cap was reached.',
      type: 'gauge',
      samples: [{ labels: {}, value: dropped }],
    },
    {
      name: 'aml_preflight_build_info',
      help: 'The aml-preflight version that produced these metrics.',
      type: 'gauge',
      samples: [{ labels: { version: cap(report.tool.version) }, value: 1 }],
    },
  ];
}
