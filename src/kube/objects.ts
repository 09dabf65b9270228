// The few fields of Kubernetes objects the compliance rules and in-cluster
// checks read. Objects come from `kubectl get -o yaml` dumps or from the API
// (where @kubernetes/client-node turns timestamps into Date objects), so every
// field is optional and read defensively.

export interface ObjectMeta {
  name?: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  creationTimestamp?: string | Date;
  ownerReferences?: { kind?: string; name?: string }[];
}

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

export interface Container {
  name?: string;
  image?: string;
  ports?: { name?: string; containerPort?: number; protocol?: string }[];
  resources?: { requests?: Record<string, unknown>; limits?: Record<string, unknown> };
}

export interface NodeSelectorTerm {
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

export interface PodSpec {
  nodeName?: string;
  nodeSelector?: Record<string, string>;
  serviceAccountName?: string;
  affinity?: { nodeAffinity?: { requiredDuringSchedulingIgnoredDuringExecution?: { nodeSelectorTerms?: NodeSelectorTerm[] } } };
  containers?: Container[];
}

export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMeta;
  spec?: unknown;
  status?: unknown;
}

export interface Deployment extends KubeObject {
  spec?: { replicas?: number; selector?: LabelSelector; template?: { metadata?: ObjectMeta; spec?: PodSpec } };
  status?: { replicas?: number; readyReplicas?: number };
}

export interface Pod extends KubeObject {
  spec?: PodSpec;
  status?: { phase?: string; podIP?: string; hostIP?: string };
}

export interface Node extends KubeObject {
  spec?: { unschedulable?: boolean };
}

export interface HorizontalPodAutoscaler extends KubeObject {
  spec?: { scaleTargetRef?: { apiVersion?: string; kind?: string; name?: string }; minReplicas?: number; maxReplicas?: number };
}

export interface ConfigMap extends KubeObject {
  data?: Record<string, string>;
}

export const nameOf = (o: KubeObject): string => o.metadata?.name ?? '';
export const namespaceOf = (o: KubeObject): string => o.metadata?.namespace ?? '';
export const labelsOf = (o: KubeObject): Record<string, string> => o.metadata?.labels ?? {};
/** "namespace/name", the way kubectl names a namespaced object. */
export const refOf = (o: KubeObject): string => (namespaceOf(o) ? `${namespaceOf(o)}/${nameOf(o)}` : nameOf(o));

export function createdAt(o: KubeObject): number {
  const t = o.metadata?.creationTimestamp;
  const ms = t === undefined ? NaN : new Date(t).getTime();
  return Number.isNaN(ms) ? Number.POSITIVE_INFINITY : ms;
}

/** Whether labels satisfy a Deployment-style selector (matchLabels and matchExpressions). */
export function selectorMatches(selector: LabelSelector | undefined, labels: Record<string, string>): boolean {
  if (!selector || (!selector.matchLabels && !selector.matchExpressions)) return false;
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) if (labels[k] !== v) return false;
  for (const e of selector.matchExpressions ?? []) {
    const has = e.key in labels;
    const inValues = has && (e.values ?? []).includes(labels[e.key]);
    if (e.operator === 'In' && !inValues) return false;
    if (e.operator === 'NotIn' && inValues) return false;
    if (e.operator === 'Exists' && !has) return false;
    if (e.operator === 'DoesNotExist' && has) return false;
  }
  return true;
}

/** Shell-style glob with `*` only: the rule catalog's name patterns. */
export function globMatches(pattern: string, value: string): boolean {
  const re = new RegExp(
    `^${pattern
      .split('*')
      .map((p) => p.replace(/[.+?^${}()|[\]\\/]/g, '\\$&'))
      .join('.*')}$`,
  );
  return re.test(value);
}
