// API discovery as kube-apiserver answers it (/api, /api/v1, /apis, /apis/GROUP,
// /apis/GROUP/VERSION), built from the resource types the double serves, so a
// client that asks "is this CRD installed?" gets the same answer as the routes.
import { apiVersionOf, type ResourceType } from './resources.ts';

const STORED_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

function resourceList(groupVersion: string, types: ResourceType[]) {
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion,
    resources: types.map((t) => ({
      name: t.plural,
      singularName: t.kind.toLowerCase(),
      namespaced: t.namespaced,
      kind: t.kind,
      verbs: t.virtual ? ['create'] : STORED_VERBS,
    })),
  };
}

/** Versions in table order: the first one listed is the preferred one (autoscaling/v2 before v1). */
function groupOf(name: string, types: ResourceType[]) {
  const versions = [...new Set(types.filter((t) => t.group === name).map((t) => t.version))].map((version) => ({
    groupVersion: `${name}/${version}`,
    version,
  }));
  return { name, versions, preferredVersion: versions[0] };
}

/** The discovery document for `path`, or undefined when the path is not a discovery path of a served group. */
export function discoveryDocument(path: string, served: ResourceType[], serverAddress: string): unknown {
  const parts = path.split('/').filter(Boolean);
  if (parts[0] === 'api') {
    if (parts.length === 1)
      return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }] };
    if (parts.length === 2 && parts[1] === 'v1')
      return resourceList(
        'v1',
        served.filter((t) => t.group === ''),
      );
    return undefined;
  }
  if (parts[0] !== 'apis') return undefined;
  const named = served.filter((t) => t.group !== '');
  if (parts.length === 1)
    return { kind: 'APIGroupList', apiVersion: 'v1', groups: [...new Set(named.map((t) => t.group))].map((g) => groupOf(g, named)) };
  const inGroup = named.filter((t) => t.group === parts[1]);
  if (!inGroup.length) return undefined;
  if (parts.length === 2) return { kind: 'APIGroup', apiVersion: 'v1', ...groupOf(parts[1], named) };
  const inVersion = inGroup.filter((t) => t.version === parts[2]);
  if (parts.length === 3 && inVersion.length) return resourceList(apiVersionOf(inVersion[0]), inVersion);
  return undefined;
}
