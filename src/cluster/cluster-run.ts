// `cluster run`: one Job per selected node pool (plus one per model namespace
// for the model's own dependencies), each running `aml-preflight cluster probe`
// in a pod pinned to its pool; then every pod's report merged into one.
import type { Profile } from '../config/profile.ts';
import { InputError } from '../errors.ts';
import { MODEL_LABEL } from '../compliance/model-services.ts';
import type { Report } from '../types.ts';
import type { Kube } from '../kube/client.ts';
import { kubeCall, kubeError } from '../kube/errors.ts';
import { installBase, putProfile, removeProfile } from './install.ts';
import type { RunFailure } from './job-failures.ts';
import { waitForJobs, type JobOutcome, type TrackedJob } from './job-wait.ts';
import { CONTAINER, jobNameFor, probeArgs, probeJob, RUN_SELECTOR } from './manifests.ts';
import { mergePodReports, type Difference, type PodReport } from './merge.ts';
import { nodePoolOf, nodePools } from '../kube/node-pools.ts';
import { tolerationsForPool, type Toleration } from './tolerations.ts';
import { reportFromLogs } from './pod-report.ts';

export type PoolSelection = { mode: 'scheduler' } | { mode: 'all' } | { mode: 'named'; names: string[] };

export interface ClusterRunOptions {
  kube: Kube;
  profile: Profile;
  namespace: string;
  image: string;
  pools: PoolSelection;
  /** Where the model's own dependencies are probed from; undefined: the namespaces of the model deployments. */
  modelNamespaces?: string[];
  /** Arguments every probe gets (timeouts); the compliance ones go to the first pool's pod only. */
  probeArgs: string[];
  complianceArgs: string[];
  waitMs: number;
  pollMs: number;
  scheduleGraceMs: number;
  requestTimeoutMs: number;
  keep: boolean;
  progress: (line: string) => void;
}

export interface ClusterRunResult {
  report?: Report;
  differences: Difference[];
  failures: { label: string; failure: RunFailure }[];
}

/** The pools to run a pod on, each with the tolerations of its nodes' taints; [{}] lets the scheduler choose. */
async function selectPools(o: ClusterRunOptions): Promise<{ name?: string; tolerations?: Toleration[] }[]> {
  if (o.pools.mode === 'scheduler') return [{}];
  const nodes = await kubeCall(o.kube, 'list nodes', { timeoutMs: o.requestTimeoutMs }, (x) => o.kube.core.listNode({}, x));
  if (!nodes.ok) throw kubeError(nodes.failure, `cluster ${o.kube.context}`);
  const withTolerations = (names: string[]) => names.map((name) => ({ name, tolerations: tolerationsForPool(nodes.value.items, name) }));
  const all = nodePools(nodes.value.items);
  // The image is linux-only: a Windows pool can neither run it nor host azureml-fe.
  const pools = all.filter((p) => (p.os ?? 'linux') === 'linux').map((p) => p.name);
  const windows = all.filter((p) => !pools.includes(p.name)).map((p) => p.name);
  if (!pools.length)
    throw new InputError(
      `cluster ${o.kube.context}: no Linux node carries an agentpool label; name no pool to let the scheduler place the pod`,
    );
  if (o.pools.mode === 'all') {
    if (windows.length) o.progress(`skipping node pool(s) ${windows.join(', ')}: not Linux`);
    return withTolerations(pools);
  }
  const unknown = o.pools.names.filter((n) => !pools.includes(n));
  if (unknown.length) {
    const why = windows.includes(unknown[0]) ? 'is not a Linux pool' : 'does not exist';
    throw new InputError(`--node-pool: node pool "${unknown[0]}" ${why} in cluster ${o.kube.context} (Linux pools: ${pools.join(', ')})`);
  }
  return withTolerations(o.pools.names);
}

/**
 * Where the model's own dependencies are probed from: each model namespace, on
 * the node pool its model pods run on (so the probe sees their network policies,
 * DNS and egress), else wherever the scheduler puts it.
 */
async function modelNamespaces(o: ClusterRunOptions): Promise<{ namespace: string; nodePool?: string; tolerations?: Toleration[] }[]> {
  if (!o.profile.dependencies?.length) return [];
  const limits = { timeoutMs: o.requestTimeoutMs };
  const [pods, nodes] = await Promise.all([
    kubeCall(o.kube, `list pods -l ${MODEL_LABEL}=true`, limits, (x) =>
      o.kube.core.listPodForAllNamespaces({ labelSelector: `${MODEL_LABEL}=true` }, x),
    ),
    kubeCall(o.kube, 'list nodes', limits, (x) => o.kube.core.listNode({}, x)),
  ]);
  const poolOfNode = new Map(nodes.ok ? nodes.value.items.map((n) => [n.metadata?.name, nodePoolOf(n)]) : []);
  const poolsByNamespace = new Map<string, string[]>();
  for (const p of pods.ok ? pods.value.items : []) {
    const ns = p.metadata?.namespace ?? '';
    poolsByNamespace.set(ns, [...(poolsByNamespace.get(ns) ?? []), ...[poolOfNode.get(p.spec?.nodeName)].filter((x): x is string => !!x)]);
  }
  if (!pods.ok && !o.modelNamespaces) {
    o.progress(`cannot list model pods (${pods.failure.code}): the model's dependencies are probed from namespace ${o.namespace} only`);
    return [];
  }
  const namespaces = o.modelNamespaces ?? [...poolsByNamespace.keys()].filter(Boolean).sort();
  return namespaces.map((namespace) => {
    const pools = poolsByNamespace.get(namespace) ?? [];
    const mostUsed = [...new Set(pools)].sort((a, b) => pools.filter((x) => x === b).length - pools.filter((x) => x === a).length)[0];
    return {
      namespace,
      nodePool: mostUsed,
      tolerations: mostUsed && nodes.ok ? tolerationsForPool(nodes.value.items, mostUsed) : undefined,
    };
  });
}

/** Removes this tool's Jobs (and, with them, their pods) from a namespace and waits until they are gone. */
async function removeRunJobs(kube: Kube, namespace: string, timeoutMs: number, waitMs: number): Promise<void> {
  const limits = { timeoutMs };
  const list = await kubeCall(kube, `list jobs in ${namespace}`, limits, (o) =>
    kube.batch.listNamespacedJob({ namespace, labelSelector: RUN_SELECTOR }, o),
  );
  if (!list.ok) return;
  for (const job of list.value.items) {
    await kubeCall(kube, `delete job ${namespace}/${job.metadata?.name}`, limits, (o) =>
      kube.batch.deleteNamespacedJob({ name: job.metadata!.name!, namespace, propagationPolicy: 'Foreground' }, o),
    );
  }
  const until = Date.now() + waitMs;
  while (Date.now() < until) {
    const left = await kubeCall(kube, `list jobs in ${namespace}`, limits, (o) =>
      kube.batch.listNamespacedJob({ namespace, labelSelector: RUN_SELECTOR }, o),
    );
    if (!left.ok || !left.value.items.length) return;
    await new Promise((r) => setTimeout(r, 250));
  }
}

export async function runInCluster(o: ClusterRunOptions): Promise<ClusterRunResult> {
  const startedAt = new Date();
  const started = performance.now();
  const limits = { timeoutMs: o.requestTimeoutMs };
  const pools = await selectPools(o);
  const depTargets = (await modelNamespaces(o)).filter((m) => m.namespace !== o.namespace);
  const depNamespaces = depTargets.map((m) => m.namespace);
  await installBase(o.kube, o.namespace, limits, o.progress);
  const namespaces = [o.namespace, ...depNamespaces];
  // Only what this run wrote is removed at the end: never a profile object that is not ours.
  const written: string[] = [];
  let secret = false;
  try {
    for (const ns of namespaces) {
      secret = (await putProfile(o.kube, ns, o.profile, limits)).secret;
      written.push(ns);
    }
  } catch (e) {
    if (!o.keep) for (const ns of written) await removeProfile(o.kube, ns, secret, limits);
    throw e;
  }
  // A run of ours that died half-way must not be mistaken for this one.
  for (const ns of namespaces) await removeRunJobs(o.kube, ns, o.requestTimeoutMs, 60_000);

  const planned: { tracked: TrackedJob; nodePool: boolean; body: ReturnType<typeof probeJob> }[] = pools.map(
    ({ name: pool, tolerations }, i) => ({
      tracked: { namespace: o.namespace, name: jobNameFor(pool), label: pool ?? 'scheduler' },
      nodePool: true,
      body: probeJob(o.namespace, jobNameFor(pool), {
        image: o.image,
        nodePool: pool,
        tolerations,
        secret,
        withServiceAccount: true,
        args: probeArgs([...o.probeArgs, ...(i === 0 ? o.complianceArgs : [])], secret),
      }),
    }),
  );
  for (const { namespace: ns, nodePool, tolerations } of depTargets) {
    planned.push({
      tracked: { namespace: ns, name: 'aml-preflight-dependencies', label: ns },
      nodePool: false,
      body: probeJob(ns, 'aml-preflight-dependencies', {
        image: o.image,
        nodePool,
        tolerations,
        secret,
        withServiceAccount: false,
        args: probeArgs([...o.probeArgs, '--only', 'dependency', '--no-kube'], secret),
      }),
    });
  }

  const failures: ClusterRunResult['failures'] = [];
  const running: typeof planned = [];
  for (const p of planned) {
    const made = await kubeCall(o.kube, `create job ${p.tracked.namespace}/${p.tracked.name}`, limits, (x) =>
      o.kube.batch.createNamespacedJob({ namespace: p.tracked.namespace, body: p.body }, x),
    );
    if (made.ok) {
      p.tracked.uid = made.value.metadata?.uid;
      running.push(p);
      o.progress(`[${p.tracked.label}] job ${p.tracked.namespace}/${p.tracked.name} created`);
    } else if (made.failure.code === 'K8S_FORBIDDEN' || made.failure.code === 'K8S_INVALID') {
      // RBAC, a ResourceQuota or an admission webhook (Azure Policy, Gatekeeper) said no.
      failures.push({ label: p.tracked.label, failure: { code: 'JOB_REJECTED', message: `the Job was refused: ${made.failure.message}` } });
    } else {
      throw kubeError(made.failure, `cluster ${o.kube.context}`);
    }
  }

  let outcomes = new Map<TrackedJob, JobOutcome>();
  const reports: PodReport[] = [];
  try {
    if (running.length) {
      outcomes = await waitForJobs(
        o.kube,
        running.map((p) => p.tracked),
        {
          waitMs: o.waitMs,
          pollMs: o.pollMs,
          scheduleGraceMs: o.scheduleGraceMs,
          requestTimeoutMs: o.requestTimeoutMs,
          progress: o.progress,
        },
      );
    }
    for (const p of running) {
      const outcome = outcomes.get(p.tracked)!;
      if (outcome.state === 'failed') {
        failures.push({ label: p.tracked.label, failure: outcome.failure });
        continue;
      }
      const podName = outcome.pod.metadata!.name!;
      const logs = await kubeCall(o.kube, `logs of pod ${p.tracked.namespace}/${podName}`, limits, (x) =>
        o.kube.core.readNamespacedPodLog(
          { name: podName, namespace: p.tracked.namespace, container: CONTAINER, limitBytes: 16 * 1024 * 1024 },
          x,
        ),
      );
      if (!logs.ok) {
        failures.push({
          label: p.tracked.label,
          failure: { code: 'REPORT_MISSING', message: `cannot read the pod's log: ${logs.failure.message}` },
        });
        continue;
      }
      const parsed = reportFromLogs(String(logs.value));
      if (!parsed.report) {
        failures.push({ label: p.tracked.label, failure: { code: 'REPORT_MISSING', message: parsed.problem! } });
        continue;
      }
      const label = p.nodePool ? (parsed.report.vantage.nodePool ?? p.tracked.label) : p.tracked.label;
      reports.push({ label, nodePool: p.nodePool, report: parsed.report });
    }
  } finally {
    if (!o.keep) {
      // Idempotent: what is already gone (404) is fine.
      for (const ns of namespaces) {
        await removeRunJobs(o.kube, ns, o.requestTimeoutMs, 10_000);
        await removeProfile(o.kube, ns, secret, limits);
      }
    }
  }
  if (!reports.length) return { differences: [], failures };
  const { report, differences } = mergePodReports(reports, {
    target: {
      ...reports[0].report.target,
      inCluster: {
        context: o.kube.context,
        namespace: o.namespace,
        nodePools: reports.filter((r) => r.nodePool).map((r) => r.label),
        failed: failures.map((f) => `${f.label}: ${f.failure.code}`),
      },
    },
    startedAt,
    durationMs: performance.now() - started,
  });
  return { report, differences, failures };
}
