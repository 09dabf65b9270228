// The shapes every part of the tool agrees on. Field names here are public
// API: they appear in the JSON report (schema/report.schema.json).
import type { Code } from './codes.ts';

/** Every phase id, in chronological order: the v1 router's phases, then the Azure ML
 *  extension's (Arc connection, install, running, training jobs); both deploy and serve
 *  models. A report lists only the phases of the rule sets in its run (Report.phases). */
export const PHASES = [
  'router-deploy',
  'router-start',
  'router-run',
  'arc-connect',
  'extension-install',
  'extension-run',
  'training',
  'model-deploy',
  'model-serve',
] as const;
export type PhaseId = (typeof PHASES)[number];

export type Status = 'pass' | 'warn' | 'fail' | 'skip';
export type CheckKind = 'dns' | 'tcp' | 'tls' | 'http' | 'k8s' | 'compliance' | 'catalog';
export type Severity = 'fail' | 'warn';

/** What a probe returns: evidence always, a failure code when it did not pass. */
export interface ProbeOutcome {
  status: 'pass' | 'warn' | 'fail';
  code?: Code;
  message: string;
  evidence: Record<string, unknown>;
}

/** A resolved answer that the DNS probe hands to the TCP/TLS/HTTP probes, so they
 *  connect where DNS said and never look the name up a second time. */
export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

export interface Vantage {
  kind: 'local' | 'pod' | 'node';
  host: string;
  nodePool?: string;
  node?: string;
}

export interface CheckResult {
  id: string;
  requirement: string;
  phase: PhaseId;
  kind: CheckKind;
  host?: string;
  port?: number;
  status: Status;
  code?: Code;
  message: string;
  remediation?: string;
  blockedBy?: string;
  /** When the check started, in ms after the report's startedAt (absent in older reports). */
  startedMs?: number;
  durationMs: number;
  evidence: Record<string, unknown>;
  vantage?: Vantage;
  /** The Azure ML compute this check is for, when one run checks several (check --all-computes). */
  compute?: string;
}

export interface PhaseSummary {
  id: PhaseId;
  status: Status;
}

export interface Report {
  schemaVersion: 1;
  tool: { name: string; version: string };
  target: Record<string, unknown>;
  vantage: Vantage;
  startedAt: string;
  durationMs: number;
  summary: { pass: number; warn: number; fail: number; skip: number };
  rootCause: { phase: PhaseId; checks: string[] } | null;
  phases: PhaseSummary[];
  checks: CheckResult[];
}
