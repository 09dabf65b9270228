// Puts in place what the Jobs need, idempotently: the namespace, the service
// account, the read-only ClusterRole and its binding, the profile config map.
// Existing objects are kept (the ClusterRole is brought up to date); a user
// who may not create cluster-wide RBAC is told to apply deploy/ once.
import type { Profile } from '../config/profile.ts';
import { kubeError } from './kube-errors.ts';
import type { Kube } from './kube.ts';
import { kubeCall, type KubeResult } from './kube-call.ts';
import { CLUSTER_ROLE, CLUSTER_ROLE_RULES, clusterRoleBindingObject, clusterRoleObject, namespaceObject, PROFILE_CONFIG_MAP, profileConfigMap, serviceAccountObject, SERVICE_ACCOUNT } from './manifests.ts';

type Limits = { timeoutMs: number };

async function ensure(what: string, context: string, create: () => Promise<KubeResult<unknown>>, exists: () => Promise<KubeResult<unknown>>): Promise<'created' | 'kept'> {
  const made = await create();
  if (made.ok) return 'created';
  if (made.failure.code === 'K8S_CONFLICT') return 'kept';
  // Creating may be forbidden to someone who may still use what an admin applied (kubectl apply -k deploy/).
  if (made.failure.code === 'K8S_FORBIDDEN' && (await exists()).ok) return 'kept';
  const hint = made.failure.code === 'K8S_FORBIDDEN' ? '; have a cluster admin apply deploy/ once (kubectl apply -k deploy/), then rerun' : '';
  throw kubeError(made.failure, `cluster ${context}: cannot create ${what}`, hint);
}

export async function installBase(kube: Kube, namespace: string, limits: Limits, warn: (line: string) => void): Promise<void> {
  const c = kube.context;
  await ensure(`namespace ${namespace}`, c, () => kubeCall(kube, `create namespace ${namespace}`, limits, (o) => kube.core.createNamespace({ body: namespaceObject(namespace) }, o)), () =>
    kubeCall(kube, `get namespace ${namespace}`, limits, (o) => kube.core.readNamespace({ name: namespace }, o)),
  );
  await ensure(`service account ${namespace}/${SERVICE_ACCOUNT}`, c, () => kubeCall(kube, 'create service account', limits, (o) => kube.core.createNamespacedServiceAccount({ namespace, body: serviceAccountObject(namespace) }, o)), () =>
    kubeCall(kube, 'get service account', limits, (o) => kube.core.readNamespacedServiceAccount({ name: SERVICE_ACCOUNT, namespace }, o)),
  );
  const role = await ensure(`ClusterRole ${CLUSTER_ROLE}`, c, () => kubeCall(kube, 'create ClusterRole', limits, (o) => kube.rbac.createClusterRole({ body: clusterRoleObject() }, o)), () =>
    kubeCall(kube, 'get ClusterRole', limits, (o) => kube.rbac.readClusterRole({ name: CLUSTER_ROLE }, o)),
  );
  if (role === 'kept') {
    const current = await kubeCall(kube, 'get ClusterRole', limits, (o) => kube.rbac.readClusterRole({ name: CLUSTER_ROLE }, o));
    const normalize = (rules: unknown) => JSON.stringify(JSON.parse(JSON.stringify(rules ?? [])));
    if (current.ok && normalize(current.value.rules) !== normalize(CLUSTER_ROLE_RULES)) {
      const replaced = await kubeCall(kube, 'update ClusterRole', limits, (o) => kube.rbac.replaceClusterRole({ name: CLUSTER_ROLE, body: clusterRoleObject() }, o));
      if (!replaced.ok) warn(`ClusterRole ${CLUSTER_ROLE} differs from this version's and could not be updated (${replaced.failure.code}); some in-cluster checks may report K8S_FORBIDDEN`);
    }
  }
  const binding = clusterRoleBindingObject(namespace);
  await ensure(`ClusterRoleBinding ${binding.metadata.name}`, c, () => kubeCall(kube, 'create ClusterRoleBinding', limits, (o) => kube.rbac.createClusterRoleBinding({ body: binding }, o)), () =>
    kubeCall(kube, 'get ClusterRoleBinding', limits, (o) => kube.rbac.readClusterRoleBinding({ name: binding.metadata.name }, o)),
  );
}

/** The profile config map in a namespace, replaced if a previous run left one. */
export async function putProfile(kube: Kube, namespace: string, profile: Profile, limits: Limits): Promise<void> {
  const body = profileConfigMap(namespace, profile);
  const made = await kubeCall(kube, `create configmap ${namespace}/${PROFILE_CONFIG_MAP}`, limits, (o) => kube.core.createNamespacedConfigMap({ namespace, body }, o));
  if (made.ok) return;
  if (made.failure.code === 'K8S_CONFLICT') {
    const replaced = await kubeCall(kube, `replace configmap ${namespace}/${PROFILE_CONFIG_MAP}`, limits, (o) => kube.core.replaceNamespacedConfigMap({ name: PROFILE_CONFIG_MAP, namespace, body }, o));
    if (replaced.ok) return;
    throw kubeError(replaced.failure, `cluster ${kube.context}: cannot write the profile`);
  }
  throw kubeError(made.failure, `cluster ${kube.context}: cannot write the profile`);
}
