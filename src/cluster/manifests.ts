// The objects an in-cluster run needs, built in one place: `cluster run`
// creates them, `cluster manifests` prints them, and deploy/ (the kustomize
// base) holds the same ones as files, which a test keeps in step with these.
import { stringify } from 'yaml';
import { readCaFile } from '../config/ca-file.ts';
import type { Profile } from '../config/profile.ts';
import { redactUrl } from '../report/redact.ts';
import { TOOL } from '../tool.ts';
import { POOL_LABELS } from '../kube/node-pools.ts';
import { VANTAGE_ENV } from './pod-vantage.ts';
import type { Toleration } from './tolerations.ts';

export const DEFAULT_NAMESPACE = 'aml-preflight';
export const SERVICE_ACCOUNT = 'aml-preflight';
export const CLUSTER_ROLE = 'aml-preflight-reader';
export const AUDIT_ROLE = 'aml-preflight-audit';
export const AUDIT_CRON_JOB = 'aml-preflight-audit';
export const PROFILE_CONFIG_MAP = 'aml-preflight-profile';
export const PROFILE_DIR = '/etc/aml-preflight';
export const PROFILE_KEY = 'profile.yaml';
/** The profile's secret parts (a proxy password, SAS-bearing dependency URLs): a Secret, never the ConfigMap. */
export const PROFILE_SECRET = 'aml-preflight-profile-secret';
export const SECRET_DIR = '/etc/aml-preflight-secret';
export const CA_KEY = 'ca.pem';
export const CONTAINER = 'preflight';
export const DEFAULT_IMAGE = `aml-preflight:${TOOL.version}`;

export const LABELS = {
  name: 'app.kubernetes.io/name',
  component: 'app.kubernetes.io/component',
  managedBy: 'app.kubernetes.io/managed-by',
  nodePool: 'aml-preflight.io/node-pool',
} as const;

/** Marks the Jobs `cluster run` owns, so a stale run of its own can be found and removed. */
export const RUN_SELECTOR = `${LABELS.name}=aml-preflight,${LABELS.component}=cluster-run`;

/**
 * Exactly what the in-pod code calls, read-only (a test compares this with the
 * requests the API double saw). SelfSubjectAccessReview and /version need no
 * grant: every authenticated user has them (system:basic-user, system:public-info-viewer).
 */
export const CLUSTER_ROLE_RULES = [
  { apiGroups: [''], resources: ['nodes'], verbs: ['get', 'list'] },
  { apiGroups: [''], resources: ['pods'], verbs: ['list'] },
  { apiGroups: [''], resources: ['endpoints'], verbs: ['get'] },
  { apiGroups: [''], resources: ['configmaps'], resourceNames: ['azuremlfeconfig'], verbs: ['get'] },
  { apiGroups: ['apps'], resources: ['deployments'], verbs: ['get', 'list'] },
  { apiGroups: ['apps'], resources: ['daemonsets'], verbs: ['list'] },
  { apiGroups: ['autoscaling'], resources: ['horizontalpodautoscalers'], verbs: ['list'] },
  { apiGroups: ['authorization.k8s.io'], resources: ['subjectaccessreviews'], verbs: ['create'] },
];

/**
 * What `audit run` writes, only in its own namespace (src/audit: one ConfigMap
 * per run, pruned to --keep; an Event on failure; the PolicyReport when its CRD
 * is installed). Its checks read through CLUSTER_ROLE_RULES; discovery (GET
 * /apis) needs no grant. A test compares both with what the CronJob's pod calls.
 */
export const AUDIT_ROLE_RULES = [
  { apiGroups: [''], resources: ['configmaps'], verbs: ['create', 'list', 'get', 'delete'] },
  { apiGroups: [''], resources: ['events'], verbs: ['create'] },
  { apiGroups: ['wgpolicyk8s.io'], resources: ['policyreports'], verbs: ['get', 'create', 'update'] },
];

export const POD_SECURITY_CONTEXT = { runAsNonRoot: true, runAsUser: 65532, runAsGroup: 65532, seccompProfile: { type: 'RuntimeDefault' } };
export const CONTAINER_SECURITY_CONTEXT = {
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: true,
  runAsNonRoot: true,
  capabilities: { drop: ['ALL'] },
};
export const RESOURCES = { requests: { cpu: '50m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } };
/** The Job's own deadline, past the probe's (a minute or two at most): a hung pod is killed, not left running. */
export const ACTIVE_DEADLINE_SECONDS = 600;
/** A Job left behind by a run that died is garbage-collected after a day. */
export const TTL_SECONDS_AFTER_FINISHED = 86_400;

const labels = (component: string, extra: Record<string, string> = {}) => ({
  [LABELS.name]: 'aml-preflight',
  [LABELS.component]: component,
  [LABELS.managedBy]: 'aml-preflight',
  ...extra,
});

/** Whether aml-preflight created an object (its managed-by label): only those does it replace or delete. */
export const isOurs = (o: { metadata?: { labels?: Record<string, string> } } | undefined): boolean =>
  o?.metadata?.labels?.[LABELS.managedBy] === 'aml-preflight';

export function namespaceObject(namespace: string) {
  // Pod Security Admission "restricted" fits every pod this tool creates.
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: namespace, labels: { ...labels('namespace'), 'pod-security.kubernetes.io/enforce': 'restricted' } },
  };
}

export function serviceAccountObject(namespace: string) {
  return { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: SERVICE_ACCOUNT, namespace, labels: labels('rbac') } };
}

export function clusterRoleObject() {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name: CLUSTER_ROLE, labels: labels('rbac') },
    rules: CLUSTER_ROLE_RULES,
  };
}

export function clusterRoleBindingObject(namespace: string) {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: { name: namespace === DEFAULT_NAMESPACE ? CLUSTER_ROLE : `${CLUSTER_ROLE}-${namespace}`, labels: labels('rbac') },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: CLUSTER_ROLE },
    subjects: [{ kind: 'ServiceAccount', name: SERVICE_ACCOUNT, namespace }],
  };
}

export function auditRoleObject(namespace: string) {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'Role',
    metadata: { name: AUDIT_ROLE, namespace, labels: labels('rbac') },
    rules: AUDIT_ROLE_RULES,
  };
}

export function auditRoleBindingObject(namespace: string) {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: { name: AUDIT_ROLE, namespace, labels: labels('rbac') },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: AUDIT_ROLE },
    subjects: [{ kind: 'ServiceAccount', name: SERVICE_ACCOUNT, namespace }],
  };
}

/** Flags the user did not give leave empty sections behind; the pod's profile is easier to read without them. */
function withoutEmpty(value: unknown): unknown {
  if (Array.isArray(value)) return value;
  if (!value || typeof value !== 'object') return value;
  const kept = Object.entries(value)
    .map(([k, v]) => [k, withoutEmpty(v)] as const)
    .filter(([, v]) => v !== undefined);
  return kept.length ? Object.fromEntries(kept) : undefined;
}

const carriesSecret = (url: string): boolean => redactUrl(url) !== url;

/** The profile in two parts: what may be shown and committed (the ConfigMap), and the settings that carry a
 *  credential (a proxy URL with a password, dependency URLs with a SAS or other query), for a Secret. The pod reads
 *  both (--config twice; the second wins key by key). */
export function splitProfile(profile: Profile): { shown: Profile; secret?: Profile } {
  const secret: Profile = {};
  let shown = profile;
  if (profile.proxy?.url && carriesSecret(profile.proxy.url)) {
    secret.proxy = { url: profile.proxy.url };
    shown = { ...shown, proxy: { ...profile.proxy, url: undefined } };
  }
  // The list goes whole: a later profile replaces a list, it does not add to it.
  if (profile.dependencies?.some(carriesSecret)) {
    secret.dependencies = profile.dependencies;
    shown = { ...shown, dependencies: undefined };
  }
  return Object.keys(secret).length ? { shown, secret } : { shown };
}

/** Which keys the Secret holds, for a person (never their values). */
export const secretKeys = (secret: Profile): string[] => [
  ...(secret.proxy?.url ? ['proxy.url'] : []),
  ...(secret.dependencies ? ['dependencies'] : []),
];

/** The profile as the pod reads it, less its secret parts: a local CA file travels inside the config map. */
export function profileConfigMap(namespace: string, profile: Profile) {
  const data: Record<string, string> = {};
  let inPod = splitProfile(profile).shown;
  if (profile.tls?.caFile) {
    data[CA_KEY] = readCaFile(profile.tls.caFile);
    inPod = { ...inPod, tls: { ...profile.tls, caFile: `${PROFILE_DIR}/${CA_KEY}` } };
  }
  data[PROFILE_KEY] = stringify(withoutEmpty(inPod) ?? {});
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: PROFILE_CONFIG_MAP, namespace, labels: labels('profile') }, data };
}

/** The Secret `cluster run` creates for the profile's secret parts; undefined when there are none. */
export function profileSecret(namespace: string, profile: Profile) {
  const { secret } = splitProfile(profile);
  if (!secret) return undefined;
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    type: 'Opaque',
    metadata: { name: PROFILE_SECRET, namespace, labels: labels('profile') },
    data: { [PROFILE_KEY]: Buffer.from(stringify(secret)).toString('base64') },
  };
}

export interface ProbePodOptions {
  image: string;
  /** Pin to this AKS node pool; unpinned when undefined. */
  nodePool?: string;
  /** The pool's own taints, tolerated as they are (tolerationsForPool). */
  tolerations?: Toleration[];
  /** Mount the profile's Secret (PROFILE_SECRET); `args` must then read it (probeArgs/auditArgs with secret). */
  secret?: boolean;
  /** Arguments after the image's entrypoint (aml-preflight). */
  args: string[];
  /** false: the pod gets no API token (the dependency probe in a model's namespace). */
  withServiceAccount: boolean;
  configMap?: string;
}

/** The profile files the pod reads: the ConfigMap's, then the Secret's over it. */
const configArgs = (secret: boolean): string[] => [
  '--config',
  `${PROFILE_DIR}/${PROFILE_KEY}`,
  ...(secret ? ['--config', `${SECRET_DIR}/${PROFILE_KEY}`] : []),
];

export function probeArgs(extra: string[] = [], secret = false): string[] {
  return ['cluster', 'probe', ...configArgs(secret), ...extra];
}

/** The scheduled audit's command: jittered so a fleet on one schedule does not fire at once, the last 30 runs kept. */
export function auditArgs(extra: string[] = [], secret = false): string[] {
  return ['audit', 'run', ...configArgs(secret), '--jitter-seconds', '300', '--keep', '30', '-o', 'json', ...extra];
}

export function probePodSpec(o: ProbePodOptions) {
  const env = [
    { name: VANTAGE_ENV.pod, valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
    { name: VANTAGE_ENV.namespace, valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
    { name: VANTAGE_ENV.node, valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
    ...(o.nodePool ? [{ name: VANTAGE_ENV.nodePool, value: o.nodePool }] : []),
  ];
  return {
    ...(o.withServiceAccount
      ? { serviceAccountName: SERVICE_ACCOUNT, automountServiceAccountToken: true }
      : { automountServiceAccountToken: false }),
    restartPolicy: 'Never',
    securityContext: POD_SECURITY_CONTEXT,
    nodeSelector: { 'kubernetes.io/os': 'linux' },
    ...(o.nodePool
      ? {
          // Newer nodes carry kubernetes.azure.com/agentpool, older ones only agentpool; terms are ORed.
          affinity: {
            nodeAffinity: {
              requiredDuringSchedulingIgnoredDuringExecution: {
                nodeSelectorTerms: POOL_LABELS.map((key) => ({ matchExpressions: [{ key, operator: 'In', values: [o.nodePool!] }] })),
              },
            },
          },
        }
      : {}),
    // A GPU pool is usually tainted; the probe must run there all the same, past exactly those taints.
    ...(o.tolerations?.length ? { tolerations: o.tolerations } : {}),
    containers: [
      {
        name: CONTAINER,
        image: o.image,
        imagePullPolicy: 'IfNotPresent',
        args: o.args,
        env,
        resources: RESOURCES,
        securityContext: CONTAINER_SECURITY_CONTEXT,
        terminationMessagePolicy: 'FallbackToLogsOnError',
        volumeMounts: [
          { name: 'profile', mountPath: PROFILE_DIR, readOnly: true },
          ...(o.secret ? [{ name: 'profile-secret', mountPath: SECRET_DIR, readOnly: true }] : []),
        ],
      },
    ],
    volumes: [
      { name: 'profile', configMap: { name: o.configMap ?? PROFILE_CONFIG_MAP } },
      ...(o.secret ? [{ name: 'profile-secret', secret: { secretName: PROFILE_SECRET } }] : []),
    ],
  };
}

export function probeJob(namespace: string, name: string, o: ProbePodOptions, component = 'cluster-run') {
  const podLabels = labels(component, o.nodePool ? { [LABELS.nodePool]: o.nodePool } : {});
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name, namespace, labels: podLabels },
    spec: {
      // One attempt: a failed probe is a result to read, not something to retry.
      backoffLimit: 0,
      activeDeadlineSeconds: ACTIVE_DEADLINE_SECONDS,
      ttlSecondsAfterFinished: TTL_SECONDS_AFTER_FINISHED,
      template: { metadata: { labels: podLabels }, spec: probePodSpec(o) },
    },
  };
}

/** The scheduled audit: `o.args` should be auditArgs(), and the namespace needs auditRoleObject(). */
export function auditCronJob(namespace: string, schedule: string, o: ProbePodOptions) {
  const job = probeJob(namespace, AUDIT_CRON_JOB, o, 'scheduled-audit');
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: AUDIT_CRON_JOB, namespace, labels: job.metadata.labels },
    spec: {
      schedule,
      concurrencyPolicy: 'Forbid',
      startingDeadlineSeconds: 300,
      successfulJobsHistoryLimit: 3,
      failedJobsHistoryLimit: 3,
      jobTemplate: { metadata: { labels: job.metadata.labels }, spec: job.spec },
    },
  };
}

/** A Job name for a node pool (AKS pool names are at most 12 lowercase letters and digits). */
export const jobNameFor = (nodePool: string | undefined): string => `aml-preflight-${nodePool ?? 'probe'}`;
