// What the extension's in-cluster checks read beyond the base ClusterRole
// (src/cluster/manifests.ts CLUSTER_ROLE_RULES): the HealthCheck's config map by
// name, and the events, both in namespace azureml. A ClusterRole of its own, so
// a cluster without the extension grants nothing more (deploy/extension; a test
// compares both with the calls the API double saw).
import { EXTENSION_NAMESPACE, HEALTHCHECK_CONFIG_MAP } from './extension-healthcheck.ts';

export const EXTENSION_CLUSTER_ROLE = 'aml-preflight-extension-reader';

export const EXTENSION_ROLE_RULES = [
  { apiGroups: [''], resources: ['configmaps'], resourceNames: [HEALTHCHECK_CONFIG_MAP], verbs: ['get'] },
  { apiGroups: [''], resources: ['events'], verbs: ['list'] },
];

/** Read by the checks in namespace azureml only: a RoleBinding there would do, but azureml exists only once the extension is installed. */
export const EXTENSION_READ_NAMESPACE = EXTENSION_NAMESPACE;
