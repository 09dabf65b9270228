// RBAC as the API server evaluates it: ClusterRoleBindings and RoleBindings
// (to users, groups or service accounts) granting the rules of ClusterRoles and
// Roles, plus the grants every authenticated user has by default.
import { typeOfObject } from './resources.ts';
import type { ObjectStore, StoredObject } from './store.ts';

export interface UserInfo {
  username: string;
  groups: string[];
}

export interface Attributes {
  verb: string;
  /** Resource requests: the API group ('' for core), the plural, the subresource. */
  apiGroup?: string;
  resource?: string;
  subresource?: string;
  namespace?: string;
  name?: string;
  /** Non-resource requests: the path (/version, /healthz). */
  path?: string;
}

interface PolicyRule {
  verbs?: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

// system:basic-user, system:discovery and system:public-info-viewer, which bind to every authenticated user.
const DEFAULT_RULES: PolicyRule[] = [
  { verbs: ['create'], apiGroups: ['authorization.k8s.io'], resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'] },
  { verbs: ['create'], apiGroups: ['authentication.k8s.io'], resources: ['selfsubjectreviews'] },
  {
    verbs: ['get'],
    nonResourceURLs: [
      '/api',
      '/api/*',
      '/apis',
      '/apis/*',
      '/version',
      '/version/',
      '/healthz',
      '/livez',
      '/readyz',
      '/openapi',
      '/openapi/*',
    ],
  },
];

const has = (list: string[] | undefined, value: string): boolean => !!list && (list.includes('*') || list.includes(value));

function ruleAllows(rule: PolicyRule, a: Attributes): boolean {
  if (!has(rule.verbs, a.verb)) return false;
  if (a.path !== undefined)
    return (rule.nonResourceURLs ?? []).some((u) => u === a.path || (u.endsWith('*') && a.path!.startsWith(u.slice(0, -1))));
  if (!has(rule.apiGroups, a.apiGroup ?? '')) return false;
  const resource = a.subresource ? `${a.resource}/${a.subresource}` : a.resource!;
  if (!has(rule.resources, resource) && !(rule.resources ?? []).includes(`*/${a.subresource}`)) return false;
  return !rule.resourceNames?.length || (!!a.name && rule.resourceNames.includes(a.name));
}

function subjectMatches(subject: { kind: string; name: string; namespace?: string }, user: UserInfo): boolean {
  if (subject.kind === 'User') return subject.name === user.username;
  if (subject.kind === 'Group') return user.groups.includes(subject.name);
  if (subject.kind === 'ServiceAccount') return user.username === `system:serviceaccount:${subject.namespace}:${subject.name}`;
  return false;
}

function rulesOf(store: ObjectStore, roleRef: { kind: string; name: string }, namespace?: string): PolicyRule[] {
  const t = typeOfObject('rbac.authorization.k8s.io/v1', roleRef.kind)!;
  const role = store.find(t, roleRef.kind === 'Role' ? namespace : undefined, roleRef.name);
  return (role?.rules as PolicyRule[] | undefined) ?? [];
}

export function authorize(store: ObjectStore, user: UserInfo, a: Attributes): { allowed: boolean; reason: string } {
  if (user.groups.includes('system:masters')) return { allowed: true, reason: 'system:masters' };
  if (user.groups.includes('system:authenticated') && DEFAULT_RULES.some((r) => ruleAllows(r, a)))
    return { allowed: true, reason: 'default grants of authenticated users' };
  const bindings = (kind: string) => store.list(typeOfObject('rbac.authorization.k8s.io/v1', kind)!);
  for (const b of bindings('ClusterRoleBinding')) {
    if (matches(b, user) && rulesOf(store, b.roleRef as { kind: string; name: string }).some((r) => ruleAllows(r, a)))
      return { allowed: true, reason: `ClusterRoleBinding ${b.metadata.name}` };
  }
  if (a.namespace) {
    for (const b of bindings('RoleBinding').filter((b) => b.metadata.namespace === a.namespace)) {
      if (matches(b, user) && rulesOf(store, b.roleRef as { kind: string; name: string }, a.namespace).some((r) => ruleAllows(r, a)))
        return { allowed: true, reason: `RoleBinding ${a.namespace}/${b.metadata.name}` };
    }
  }
  return { allowed: false, reason: '' };
}

function matches(binding: StoredObject, user: UserInfo): boolean {
  return ((binding.subjects as { kind: string; name: string; namespace?: string }[] | undefined) ?? []).some((s) =>
    subjectMatches(s, user),
  );
}

/** The text kube-apiserver puts in a 403. */
export function forbiddenMessage(user: UserInfo, a: Attributes): string {
  if (a.path !== undefined) return `forbidden: User "${user.username}" cannot ${a.verb} path "${a.path}"`;
  const what = `${a.subresource ? `${a.resource}/${a.subresource}` : a.resource}${a.name ? ` "${a.name}"` : ''}`;
  const group = `in API group "${a.apiGroup ?? ''}"`;
  const where = a.namespace ? `in the namespace "${a.namespace}"` : 'at the cluster scope';
  return `${a.resource}${a.apiGroup ? `.${a.apiGroup}` : ''}${a.name ? ` "${a.name}"` : ''} is forbidden: User "${user.username}" cannot ${a.verb} resource "${what.split(' ')[0]}" ${group} ${where}`;
}
