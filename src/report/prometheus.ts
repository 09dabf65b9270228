import { renderExposition } from '../metrics/exposition.ts';
import { reportMetrics } from '../metrics/families.ts';
import type { Report } from '../types.ts';

/** `-o prometheus`: the report as Prometheus text exposition, for node_exporter's textfile collector or a Pushgateway. */
export const formatPrometheus = (report: Report): string => renderExposition(reportMetrics(report));
