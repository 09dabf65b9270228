// The flags every command that evaluates the compliance rules takes (audit,
// cluster run, cluster probe), and how they become settings.
import type { Profile } from '../config/profile.ts';
import { InputError } from '../errors.ts';
import { CLUSTER_PURPOSES, parseClusterPurpose, parseLoad, type ComplianceSettings } from './settings.ts';

export const COMPLIANCE_OPTIONS = {
  'cluster-purpose': { type: 'string' },
  'first-node-pool': { type: 'string' },
  load: { type: 'string', multiple: true },
  'compute-namespace': { type: 'string' },
} as const;

export const COMPLIANCE_HELP = `Compliance rules (rules/compliance.yaml):
  --cluster-purpose P          ${CLUSTER_PURPOSES.join(' | ')} (default: read from config map azuremlfeconfig)
  --first-node-pool NAME       the cluster's first node pool (default: the system pool)
  --load SERVICE:RPS:SECONDS   a load a model service must carry, repeatable; SERVICE is a
                               deployment, namespace/deployment, or * (checks autoscale_max_replicas)
  --compute-namespace NS       migration (--rule-set aml-migration): the namespace the Kubernetes
                               compute is attached in; must not be a v1 azureml-<workspace> one
`;

const POOL_NAME = /^[a-z][a-z0-9]{0,11}$/;

// A Kubernetes namespace name (RFC 1123 label).
const NAMESPACE = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

function parseNamespace(flag: string, value: string): string {
  if (!NAMESPACE.test(value)) throw new InputError(`--${flag}: "${value}" is not a Kubernetes namespace name (lowercase letters, digits and hyphens, at most 63)`);
  return value;
}

export function parseNodePoolName(flag: string, value: string): string {
  if (!POOL_NAME.test(value)) throw new InputError(`--${flag}: "${value}" is not an AKS node pool name (lowercase letters and digits, at most 12, starting with a letter)`);
  return value;
}

export function complianceSettingsFrom(values: { 'cluster-purpose'?: string; 'first-node-pool'?: string; load?: string[]; 'compute-namespace'?: string }, profile: Profile): ComplianceSettings {
  return {
    clusterPurpose: parseClusterPurpose(values['cluster-purpose']),
    firstNodePool: values['first-node-pool'] === undefined ? undefined : parseNodePoolName('first-node-pool', values['first-node-pool']),
    loads: (values.load ?? []).map(parseLoad),
    clusterRegion: profile.cluster?.region,
    workspaceRegion: profile.workspace?.region,
    auth: profile.endpoint?.auth,
    computeNamespace: values['compute-namespace'] === undefined ? undefined : parseNamespace('compute-namespace', values['compute-namespace']),
  };
}

/** The same settings as arguments for a probe pod. */
export function complianceArgs(values: { 'cluster-purpose'?: string; 'first-node-pool'?: string; load?: string[]; 'compute-namespace'?: string }): string[] {
  return [
    '--compliance',
    ...(values['cluster-purpose'] ? ['--cluster-purpose', values['cluster-purpose']] : []),
    ...(values['first-node-pool'] ? ['--first-node-pool', values['first-node-pool']] : []),
    ...(values.load ?? []).flatMap((l) => ['--load', l]),
    ...(values['compute-namespace'] ? ['--compute-namespace', values['compute-namespace']] : []),
  ];
}
