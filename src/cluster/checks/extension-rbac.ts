// What the extension's in-cluster checks read beyond the base ClusterRole
// (src/cluster/manifests.ts CLUSTER_ROLE_RULES): the HealthCheck's config map by
// name, and the events of namespace azureml. A ClusterRole of its own
// (deploy/extension), because azureml exists only once the extension is
// installed and a cluster without it needs no more; a test compares both with
// the calls the API double saw.
import { HEALTHCHECK_CONFIG_MAP } from './extension-healthcheck.ts';

export const EXTENSION_ROLE_RULES = [
  { apiGroups: [''], resources: ['configmaps'], resourceNames: [HEALTHCHECK_CONFIG_MAP], verbs: ['get'] },
  { apiGroups: [''], resources: ['events'], verbs: ['list'] },
];
