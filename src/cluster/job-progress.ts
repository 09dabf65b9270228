// Where one Job of a run stands, read from the Job, its pod and the Job's
// events: still on its way, finished with a report to collect, or failed in
// one of the ways the registry's job codes name (src/codes.ts).
import type * as K8s from '@kubernetes/client-node';
import { IMAGE_PULL_REASONS, type RunFailure } from './job-failures.ts';
import { RESOURCES } from './manifests.ts';

export type Progress =
  | { state: 'waiting' | 'pending' | 'running'; detail: string }
  | { state: 'finished'; exitCode: number; detail: string }
  | { state: 'failed'; failure: RunFailure; detail: string };

export interface Observed {
  job?: K8s.V1Job;
  pod?: K8s.V1Pod;
  events: K8s.CoreV1Event[];
  /** How long the pod has been unschedulable, in ms (0 when it is not). */
  unschedulableForMs: number;
  scheduleGraceMs: number;
}

const failed = (code: RunFailure['code'], message: string): Progress => ({ state: 'failed', failure: { code, message }, detail: code });

export function progressOf(o: Observed): Progress {
  const jobFailed = o.job?.status?.conditions?.find((c) => c.type === 'Failed' && c.status === 'True');
  if (jobFailed?.reason === 'DeadlineExceeded') {
    return failed(
      'JOB_DEADLINE_EXCEEDED',
      `the Job ran longer than its activeDeadlineSeconds (${o.job?.spec?.activeDeadlineSeconds} s) and was stopped${o.pod?.status?.phase ? ` (pod ${o.pod.metadata?.name} was ${o.pod.status.phase})` : ''}`,
    );
  }
  const pod = o.pod;
  if (!pod) {
    const rejected = [...o.events].reverse().find((e) => e.reason === 'FailedCreate');
    if (rejected) return failed('JOB_REJECTED', `the Job's pod was refused: ${rejected.message}`);
    return { state: 'waiting', detail: 'waiting for the Job controller to create the pod' };
  }
  const status = pod.status ?? {};
  const container = status.containerStatuses?.[0];
  const waiting = container?.state?.waiting;
  if (waiting?.reason && IMAGE_PULL_REASONS.has(waiting.reason)) {
    return failed(
      'IMAGE_PULL_FAILED',
      `node ${pod.spec?.nodeName ?? '?'} cannot pull image ${container?.image ?? pod.spec?.containers?.[0]?.image}: ${waiting.reason}${waiting.message ? `: ${waiting.message}` : ''}`,
    );
  }
  if (waiting?.reason === 'CreateContainerConfigError' || waiting?.reason === 'CreateContainerError') {
    return failed('POD_FAILED', `the container could not be created: ${waiting.reason}: ${waiting.message ?? ''}`.trim());
  }
  const unschedulable = status.conditions?.find((c) => c.type === 'PodScheduled' && c.status === 'False' && c.reason === 'Unschedulable');
  if (unschedulable) {
    if (o.unschedulableForMs >= o.scheduleGraceMs)
      return failed(
        'POD_UNSCHEDULABLE',
        `pod ${pod.metadata?.name} could not be scheduled for ${Math.round(o.unschedulableForMs / 1000)} s: ${unschedulable.message}`,
      );
    return { state: 'pending', detail: `unschedulable so far: ${unschedulable.message}` };
  }
  if (status.phase === 'Succeeded') return { state: 'finished', exitCode: 0, detail: `finished on ${pod.spec?.nodeName}` };
  if (status.phase === 'Failed') {
    const terminated = container?.state?.terminated;
    if (status.reason === 'DeadlineExceeded')
      return failed('JOB_DEADLINE_EXCEEDED', `pod ${pod.metadata?.name} ran longer than the Job's deadline and was stopped`);
    if (terminated?.exitCode === 0 || terminated?.exitCode === 1)
      return { state: 'finished', exitCode: terminated.exitCode, detail: `finished on ${pod.spec?.nodeName}` };
    if (terminated?.reason === 'OOMKilled')
      return failed('POD_FAILED', `the container was killed for using more memory than its limit (${RESOURCES.limits.memory})`);
    const last = (terminated?.message ?? '').trim().split('\n').filter(Boolean).pop();
    if (terminated?.exitCode === 2) return failed('POD_FAILED', `the probe rejected its input (exit 2)${last ? `: ${last}` : ''}`);
    return failed(
      'POD_FAILED',
      `the container exited with code ${terminated?.exitCode ?? '?'}${terminated?.reason ? ` (${terminated.reason})` : ''}${last ? `: ${last}` : ''}`,
    );
  }
  if (status.phase === 'Running') return { state: 'running', detail: `running on ${pod.spec?.nodeName}` };
  return {
    state: 'pending',
    detail: pod.spec?.nodeName
      ? `starting on ${pod.spec.nodeName}${waiting?.reason ? ` (${waiting.reason})` : ''}`
      : 'waiting to be scheduled',
  };
}
