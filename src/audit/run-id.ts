// A run's id is its start time in UTC, to the millisecond: it sorts as time does,
// is valid as a Kubernetes label value and name part, and says when the run was.
// (It is never a metric label: every run would make new series.)

export function runIdOf(startedAt: string | Date): string {
  const iso = new Date(startedAt).toISOString(); // 2025-11-24T22:01:05.123Z
  return iso.replace(/[-:]/g, '').replace('.', '').toLowerCase(); // 20251124t220105123z
}

export const RUN_ID = /^\d{8}t\d{9}z$/;

export const configMapNameOf = (runId: string) => `aml-preflight-run-${runId}`;
