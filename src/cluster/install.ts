// Puts in place what the Jobs need, idempotently: the namespace, the service
// account, the read-only ClusterRole and its binding, the profile config map
// and, for its secret parts, the profile Secret.
// Existing objects are kept (the ClusterRole is brought up to date); a user
// who may not create cluster-wide RBAC is told to apply deploy/ once.
import type { Profile } from '../config/profile.ts';
import { InputError } from '../errors.ts';
import type { Kube } from '../kube/client.ts';
import { kubeCall, kubeError, type KubeResult } from '../kube/errors.ts';
import {
  CLUSTER_ROLE,
  CLUSTER_ROLE_RULES,
  clusterRoleBindingObject,
  clusterRoleObject,
  isOurs,
  LABELS,
  namespaceObject,
  PROFILE_CONFIG_MAP,
  PROFILE_SECRET,
  profileConfigMap,
  profileSecret,
  serviceAccountObject,
  SERVICE_ACCOUNT,
} from './manifests.ts';

type Limits = { timeoutMs: number };

async function ensure(
  what: string,
  context: string,
  create: () => Promise<KubeResult<unknown>>,
  exists: () => Promise<KubeResult<unknown>>,
): Promise<'created' | 'kept'> {
  const made = await create();
  if (made.ok) return 'created';
  if (made.failure.code === 'K8S_CONFLICT') return 'kept';
  // Creating may be forbidden to someone who may still use what an admin applied (kubectl apply -k deploy/).
  if (made.failure.code === 'K8S_FORBIDDEN' && (await exists()).ok) return 'kept';
  const hint =
    made.failure.code === 'K8S_FORBIDDEN' ? '; have a cluster admin apply deploy/ once (kubectl apply -k deploy/), then rerun' : '';
  throw kubeError(made.failure, `cluster ${context}: cannot create ${what}`, hint);
}

export async function installBase(kube: Kube, namespace: string, limits: Limits, warn: (line: string) => void): Promise<void> {
  const c = kube.context;
  await ensure(
    `namespace ${namespace}`,
    c,
    () =>
      kubeCall(kube, `create namespace ${namespace}`, limits, (o) => kube.core.createNamespace({ body: namespaceObject(namespace) }, o)),
    () => kubeCall(kube, `get namespace ${namespace}`, limits, (o) => kube.core.readNamespace({ name: namespace }, o)),
  );
  await ensure(
    `service account ${namespace}/${SERVICE_ACCOUNT}`,
    c,
    () =>
      kubeCall(kube, 'create service account', limits, (o) =>
        kube.core.createNamespacedServiceAccount({ namespace, body: serviceAccountObject(namespace) }, o),
      ),
    () =>
      kubeCall(kube, 'get service account', limits, (o) => kube.core.readNamespacedServiceAccount({ name: SERVICE_ACCOUNT, namespace }, o)),
  );
  const role = await ensure(
    `ClusterRole ${CLUSTER_ROLE}`,
    c,
    () => kubeCall(kube, 'create ClusterRole', limits, (o) => kube.rbac.createClusterRole({ body: clusterRoleObject() }, o)),
    () => kubeCall(kube, 'get ClusterRole', limits, (o) => kube.rbac.readClusterRole({ name: CLUSTER_ROLE }, o)),
  );
  if (role === 'kept') {
    const current = await kubeCall(kube, 'get ClusterRole', limits, (o) => kube.rbac.readClusterRole({ name: CLUSTER_ROLE }, o));
    const normalize = (rules: unknown) => JSON.stringify(JSON.parse(JSON.stringify(rules ?? [])));
    if (current.ok && normalize(current.value.rules) !== normalize(CLUSTER_ROLE_RULES)) {
      const replaced = await kubeCall(kube, 'update ClusterRole', limits, (o) =>
        kube.rbac.replaceClusterRole({ name: CLUSTER_ROLE, body: clusterRoleObject() }, o),
      );
      if (!replaced.ok)
        warn(
          `ClusterRole ${CLUSTER_ROLE} differs from this version's and could not be updated (${replaced.failure.code}); some in-cluster checks may report K8S_FORBIDDEN`,
        );
    }
  }
  const binding = clusterRoleBindingObject(namespace);
  await ensure(
    `ClusterRoleBinding ${binding.metadata.name}`,
    c,
    () => kubeCall(kube, 'create ClusterRoleBinding', limits, (o) => kube.rbac.createClusterRoleBinding({ body: binding }, o)),
    () => kubeCall(kube, 'get ClusterRoleBinding', limits, (o) => kube.rbac.readClusterRoleBinding({ name: binding.metadata.name }, o)),
  );
}

/** One of the profile's objects, as the API calls for its kind. */
interface ProfileObject {
  kind: 'configmap' | 'secret';
  name: string;
  read: (o: ReturnType<Kube['within']>) => Promise<{ metadata?: { labels?: Record<string, string> } }>;
  create: (o: ReturnType<Kube['within']>) => Promise<unknown>;
  replace: (o: ReturnType<Kube['within']>) => Promise<unknown>;
}

/** Creates the object, or replaces one that a previous run of ours left; one that aml-preflight did not create
 *  (no managed-by label of ours) is never touched: the run stops and says so. */
async function putOwn(kube: Kube, namespace: string, o: ProfileObject, limits: Limits): Promise<void> {
  const where = `${o.kind} ${namespace}/${o.name}`;
  const made = await kubeCall(kube, `create ${where}`, limits, o.create);
  if (made.ok) return;
  if (made.failure.code !== 'K8S_CONFLICT') throw kubeError(made.failure, `cluster ${kube.context}: cannot write ${where}`);
  const existing = await kubeCall(kube, `get ${where}`, limits, o.read);
  if (!existing.ok) throw kubeError(existing.failure, `cluster ${kube.context}: cannot read ${where}`);
  if (!isOurs(existing.value)) {
    throw new InputError(
      `cluster ${kube.context}: ${where} exists and was not created by aml-preflight (no label ${LABELS.managedBy}=aml-preflight): it is left as it is; remove it yourself or run in another namespace (-n)`,
    );
  }
  const replaced = await kubeCall(kube, `replace ${where}`, limits, o.replace);
  if (!replaced.ok) throw kubeError(replaced.failure, `cluster ${kube.context}: cannot write ${where}`);
}

/** The profile in a namespace: its ConfigMap and, when it has secret parts, its Secret. Returns whether the pods
 *  must mount the Secret. */
export async function putProfile(kube: Kube, namespace: string, profile: Profile, limits: Limits): Promise<{ secret: boolean }> {
  const map = profileConfigMap(namespace, profile);
  await putOwn(
    kube,
    namespace,
    {
      kind: 'configmap',
      name: PROFILE_CONFIG_MAP,
      read: (o) => kube.core.readNamespacedConfigMap({ name: PROFILE_CONFIG_MAP, namespace }, o),
      create: (o) => kube.core.createNamespacedConfigMap({ namespace, body: map }, o),
      replace: (o) => kube.core.replaceNamespacedConfigMap({ name: PROFILE_CONFIG_MAP, namespace, body: map }, o),
    },
    limits,
  );
  const secret = profileSecret(namespace, profile);
  if (!secret) return { secret: false };
  // The config map just written is ours: it does not outlive a Secret that could not be written.
  const undo = (e: unknown) => removeProfile(kube, namespace, false, limits).then(() => Promise.reject(e));
  await putOwn(
    kube,
    namespace,
    {
      kind: 'secret',
      name: PROFILE_SECRET,
      read: (o) => kube.core.readNamespacedSecret({ name: PROFILE_SECRET, namespace }, o),
      create: (o) => kube.core.createNamespacedSecret({ namespace, body: secret }, o),
      replace: (o) => kube.core.replaceNamespacedSecret({ name: PROFILE_SECRET, namespace, body: secret }, o),
    },
    limits,
  ).catch(undo);
  return { secret: true };
}

/** Removes the profile's objects this run wrote; 404 (already gone) is fine. */
export async function removeProfile(kube: Kube, namespace: string, secret: boolean, limits: Limits): Promise<void> {
  await kubeCall(kube, `delete configmap ${namespace}/${PROFILE_CONFIG_MAP}`, limits, (o) =>
    kube.core.deleteNamespacedConfigMap({ name: PROFILE_CONFIG_MAP, namespace }, o),
  );
  if (secret)
    await kubeCall(kube, `delete secret ${namespace}/${PROFILE_SECRET}`, limits, (o) =>
      kube.core.deleteNamespacedSecret({ name: PROFILE_SECRET, namespace }, o),
    );
}
