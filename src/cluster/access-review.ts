// "May I?" and "may they?": SelfSubjectAccessReview for this pod's own service
// account (every authenticated user may ask it), SubjectAccessReview for the
// router's (needs create on subjectaccessreviews, which the ClusterRole grants).
import type { Kube } from '../kube/client.ts';
import { kubeCall, type KubeResult } from '../kube/errors.ts';

export interface Access {
  verb: string;
  group?: string;
  resource: string;
  namespace?: string;
  name?: string;
}

export const describeAccess = (a: Access): string =>
  `${a.verb} ${a.resource}${a.group ? `.${a.group}` : ''}${a.name ? ` ${a.name}` : ''} ${a.namespace ? `in namespace ${a.namespace}` : 'in all namespaces'}`;

const attributes = (a: Access) => ({ verb: a.verb, group: a.group ?? '', resource: a.resource, namespace: a.namespace, name: a.name });

type Limits = { timeoutMs: number; signal?: AbortSignal };

export async function mayI(kube: Kube, access: Access, limits: Limits): Promise<KubeResult<boolean>> {
  const r = await kubeCall(kube, `SelfSubjectAccessReview (${describeAccess(access)})`, limits, (o) =>
    kube.authz.createSelfSubjectAccessReview({ body: { spec: { resourceAttributes: attributes(access) } } }, o),
  );
  return r.ok ? { ok: true, value: !!r.value.status?.allowed } : r;
}

/** Whether a namespace's service account may do something. */
export async function mayServiceAccount(
  kube: Kube,
  account: { namespace: string; name: string },
  access: Access,
  limits: Limits,
): Promise<KubeResult<boolean>> {
  const user = `system:serviceaccount:${account.namespace}:${account.name}`;
  const r = await kubeCall(kube, `SubjectAccessReview (${user}: ${describeAccess(access)})`, limits, (o) =>
    kube.authz.createSubjectAccessReview(
      {
        body: {
          spec: {
            user,
            groups: ['system:serviceaccounts', `system:serviceaccounts:${account.namespace}`, 'system:authenticated'],
            resourceAttributes: attributes(access),
          },
        },
      },
      o,
    ),
  );
  return r.ok ? { ok: true, value: !!r.value.status?.allowed } : r;
}
