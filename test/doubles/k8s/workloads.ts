// What turns a Job into a finished pod on a real cluster, played on the
// double's store: the Job controller (pods from the template, FailedCreate
// events when admission refuses them, activeDeadlineSeconds), the scheduler
// (node selectors, required node affinity, taints) and the kubelet (image
// pulls, running the container, logs, exit codes), each step a store update
// that list and watch clients see.
import type { KubeApiDouble } from './server.ts';
import { typeOfObject } from './resources.ts';
import { ApiError, type StoredObject } from './store.ts';

export interface ContainerExit {
  /** stdout and stderr as the log endpoint serves them. */
  logs: string;
  exitCode: number;
  /** Terminated reason: Completed, Error, OOMKilled. */
  reason?: string;
  terminationMessage?: string;
}

export interface WorkloadOptions {
  /** Whether a node can pull the image (default: every image). */
  pullable?: (image: string) => boolean;
  /** What the pod's container does once started (default: exit 0, no output). */
  run?: (pod: StoredObject, node: StoredObject, signal: AbortSignal) => Promise<ContainerExit>;
  /** Pause between lifecycle steps, so watchers see each state (default 20 ms). */
  stepMs?: number;
  /** Real seconds per simulated second for activeDeadlineSeconds (default 1): 0.005 turns 600 s into 3 s. */
  deadlineScale?: number;
}

const JOB = typeOfObject('batch/v1', 'Job')!;
const POD = typeOfObject('v1', 'Pod')!;
const NODE = typeOfObject('v1', 'Node')!;
const EVENT = typeOfObject('v1', 'Event')!;

type Expr = { key: string; operator: string; values?: string[] };
interface PodSpecLike {
  nodeSelector?: Record<string, string>;
  nodeName?: string;
  affinity?: {
    nodeAffinity?: { requiredDuringSchedulingIgnoredDuringExecution?: { nodeSelectorTerms?: { matchExpressions?: Expr[] }[] } };
  };
  tolerations?: { key?: string; operator?: string; value?: string; effect?: string }[];
  containers: { name: string; image: string }[];
}

function exprMatches(e: Expr, labels: Record<string, string>): boolean {
  const has = Object.hasOwn(labels, e.key);
  if (e.operator === 'In') return has && (e.values ?? []).includes(labels[e.key]);
  if (e.operator === 'NotIn') return !has || !(e.values ?? []).includes(labels[e.key]);
  if (e.operator === 'Exists') return has;
  if (e.operator === 'DoesNotExist') return !has;
  return false;
}

function fits(spec: PodSpecLike, node: StoredObject): boolean {
  const labels = node.metadata.labels ?? {};
  if ((node.spec as { unschedulable?: boolean } | undefined)?.unschedulable) return false;
  if (!Object.entries(spec.nodeSelector ?? {}).every(([k, v]) => labels[k] === v)) return false;
  const terms = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  if (terms?.length && !terms.some((t) => (t.matchExpressions ?? []).every((e) => exprMatches(e, labels)))) return false;
  const taints = ((node.spec as { taints?: { key: string; value?: string; effect: string }[] } | undefined)?.taints ?? []).filter(
    (t) => t.effect !== 'PreferNoSchedule',
  );
  return taints.every((t) =>
    (spec.tolerations ?? []).some(
      (tol) =>
        (tol.operator === 'Exists' && (!tol.key || tol.key === t.key)) ||
        (tol.key === t.key && (tol.value ?? '') === (t.value ?? '') && (!tol.effect || tol.effect === t.effect)),
    ),
  );
}

export function startWorkloads(api: KubeApiDouble, options: WorkloadOptions = {}): { stop(): void } {
  const { store } = api;
  const step = options.stepMs ?? 20;
  const timers = new Set<NodeJS.Timeout>();
  const running = new Map<string, AbortController>();
  let stopped = false;
  const later = (ms: number, fn: () => void) => {
    const t = setTimeout(() => {
      timers.delete(t);
      if (!stopped) fn();
    }, ms);
    timers.add(t);
  };
  const podStatus = (ns: string, name: string, change: (status: Record<string, unknown>) => void) =>
    store.update(POD, ns, name, (p) => {
      const s = (p.status ?? {}) as Record<string, unknown>;
      change(s);
      p.status = s;
    });
  const jobStatus = (ns: string, name: string, change: (status: Record<string, unknown>) => void) =>
    store.update(JOB, ns, name, (j) => {
      const s = (j.status ?? {}) as Record<string, unknown>;
      change(s);
      j.status = s;
    });
  const jobDone = (ns: string, name: string): boolean => {
    const conditions = (store.find(JOB, ns, name)?.status as { conditions?: { type: string }[] } | undefined)?.conditions ?? [];
    return conditions.some((c) => c.type === 'Complete' || c.type === 'Failed');
  };
  const event = (job: StoredObject, reason: string, message: string) =>
    store.create(EVENT, {
      metadata: { name: `${job.metadata.name}.${Date.now().toString(16)}`, namespace: job.metadata.namespace } as StoredObject['metadata'],
      involvedObject: {
        kind: 'Job',
        name: job.metadata.name,
        namespace: job.metadata.namespace,
        uid: job.metadata.uid,
        apiVersion: 'batch/v1',
      },
      reason,
      message,
      type: 'Warning',
      source: { component: 'job-controller' },
      firstTimestamp: new Date().toISOString(),
      lastTimestamp: new Date().toISOString(),
      count: 1,
    });

  const startJob = (job: StoredObject) => {
    const ns = job.metadata.namespace!;
    const spec = job.spec as {
      template: { metadata?: { labels?: Record<string, string> }; spec: PodSpecLike };
      activeDeadlineSeconds?: number;
    };
    jobStatus(ns, job.metadata.name, (s) => (s.startTime = new Date().toISOString()));
    if (spec.activeDeadlineSeconds) later(spec.activeDeadlineSeconds * 1000 * (options.deadlineScale ?? 1), () => deadline(job));
    later(step, () => {
      if (!store.find(JOB, ns, job.metadata.name)) return;
      try {
        store.create(POD, {
          metadata: {
            generateName: `${job.metadata.name}-`,
            namespace: ns,
            labels: {
              ...(spec.template.metadata?.labels ?? {}),
              'job-name': job.metadata.name,
              'batch.kubernetes.io/job-name': job.metadata.name,
              'controller-uid': job.metadata.uid,
            },
            ownerReferences: [{ apiVersion: 'batch/v1', kind: 'Job', name: job.metadata.name, uid: job.metadata.uid, controller: true }],
          } as unknown as StoredObject['metadata'],
          spec: structuredClone(spec.template.spec),
          status: { phase: 'Pending' },
        });
        jobStatus(ns, job.metadata.name, (s) => (s.active = 1));
      } catch (e) {
        const message = e instanceof ApiError ? e.message : (e as Error).message;
        event(job, 'FailedCreate', `Error creating: ${message}`);
      }
    });
  };

  const deadline = (job: StoredObject) => {
    const ns = job.metadata.namespace!;
    if (!store.find(JOB, ns, job.metadata.name) || jobDone(ns, job.metadata.name)) return;
    for (const pod of store.list(POD, { namespace: ns, labelSelector: `job-name=${job.metadata.name}` })) {
      running.get(pod.metadata.uid)?.abort();
      podStatus(ns, pod.metadata.name, (s) => {
        s.phase = 'Failed';
        s.reason = 'DeadlineExceeded';
        s.message = 'Pod was active on the node longer than the specified deadline';
      });
    }
    jobStatus(ns, job.metadata.name, (s) => {
      s.active = 0;
      s.failed = 1;
      s.conditions = [
        { type: 'Failed', status: 'True', reason: 'DeadlineExceeded', message: 'Job was active longer than specified deadline' },
      ];
    });
  };

  const schedule = (pod: StoredObject) => {
    const ns = pod.metadata.namespace!;
    const spec = pod.spec as PodSpecLike;
    const nodes = store.list(NODE);
    const node = nodes.find((n) => fits(spec, n));
    if (!node) {
      podStatus(ns, pod.metadata.name, (s) => {
        s.conditions = [
          {
            type: 'PodScheduled',
            status: 'False',
            reason: 'Unschedulable',
            message: `0/${nodes.length} nodes are available: ${nodes.length} node(s) didn't match Pod's node affinity/selector. preemption: 0/${nodes.length} nodes are available: ${nodes.length} Preemption is not helpful for scheduling.`,
          },
        ];
      });
      return;
    }
    store.update(POD, ns, pod.metadata.name, (p) => {
      (p.spec as PodSpecLike).nodeName = node.metadata.name;
      p.status = { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'True' }], hostIP: '127.0.0.1' };
    });
    later(step, () => pull(pod.metadata, node));
  };

  const pull = (meta: StoredObject['metadata'], node: StoredObject) => {
    const ns = meta.namespace!;
    const pod = store.find(POD, ns, meta.name);
    if (!pod) return;
    const container = (pod.spec as PodSpecLike).containers[0];
    if (options.pullable && !options.pullable(container.image)) {
      const waiting = (reason: string, message: string) =>
        podStatus(
          ns,
          meta.name,
          (s) =>
            (s.containerStatuses = [
              { name: container.name, image: container.image, ready: false, restartCount: 0, state: { waiting: { reason, message } } },
            ]),
        );
      waiting(
        'ErrImagePull',
        `failed to pull and unpack image "${container.image}": failed to resolve reference "${container.image}": ${container.image.split('/')[0]}: not found`,
      );
      later(step, () => store.find(POD, ns, meta.name) && waiting('ImagePullBackOff', `Back-off pulling image "${container.image}"`));
      return;
    }
    podStatus(ns, meta.name, (s) => {
      s.phase = 'Running';
      s.podIP = '127.0.0.1';
      s.startTime = new Date().toISOString();
      s.containerStatuses = [
        {
          name: container.name,
          image: container.image,
          ready: true,
          restartCount: 0,
          state: { running: { startedAt: new Date().toISOString() } },
        },
      ];
    });
    const abort = new AbortController();
    running.set(pod.metadata.uid, abort);
    const run = options.run ?? (async (): Promise<ContainerExit> => ({ logs: '', exitCode: 0 }));
    run(pod, node, abort.signal)
      .catch((e): ContainerExit => ({ logs: `${(e as Error).message}\n`, exitCode: 128, reason: 'Error' }))
      .then((exit) => {
        running.delete(pod.metadata.uid);
        if (stopped || abort.signal.aborted || !store.find(POD, ns, meta.name)) return;
        api.setLogs(ns, meta.name, exit.logs);
        podStatus(ns, meta.name, (s) => {
          s.phase = exit.exitCode === 0 ? 'Succeeded' : 'Failed';
          s.containerStatuses = [
            {
              name: container.name,
              image: container.image,
              ready: false,
              restartCount: 0,
              state: {
                terminated: {
                  exitCode: exit.exitCode,
                  reason: exit.reason ?? (exit.exitCode === 0 ? 'Completed' : 'Error'),
                  message: exit.terminationMessage,
                },
              },
            },
          ];
        });
        const job = pod.metadata.ownerReferences?.find((o) => o.kind === 'Job');
        if (job && !jobDone(ns, job.name)) {
          jobStatus(ns, job.name, (s) => {
            s.active = 0;
            if (exit.exitCode === 0) {
              s.succeeded = 1;
              s.conditions = [{ type: 'Complete', status: 'True' }];
            } else {
              s.failed = 1;
              s.conditions = [
                { type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' },
              ];
            }
          });
        }
      });
  };

  const unsubscribe = store.subscribe((change) => {
    if (change.type === 'ADDED' && change.resource.kind === 'Job') startJob(change.object);
    if (change.type === 'ADDED' && change.resource.kind === 'Pod' && !(change.object.spec as PodSpecLike).nodeName)
      later(step, () => store.find(POD, change.object.metadata.namespace, change.object.metadata.name) && schedule(change.object));
    if (change.type === 'DELETED' && change.resource.kind === 'Pod') running.get(change.object.metadata.uid)?.abort();
  });

  return {
    stop() {
      stopped = true;
      unsubscribe();
      for (const t of timers) clearTimeout(t);
      for (const a of running.values()) a.abort();
    },
  };
}
