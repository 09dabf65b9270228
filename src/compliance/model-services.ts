// AML model services as the cluster shows them: Deployments labelled
// isazuremlapp=true, their pods, and the web-service settings the rules need.
//
// AML does not publish where in the cluster it keeps a service's settings, so
// they are read from annotations named as AksWebservice.deploy_configuration's
// parameters (auth_enabled, autoscale_max_replicas, ...; any prefix, - or _),
// on the Deployment or its pod template, and otherwise take the SDK's defaults.
// Every value carries its source, which the report shows.
import { labelsOf, nameOf, namespaceOf, refOf, selectorMatches, type Deployment, type Pod } from '../kube/objects.ts';
import type { ClusterSnapshot } from './snapshot.ts';

export const MODEL_LABEL = 'isazuremlapp';
export const SERVICE_NAME_LABEL = 'azuremlappname';
export const MODEL_PORT = 5001;

export interface Setting<T> {
  value: T;
  /** "annotation autoscale_max_replicas" or "SDK default". */
  source: string;
}

export interface ModelSettings {
  autoscaleEnabled: Setting<boolean>;
  maxReplicas: Setting<number>;
  targetUtilization: Setting<number>;
  maxConcurrent: Setting<number>;
  authEnabled: Setting<boolean>;
  tokenAuthEnabled: Setting<boolean>;
}

export interface ModelService {
  deployment: Deployment;
  /** namespace/name of the Deployment. */
  ref: string;
  name: string;
  namespace: string;
  /** The web service's name (label azuremlappname), else the Deployment's. */
  serviceName: string;
  pods: Pod[];
  settings: ModelSettings;
}

export const isModelDeployment = (d: Deployment): boolean => labelsOf(d)[MODEL_LABEL] === 'true';

const normalize = (key: string): string =>
  key
    .slice(key.lastIndexOf('/') + 1)
    .toLowerCase()
    .replace(/-/g, '_');

function annotations(d: Deployment): Map<string, { key: string; value: string }> {
  const found = new Map<string, { key: string; value: string }>();
  // The Deployment's own annotations win over its pod template's.
  for (const source of [d.spec?.template?.metadata?.annotations, d.metadata?.annotations]) {
    for (const [key, value] of Object.entries(source ?? {})) found.set(normalize(key), { key, value: String(value) });
  }
  return found;
}

function parseBool(v: string): boolean | undefined {
  return /^(true|1|yes)$/i.test(v) ? true : /^(false|0|no)$/i.test(v) ? false : undefined;
}

function parseNumber(v: string): number | undefined {
  const n = Number(v);
  return v.trim() !== '' && Number.isFinite(n) && n > 0 ? n : undefined;
}

export function modelSettings(d: Deployment): ModelSettings {
  const found = annotations(d);
  const read = <T>(name: string, parse: (v: string) => T | undefined, fallback: T, why = 'SDK default'): Setting<T> => {
    const a = found.get(name);
    const value = a === undefined ? undefined : parse(a.value);
    if (value !== undefined) return { value, source: `annotation ${a!.key}` };
    return { value: fallback, source: a === undefined ? why : `${why} (annotation ${a.key}="${a.value}" not understood)` };
  };
  const numReplicas = found.has('num_replicas');
  const utilization = read('autoscale_target_utilization', parseNumber, 70);
  return {
    // The SDK turns autoscaling on unless num_replicas fixes the count.
    autoscaleEnabled: read('autoscale_enabled', parseBool, !numReplicas, numReplicas ? 'off because num_replicas is set' : 'SDK default'),
    maxReplicas: read('autoscale_max_replicas', parseNumber, 10),
    targetUtilization: { ...utilization, value: utilization.value > 1 ? utilization.value / 100 : utilization.value },
    maxConcurrent: read('max_concurrent_requests_per_container', parseNumber, 1),
    authEnabled: read('auth_enabled', parseBool, true),
    tokenAuthEnabled: read('token_auth_enabled', parseBool, false),
  };
}

export function modelServices(snapshot: ClusterSnapshot): ModelService[] {
  return snapshot.deployments.filter(isModelDeployment).map((d) => ({
    deployment: d,
    ref: refOf(d),
    name: nameOf(d),
    namespace: namespaceOf(d),
    serviceName: labelsOf(d)[SERVICE_NAME_LABEL] ?? nameOf(d),
    pods: snapshot.pods.filter((p) => namespaceOf(p) === namespaceOf(d) && selectorMatches(d.spec?.selector, labelsOf(p))),
    settings: modelSettings(d),
  }));
}

/** Whether a --load SERVICE names this service: *, its Deployment or web-service name, or namespace/name. */
export function loadNames(service: ModelService, pattern: string): boolean {
  if (pattern === '*') return true;
  if (pattern.includes('/')) return pattern === service.ref;
  return pattern === service.name || pattern === service.serviceName;
}
