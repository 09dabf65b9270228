import type { PhaseId, Report } from '../types.ts';

/** What a listing shows without reading every report. */
export interface StoredRun {
  id: string;
  startedAt: string;
  durationMs: number;
  summary: Report['summary'];
  rootCausePhase?: PhaseId;
  /** Where the run is kept: a ConfigMap's namespace/name or a file path. */
  where: string;
  /** Trimming steps applied to fit the store (see encode.ts). */
  trimmed?: string[];
  /** The ConfigMap's uid, when kept in a cluster: what an Event points at. */
  uid?: string;
}

/** Where audit runs are kept: ConfigMaps in the cluster, or a directory of report files. */
export interface AuditStore {
  describe: string;
  /** Oldest first. */
  list(): Promise<StoredRun[]>;
  read(id: string): Promise<Report>;
  save(report: Report): Promise<StoredRun>;
  /** Deletes all but the newest `keep` runs written by aml-preflight; returns the ids deleted. */
  prune(keep: number): Promise<string[]>;
}

export function storedRunOf(id: string, report: Report, where: string, trimmed?: string[]): StoredRun {
  return {
    id,
    startedAt: report.startedAt,
    durationMs: report.durationMs,
    summary: report.summary,
    rootCausePhase: report.rootCause?.phase,
    where,
    trimmed,
  };
}

export const byStart = (a: StoredRun, b: StoredRun) => a.startedAt.localeCompare(b.startedAt) || a.id.localeCompare(b.id);
