// An Azure snapshot: ARM resources exactly as ARM returns them (what
// `az resource show --ids …` prints), as a JSON array. Discovery writes one
// from live reads; every evaluator reads only this, so a file given with
// --azure-snapshot, a test fixture and a live read take the same code path.
// ARM treats resource ids and types case-insensitively; so does this module.
import { InputError } from '../errors.ts';
import { readInputFile } from '../io/input-file.ts';

/** One ARM resource as ARM returns it. Only id, name and type are required. */
export interface ArmResource {
  id: string;
  name: string;
  type: string;
  location?: string;
  properties?: Record<string, unknown>;
  tags?: Record<string, string>;
  sku?: Record<string, unknown>;
  etag?: string;
  [key: string]: unknown;
}

/** The ARM list that names the hosts a resource depends on (AKS and AML workspaces publish one). */
export const OUTBOUND_DEPENDENCIES = 'outboundNetworkDependenciesEndpoints';

/** A list endpoint stored as a pseudo-resource: its id is the list URL's path, its
 *  type the parent's type + "/outboundNetworkDependenciesEndpoints", and
 *  properties.value holds ARM's returned `value` array unchanged. */
export function dependencyListOf(parent: ArmResource, value: unknown[]): ArmResource {
  return {
    id: `${parent.id}/${OUTBOUND_DEPENDENCIES}`,
    name: OUTBOUND_DEPENDENCIES,
    type: `${parent.type}/${OUTBOUND_DEPENDENCIES}`,
    properties: { value },
  };
}

/** The stored dependency list of a resource, or undefined when the snapshot has none. */
export function dependencyList(snapshot: Snapshot, parentId: string): unknown[] | undefined {
  const list = snapshot.byId(`${parentId}/${OUTBOUND_DEPENDENCIES}`)?.properties?.value;
  return Array.isArray(list) ? list : undefined;
}

/** A parsed resource id: /subscriptions/S/resourceGroups/G/providers/NS/t1/n1[/t2/n2…]. */
export interface ResourceId {
  subscriptionId: string;
  resourceGroup: string;
  /** The full type, e.g. Microsoft.MachineLearningServices/workspaces/computes. */
  type: string;
  /** The last name segment, e.g. the compute's name. */
  name: string;
  /** Every name from the outermost resource in, e.g. [workspace, compute]. */
  names: string[];
}

const SEGMENT = /^[^/?#\s]{1,260}$/;

/** Parses an ARM resource id; `what` names it in the one-line error (e.g. "--workspace"). */
export function parseResourceId(id: string, what = 'resource id'): ResourceId {
  const bad = (why: string) =>
    new InputError(
      `${what}: ${JSON.stringify(String(id)).slice(0, 200)} is not an Azure resource id (${why}; expected /subscriptions/SUBSCRIPTION/resourceGroups/GROUP/providers/NAMESPACE/TYPE/NAME)`,
    );
  if (typeof id !== 'string') throw bad('not a string');
  const parts = id.trim().replace(/\/+$/, '').split('/');
  if (parts[0] !== '' || parts.length < 9) throw bad('too few segments');
  const [, subs, subscriptionId, rgs, resourceGroup, providers, namespace, ...rest] = parts;
  if (subs.toLowerCase() !== 'subscriptions' || rgs.toLowerCase() !== 'resourcegroups' || providers.toLowerCase() !== 'providers')
    throw bad('segments out of order');
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(subscriptionId)) throw bad('the subscription is not a GUID');
  if (!/^[-\w._()]{1,90}$/.test(resourceGroup)) throw bad('the resource group name is not valid');
  if (!/^[A-Za-z][A-Za-z0-9]*(\.[A-Za-z][A-Za-z0-9]*)+$/.test(namespace)) throw bad('the provider namespace is not valid');
  if (rest.length === 0 || rest.length % 2 !== 0 || !rest.every((s) => SEGMENT.test(s)))
    throw bad('type and name segments must come in pairs');
  const types = rest.filter((_, i) => i % 2 === 0);
  const names = rest.filter((_, i) => i % 2 === 1).map(decodeURIComponent);
  return { subscriptionId, resourceGroup, type: [namespace, ...types].join('/'), name: names[names.length - 1], names };
}

/** The resource group id a resource lives in, for "list in this group" reads. */
export const resourceGroupOf = (id: ResourceId) => `/subscriptions/${id.subscriptionId}/resourceGroups/${id.resourceGroup}`;

const key = (s: string) => s.toLowerCase().replace(/\/+$/, '');

/** The resources of a snapshot, looked up as ARM does: ids and types case-insensitively. */
export class Snapshot {
  readonly resources: readonly ArmResource[];
  readonly #byId = new Map<string, ArmResource>();

  constructor(resources: readonly ArmResource[]) {
    this.resources = resources;
    for (const r of resources) this.#byId.set(key(r.id), r);
  }

  byId(id: string | undefined | null): ArmResource | undefined {
    return typeof id === 'string' ? this.#byId.get(key(id)) : undefined;
  }

  ofType(type: string): ArmResource[] {
    const t = key(type);
    return this.resources.filter((r) => key(r.type) === t);
  }
}

/** Checks that data is an array of ARM resources; `source` names the file in the one-line error. */
export function validateSnapshot(data: unknown, source: string): ArmResource[] {
  if (!Array.isArray(data))
    throw new InputError(
      `${source}: an Azure snapshot must be a JSON array of ARM resources (got ${data === null ? 'null' : typeof data})`,
    );
  data.forEach((r, i) => {
    if (typeof r !== 'object' || r === null || Array.isArray(r)) throw new InputError(`${source}: [${i}]: must be an ARM resource object`);
    for (const field of ['id', 'name', 'type'] as const) {
      const v = (r as Record<string, unknown>)[field];
      if (typeof v !== 'string' || v === '')
        throw new InputError(`${source}: [${i}]: missing "${field}" (every ARM resource has id, name and type)`);
    }
    const props = (r as Record<string, unknown>).properties;
    if (props !== undefined && (typeof props !== 'object' || props === null || Array.isArray(props)))
      throw new InputError(`${source}: [${i}] ${(r as ArmResource).id}: "properties" must be an object`);
  });
  return data as ArmResource[];
}

/** Reads and validates a snapshot file (bounded: README "Input files"). */
export function readSnapshot(file: string): Snapshot {
  const text = readInputFile(file, 'azureSnapshot');
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new InputError(`${file}: the Azure snapshot is not valid JSON: ${(e as Error).message.split('\n')[0]}`);
  }
  return new Snapshot(validateSnapshot(data, file));
}
