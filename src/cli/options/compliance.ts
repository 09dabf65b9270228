// The flags every command that evaluates the compliance rules takes (audit,
// audit run, cluster run, cluster manifests, cluster probe), and how they become settings.
import { CLUSTER_PURPOSES, parseClusterPurpose, parseLoad, type ComplianceSettings } from '../../compliance/settings.ts';
import type { Profile } from '../../config/profile.ts';
import { group, type ValuesOf } from '../command.ts';
import { parseNamespace, parseNodePoolName } from './kube.ts';

export const COMPLIANCE = group('Compliance rules (rules/compliance.yaml):', {
  'cluster-purpose': { type: 'string', value: 'P', help: CLUSTER_PURPOSES.join(' | '), default: 'read from config map azuremlfeconfig' },
  'first-node-pool': { type: 'string', value: 'NAME', help: "the cluster's first node pool", default: 'the system pool' },
  load: {
    type: 'string',
    multiple: true,
    value: 'SERVICE:RPS:SECONDS',
    help: 'a load a model service must carry, repeatable; SERVICE is a\ndeployment, namespace/deployment, or * (checks autoscale_max_replicas)',
  },
  'compute-namespace': {
    type: 'string',
    value: 'NS',
    help: 'migration (--rule-set aml-migration): the namespace the Kubernetes\ncompute is attached in; must not be a v1 azureml-<workspace> one',
  },
});

type ComplianceValues = ValuesOf<typeof COMPLIANCE.options>;

export function complianceSettingsFrom(values: ComplianceValues, profile: Profile): ComplianceSettings {
  return {
    clusterPurpose: parseClusterPurpose(values['cluster-purpose']),
    firstNodePool: values['first-node-pool'] === undefined ? undefined : parseNodePoolName('first-node-pool', values['first-node-pool']),
    loads: (values.load ?? []).map(parseLoad),
    clusterRegion: profile.cluster?.region,
    workspaceRegion: profile.workspace?.region,
    auth: profile.endpoint?.auth,
    computeNamespace:
      values['compute-namespace'] === undefined ? undefined : parseNamespace(values['compute-namespace'], 'compute-namespace'),
  };
}

/** The same settings as arguments for a probe pod. */
export function complianceArgs(values: ComplianceValues): string[] {
  return [
    '--compliance',
    ...(values['cluster-purpose'] ? ['--cluster-purpose', values['cluster-purpose']] : []),
    ...(values['first-node-pool'] ? ['--first-node-pool', values['first-node-pool']] : []),
    ...(values.load ?? []).flatMap((l) => ['--load', l]),
    ...(values['compute-namespace'] ? ['--compute-namespace', values['compute-namespace']] : []),
  ];
}
