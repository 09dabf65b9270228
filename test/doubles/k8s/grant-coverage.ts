// Whether a set of Roles and ClusterRoles is exactly what a client needs: each
// recorded call that needs a grant is allowed by one of them, and each grant
// (a role's verb × group × resource, with its resource names and, for a Role,
// its namespace) allowed at least one call. Each grant is judged by the
// double's own RBAC (rbac.ts), on a store holding that grant alone.
import { authorize, type Attributes, type UserInfo } from './rbac.ts';
import type { RecordedRequest } from './server.ts';
import { ObjectStore, type StoredObject } from './store.ts';

export interface RoleLike {
  kind: string;
  metadata: { name: string; namespace?: string };
  rules: { apiGroups: string[]; resources: string[]; verbs: string[]; resourceNames?: string[] }[];
}

export interface GrantCoverage {
  /** Calls that needed a grant none of the roles gives. */
  unallowed: string[];
  /** Grants no call used. */
  unused: string[];
}

const SUBJECT: UserInfo = { username: 'coverage', groups: ['system:authenticated'] };
const RBAC = 'rbac.authorization.k8s.io/v1';
const describeCall = (a: Attributes) =>
  a.path
    ? `${a.verb} ${a.path}`
    : `${a.verb} ${a.apiGroup}/${a.resource}${a.subresource ? `/${a.subresource}` : ''} ${a.namespace ?? '(cluster)'}/${a.name ?? '*'}`;

function grantStore(role: RoleLike, rule: RoleLike['rules'][number]): ObjectStore {
  const store = new ObjectStore();
  const binding = role.kind === 'Role' ? 'RoleBinding' : 'ClusterRoleBinding';
  store.load([
    {
      apiVersion: RBAC,
      kind: role.kind,
      metadata: { name: role.metadata.name, namespace: role.metadata.namespace } as StoredObject['metadata'],
      rules: [rule],
    },
    {
      apiVersion: RBAC,
      kind: binding,
      metadata: { name: role.metadata.name, namespace: role.metadata.namespace } as StoredObject['metadata'],
      roleRef: { kind: role.kind, name: role.metadata.name },
      subjects: [{ kind: 'User', name: SUBJECT.username }],
    },
  ]);
  return store;
}

export function grantCoverage(roles: RoleLike[], calls: RecordedRequest[]): GrantCoverage {
  const grants = roles.flatMap((role) =>
    role.rules.flatMap((rule) =>
      rule.apiGroups.flatMap((apiGroup) =>
        rule.resources.flatMap((resource) =>
          rule.verbs.map((verb) => ({
            label: `${role.kind} ${role.metadata.namespace ? `${role.metadata.namespace}/` : ''}${role.metadata.name}: ${verb} ${apiGroup}/${resource}${rule.resourceNames?.length ? ` [${rule.resourceNames.join(', ')}]` : ''}`,
            store: grantStore(role, {
              apiGroups: [apiGroup],
              resources: [resource],
              verbs: [verb],
              ...(rule.resourceNames ? { resourceNames: rule.resourceNames } : {}),
            }),
            used: false,
          })),
        ),
      ),
    ),
  );
  const empty = new ObjectStore();
  const unallowed = new Set<string>();
  for (const call of calls) {
    // What every authenticated user may do (discovery, /version, SelfSubjectAccessReview) needs no grant.
    if (authorize(empty, SUBJECT, call.attributes).allowed) continue;
    const allowing = grants.filter((g) => authorize(g.store, SUBJECT, call.attributes).allowed);
    for (const g of allowing) g.used = true;
    if (!allowing.length) unallowed.add(describeCall(call.attributes));
  }
  return { unallowed: [...unallowed].sort(), unused: grants.filter((g) => !g.used).map((g) => g.label) };
}
