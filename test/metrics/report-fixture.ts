import type { CheckResult, Report, Status } from '../../src/types.ts';
import { countStatuses, phaseSummaries, rootCause } from '../../src/engine/summarize.ts';

export function check(id: string, status: Status, extra: Partial<CheckResult> = {}): CheckResult {
  const [instance, kind = 'dns'] = id.split('/');
  const requirement = instance.split('@')[0];
  return {
    id,
    requirement,
    phase: 'router-deploy',
    kind: kind as CheckResult['kind'],
    host: `${requirement}.example`,
    status,
    message: `${id} ${status}`,
    durationMs: 12,
    evidence: {},
    ...extra,
  };
}

export function reportOf(checks: CheckResult[], startedAt = '2025-11-24T22:00:00.000Z'): Report {
  return {
    schemaVersion: 1,
    tool: { name: 'aml-preflight', version: '0.1.0' },
    target: {},
    vantage: { kind: 'local', host: 'test' },
    startedAt,
    durationMs: 1234,
    summary: countStatuses(checks),
    rootCause: rootCause(checks),
    phases: phaseSummaries(checks),
    checks,
  };
}
