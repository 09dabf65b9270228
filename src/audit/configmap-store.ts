// Runs kept in the cluster: one ConfigMap per run, labelled so that
// `kubectl get configmap -l app.kubernetes.io/name=aml-preflight` lists them
// and `-l aml-preflight/result=fail` finds the bad ones. Listing reads labels
// and annotations only; a report is unzipped only when asked for.
import { InputError } from '../errors.ts';
import type { PhaseId, Report, Status } from '../types.ts';
import { decodeReport, encodeReport } from './encode.ts';
import type { Kube } from '../kube/client.ts';
import { isNotFound, kubeError, kubeFailure } from '../kube/errors.ts';
import { configMapNameOf, runIdOf } from './run-id.ts';
import { byStart, storedRunOf, type AuditStore, type StoredRun } from './store.ts';

export const APP_LABEL = 'app.kubernetes.io/name';
export const APP = 'aml-preflight';
export const RUN_LABEL = 'aml-preflight/run';
export const RESULT_LABEL = 'aml-preflight/result';
export const REPORT_KEY = 'report.json.gz';
export const RUN_SELECTOR = `${APP_LABEL}=${APP},${RUN_LABEL}`;

const A = {
  startedAt: 'aml-preflight/started-at',
  durationMs: 'aml-preflight/duration-ms',
  summary: 'aml-preflight/summary',
  rootCause: 'aml-preflight/root-cause-phase',
  trimmed: 'aml-preflight/trimmed',
  encoding: 'aml-preflight/encoding',
} as const;

export const worstStatus = (s: Report['summary']): Status => (s.fail ? 'fail' : s.warn ? 'warn' : s.pass ? 'pass' : 'skip');

type ConfigMap = import('@kubernetes/client-node').V1ConfigMap;

/** The ConfigMap that keeps one run (pure: what is sent to the API server). */
export function runConfigMap(report: Report, namespace: string): { configMap: ConfigMap; id: string; trimmed: string[] } {
  const id = runIdOf(report.startedAt);
  const { gzip, trimmed } = encodeReport(report);
  const configMap: ConfigMap = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: configMapNameOf(id),
      namespace,
      labels: {
        [APP_LABEL]: APP,
        'app.kubernetes.io/component': 'audit-run',
        [RUN_LABEL]: id,
        [RESULT_LABEL]: worstStatus(report.summary),
      },
      annotations: {
        [A.startedAt]: report.startedAt,
        [A.durationMs]: String(report.durationMs),
        [A.summary]: JSON.stringify(report.summary),
        ...(report.rootCause ? { [A.rootCause]: report.rootCause.phase } : {}),
        ...(trimmed.length ? { [A.trimmed]: trimmed.join(',') } : {}),
        [A.encoding]: 'gzip, JSON report (schema/report.schema.json)',
      },
    },
    binaryData: { [REPORT_KEY]: gzip.toString('base64') },
  };
  return { configMap, id, trimmed };
}

function storedRunOfConfigMap(cm: ConfigMap, namespace: string): StoredRun | undefined {
  const labels = cm.metadata?.labels ?? {};
  const ann = cm.metadata?.annotations ?? {};
  const id = labels[RUN_LABEL];
  if (!id || !ann[A.startedAt]) return undefined;
  let summary: Report['summary'];
  try {
    summary = JSON.parse(ann[A.summary] ?? '');
  } catch {
    summary = { pass: 0, warn: 0, fail: 0, skip: 0 };
  }
  return {
    id,
    startedAt: ann[A.startedAt],
    durationMs: Number(ann[A.durationMs] ?? 0),
    summary,
    rootCausePhase: ann[A.rootCause] as PhaseId | undefined,
    where: `configmap ${namespace}/${cm.metadata?.name}`,
    trimmed: ann[A.trimmed] ? ann[A.trimmed].split(',') : undefined,
  };
}

export function configMapStore(kube: Kube): AuditStore {
  const core = kube.core;
  const failed = (e: unknown, what: string) => kubeError(kubeFailure(e, what, kube.server));
  const namespace = kube.namespace;
  const store: AuditStore = {
    describe: `ConfigMaps in namespace ${namespace}`,
    async list() {
      const runs: StoredRun[] = [];
      let token: string | undefined;
      do {
        const page = await core
          .listNamespacedConfigMap({ namespace, labelSelector: RUN_SELECTOR, limit: 100, _continue: token }, kube.opts())
          .catch((e) => {
            throw failed(e, `cannot list audit runs in namespace ${namespace}`);
          });
        for (const cm of page.items) {
          const run = storedRunOfConfigMap(cm, namespace);
          if (run) runs.push(run);
        }
        token = page.metadata?._continue || undefined;
      } while (token);
      return runs.sort(byStart);
    },
    async read(id) {
      const name = configMapNameOf(id);
      const cm = await core.readNamespacedConfigMap({ name, namespace }, kube.opts()).catch((e) => {
        if (isNotFound(e)) throw new InputError(`no run "${id}" in namespace ${namespace} (see: aml-preflight audit history)`);
        throw failed(e, `cannot read configmap ${namespace}/${name}`);
      });
      const data = cm.binaryData?.[REPORT_KEY];
      if (!data) throw new InputError(`configmap ${namespace}/${name} holds no ${REPORT_KEY}`);
      return decodeReport(Buffer.from(data, 'base64'), `configmap ${namespace}/${name}`);
    },
    async save(report) {
      const { configMap, id, trimmed } = runConfigMap(report, namespace);
      const created = await core.createNamespacedConfigMap({ namespace, body: configMap }, kube.opts()).catch((e) => {
        throw failed(e, `cannot create configmap ${namespace}/${configMap.metadata!.name}`);
      });
      return { ...storedRunOf(id, report, `configmap ${namespace}/${configMap.metadata!.name}`, trimmed), uid: created.metadata?.uid };
    },
    async prune(keep) {
      const runs = await store.list();
      const doomed = runs.slice(0, Math.max(0, runs.length - keep));
      for (const r of doomed) {
        await core.deleteNamespacedConfigMap({ name: configMapNameOf(r.id), namespace }, kube.opts()).catch((e) => {
          if (!isNotFound(e)) throw failed(e, `cannot delete configmap ${namespace}/${configMapNameOf(r.id)}`);
        });
      }
      return doomed.map((r) => r.id);
    },
  };
  return store;
}
