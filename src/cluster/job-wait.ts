// Waits for a run's Jobs: a watch on their pods wakes the loop as soon as
// something changes, and a poll of Jobs, pods and events makes sure nothing is
// missed (a watch may drop). Prints each Job's progress once per change.
import type * as K8s from '@kubernetes/client-node';
import type { Kube } from '../kube/client.ts';
import { kubeCall } from '../kube/errors.ts';
import type { RunFailure } from './job-failures.ts';
import { progressOf, type Progress } from './job-progress.ts';
import { RUN_SELECTOR } from './manifests.ts';

export interface TrackedJob {
  namespace: string;
  name: string;
  /** What the user calls it: the node pool, or the model namespace. */
  label: string;
  uid?: string;
}

export type JobOutcome =
  | { state: 'finished'; exitCode: number; pod: K8s.V1Pod }
  | { state: 'failed'; failure: RunFailure; pod?: K8s.V1Pod };

export interface WaitOptions {
  waitMs: number;
  pollMs: number;
  scheduleGraceMs: number;
  requestTimeoutMs: number;
  progress: (line: string) => void;
}

export async function waitForJobs(kube: Kube, jobs: TrackedJob[], options: WaitOptions): Promise<Map<TrackedJob, JobOutcome>> {
  const outcomes = new Map<TrackedJob, JobOutcome>();
  const unschedulableSince = new Map<TrackedJob, number>();
  const lastDetail = new Map<TrackedJob, string>();
  const namespaces = [...new Set(jobs.map((j) => j.namespace))];
  const started = Date.now();
  let wake: () => void = () => {};
  // Not awaited: the watch only speeds things up, the poll below must not wait for it to connect.
  const watches = namespaces.map((ns) =>
    new kube.k8s.Watch(kube.kc)
      .watch(
        `/api/v1/namespaces/${ns}/pods`,
        { labelSelector: RUN_SELECTOR },
        () => wake(),
        () => {},
      )
      .catch(() => undefined),
  );
  const limits = { timeoutMs: options.requestTimeoutMs };
  try {
    while (outcomes.size < jobs.length) {
      for (const ns of namespaces) {
        const [jobList, podList] = await Promise.all([
          kubeCall(kube, `list jobs in ${ns}`, limits, (o) =>
            kube.batch.listNamespacedJob({ namespace: ns, labelSelector: RUN_SELECTOR }, o),
          ),
          kubeCall(kube, `list pods in ${ns}`, limits, (o) =>
            kube.core.listNamespacedPod({ namespace: ns, labelSelector: RUN_SELECTOR }, o),
          ),
        ]);
        // A poll that fails (the API server blinked) is retried on the next round; the deadline still holds.
        if (!jobList.ok || !podList.ok) continue;
        for (const tracked of jobs.filter((j) => j.namespace === ns && !outcomes.has(j))) {
          const job = jobList.value.items.find(
            (j) => j.metadata?.name === tracked.name && (!tracked.uid || j.metadata?.uid === tracked.uid),
          );
          const uid = job?.metadata?.uid ?? tracked.uid;
          const pod = podList.value.items.find((p) => p.metadata?.ownerReferences?.some((r) => r.uid === uid));
          let events: K8s.CoreV1Event[] = [];
          if (!pod) {
            const ev = await kubeCall(kube, `list events of job ${ns}/${tracked.name}`, limits, (o) =>
              kube.core.listNamespacedEvent(
                { namespace: ns, fieldSelector: `involvedObject.kind=Job,involvedObject.name=${tracked.name}` },
                o,
              ),
            );
            events = ev.ok ? ev.value.items.filter((e) => !uid || !e.involvedObject.uid || e.involvedObject.uid === uid) : [];
          }
          const unschedulable = pod?.status?.conditions?.some((c) => c.type === 'PodScheduled' && c.status === 'False');
          if (unschedulable && !unschedulableSince.has(tracked)) unschedulableSince.set(tracked, Date.now());
          if (!unschedulable) unschedulableSince.delete(tracked);
          const progress: Progress = progressOf({
            job,
            pod,
            events,
            unschedulableForMs: unschedulable ? Date.now() - unschedulableSince.get(tracked)! : 0,
            scheduleGraceMs: options.scheduleGraceMs,
          });
          if (lastDetail.get(tracked) !== progress.detail) {
            lastDetail.set(tracked, progress.detail);
            options.progress(
              `[${tracked.label}] ${pod?.metadata?.name ?? tracked.name}: ${progress.state === 'failed' ? `${progress.failure.code}` : progress.detail}`,
            );
          }
          if (progress.state === 'finished') outcomes.set(tracked, { state: 'finished', exitCode: progress.exitCode, pod: pod! });
          if (progress.state === 'failed') outcomes.set(tracked, { state: 'failed', failure: progress.failure, pod });
        }
      }
      if (outcomes.size === jobs.length) break;
      const left = options.waitMs - (Date.now() - started);
      if (left <= 0) {
        for (const j of jobs.filter((j) => !outcomes.has(j))) {
          outcomes.set(j, {
            state: 'failed',
            failure: {
              code: 'WAIT_TIMEOUT',
              message: `still ${lastDetail.get(j) ?? 'not started'} after ${Math.round(options.waitMs / 1000)} s`,
            },
          });
        }
        break;
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(options.pollMs, left));
        wake = () => {
          clearTimeout(timer);
          // Let a burst of watch events settle into one poll.
          setTimeout(resolve, 20);
        };
      });
      wake = () => {};
    }
  } finally {
    for (const w of watches) void w.then((controller) => controller?.abort());
  }
  return outcomes;
}
