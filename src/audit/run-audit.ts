// One scheduled audit: run the checks, keep the result, prune old runs, tell the
// tools people watch (PolicyReport, Event, Pushgateway). The checks decide the
// exit code; a failure to store or publish is reported on its own line and
// also fails the run, because a CronJob that silently stops recording is worse
// than one that fails loudly.
import type { Report } from '../types.ts';
import { reportMetrics } from '../metrics/families.ts';
import { renderExposition } from '../metrics/exposition.ts';
import { pushMetrics } from '../metrics/pushgateway.ts';
import { diffRuns, type Drift } from './diff.ts';
import type { Kube } from '../kube/client.ts';
import { emitFailureEvent, failureMessage, policyReportsServed, upsertPolicyReport } from './publish.ts';
import { toPolicyReport } from './policy-report.ts';
import { configMapNameOf } from './run-id.ts';
import type { AuditStore, StoredRun } from './store.ts';

export interface AuditRunOptions {
  collect: () => Promise<Report>;
  store: AuditStore;
  keep: number;
  /** Set when runs are kept in a cluster: PolicyReport and Event go there too. */
  kube?: Kube;
  severityOf?: (requirement: string) => 'fail' | 'warn' | undefined;
  pushgateway?: { url: URL; grouping: Record<string, string>; timeoutMs: number };
  log: (line: string) => void;
}

export interface AuditRunResult {
  report: Report;
  stored: StoredRun;
  pruned: string[];
  drift?: Drift;
  policyReport?: 'created' | 'replaced' | 'not-installed';
  event?: string;
  /** One line per thing that could not be done (store, publish, push). */
  problems: string[];
}

export async function runAudit(options: AuditRunOptions): Promise<AuditRunResult> {
  const report = await options.collect();
  const problems: string[] = [];
  const stored = await options.store.save(report);
  options.log(`run ${stored.id} kept as ${stored.where}${stored.trimmed?.length ? ` (trimmed to fit: ${stored.trimmed.join(', ')})` : ''}`);
  const result: AuditRunResult = { report, stored, pruned: [], problems };

  // Drift against the previous kept run, for the log and the Event.
  try {
    const runs = await options.store.list();
    const previous = runs.filter((r) => r.id !== stored.id && r.startedAt <= stored.startedAt).at(-1);
    if (previous) {
      result.drift = diffRuns([
        { id: previous.id, report: await options.store.read(previous.id) },
        { id: stored.id, report },
      ]);
      const d = result.drift;
      options.log(
        `since run ${previous.id}: ${d.broke.length} broke, ${d.recovered.length} recovered${d.broke.length ? ` (${d.broke.map((t) => t.key).join(', ')})` : ''}`,
      );
    }
  } catch (e) {
    problems.push(`cannot compare with the previous run: ${(e as Error).message}`);
  }

  try {
    result.pruned = await options.store.prune(options.keep);
    if (result.pruned.length) options.log(`pruned ${result.pruned.length} old run(s), keeping ${options.keep}`);
  } catch (e) {
    problems.push((e as Error).message);
  }

  if (options.kube) {
    const kube = options.kube;
    try {
      if (await policyReportsServed(kube)) {
        result.policyReport = await upsertPolicyReport(
          kube,
          toPolicyReport(report, { namespace: kube.namespace, runId: stored.id, severityOf: options.severityOf }),
        );
        options.log(`PolicyReport ${kube.namespace}/aml-preflight ${result.policyReport}`);
      } else {
        result.policyReport = 'not-installed';
      }
    } catch (e) {
      problems.push((e as Error).message);
    }
    if (report.summary.fail > 0) {
      try {
        result.event = await emitFailureEvent(
          kube,
          { name: configMapNameOf(stored.id), uid: stored.uid },
          stored.id,
          failureMessage(report, result.drift),
        );
      } catch (e) {
        problems.push((e as Error).message);
      }
    }
  }

  if (options.pushgateway) {
    try {
      await pushMetrics(options.pushgateway.url, renderExposition(reportMetrics(report)), {
        grouping: options.pushgateway.grouping,
        timeoutMs: options.pushgateway.timeoutMs,
      });
      options.log(`metrics pushed to ${options.pushgateway.url.origin}`);
    } catch (e) {
      problems.push((e as Error).message);
    }
  }
  return result;
}
