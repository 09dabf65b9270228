// Which resources discovery reads, starting from a workspace or a cluster:
// the workspace, its computes, registry and storage account; each cluster, its
// node pools' VNets (and the VNets peered with them, where hubs keep DNS
// servers and firewalls), their subnets' NSGs and route tables, the Azure
// Firewalls a route sends traffic to with their policies (base policies too)
// and rule collection groups; private endpoints with their DNS zones, links and
// A records; and the outbound dependency lists Azure publishes.
// A resource the identity may not read (403) or that a reference names but ARM
// does not have (404) is a gap: said, not fatal, except for the starting point.
import { EnvironmentError, InputError } from '../../errors.ts';
import { dependencyListOf, parseResourceId, type ArmResource } from '../snapshot.ts';
import { ArmForbidden, type ArmSource } from './arm-source.ts';
import { TYPES, computesOf, prop, selectComputes, type DiscoveryRoot } from './model.ts';

export interface ReadResult {
  resources: ArmResource[];
  /** What could not be read, one line each. */
  gaps: string[];
}

export async function readTarget(source: ArmSource, root: DiscoveryRoot): Promise<ReadResult> {
  const found = new Map<string, ArmResource>();
  const gaps: string[] = [];
  const keep = (r: ArmResource | undefined) => {
    if (r) found.set(r.id.toLowerCase(), r);
    return r;
  };
  const tolerant = async <T>(id: string, read: () => Promise<T | undefined>, missing?: string): Promise<T | undefined> => {
    try {
      const r = await read();
      if (r === undefined && missing) gaps.push(`${missing} ${id} does not exist`);
      return r;
    } catch (e) {
      if (e instanceof ArmForbidden) {
        gaps.push(e.message);
        return undefined;
      }
      throw e;
    }
  };
  const get = async (id: unknown, what: string) => {
    if (typeof id !== 'string' || !id.startsWith('/')) return undefined;
    // A reference in ARM's own data that is not a resource id is a gap, not the user's input error.
    if (!parseSafe(id)) return void gaps.push(`the ${what} reference ${JSON.stringify(id).slice(0, 200)} is not a resource id`);
    return tolerant(id, async () => keep(await source.get(id)), `the ${what}`);
  };
  /** Each id once (ARM spells the same id in different cases). */
  const getAll = (ids: string[], what: string) =>
    Promise.all([...new Map(ids.map((i) => [i.toLowerCase(), i])).values()].map((i) => get(i, what)));
  const list = async (parent: ArmResource, child: string) =>
    (await tolerant(`${parent.id}/${child}`, () => source.list(parent.id, child))) ?? [];
  const dependencies = async (parent: ArmResource) => {
    const value = await tolerant(`${parent.id}/outboundNetworkDependenciesEndpoints`, () => source.dependencies(parent.id));
    if (value) keep(dependencyListOf(parent, value));
  };

  const clusterIds: string[] = [];
  if (root.workspace) {
    const workspace = await start(source, root.workspace, '--workspace');
    keep(workspace);
    const computes = (await list(workspace, 'computes')).map((c) => keep(c)!);
    const chosen = selectComputes(computesOf(computes), root);
    for (const c of chosen) {
      const target = prop(c, 'properties', 'resourceId');
      if (typeof target === 'string' && parseSafe(target)?.type.toLowerCase() === TYPES.managedCluster) clusterIds.push(target);
    }
    await Promise.all([
      dependencies(workspace),
      get(prop(workspace, 'properties', 'containerRegistry'), 'container registry'),
      get(prop(workspace, 'properties', 'storageAccount'), 'storage account'),
    ]);
  } else if (root.cluster) {
    clusterIds.push(root.cluster);
  }

  const clusters =
    root.cluster && !root.workspace
      ? [keep(await start(source, root.cluster, '--cluster'))!]
      : ((await getAll(clusterIds, 'managed cluster')).filter(Boolean) as ArmResource[]);
  await Promise.all(clusters.map((c) => dependencies(c)));

  // The network of the node pools.
  const subnetIds = clusters
    .flatMap((c) => ((prop(c, 'properties', 'agentPoolProfiles') as unknown[] | undefined) ?? []).map((p) => prop(p, 'vnetSubnetID')))
    .filter((s): s is string => typeof s === 'string');
  const vnets = (await getAll(subnetIds.map(parentOf), 'virtual network')).filter(Boolean) as ArmResource[];
  const peered = vnets
    .flatMap((v) =>
      ((prop(v, 'properties', 'virtualNetworkPeerings') as unknown[] | undefined) ?? []).map((p) =>
        prop(p, 'properties', 'remoteVirtualNetwork', 'id'),
      ),
    )
    .filter((s): s is string => typeof s === 'string');
  const hubs = (
    await getAll(
      peered.filter((id) => !found.has(id.toLowerCase())),
      'peered virtual network',
    )
  ).filter(Boolean) as ArmResource[];
  const subnets = [...vnets, ...hubs].flatMap((v) => (prop(v, 'properties', 'subnets') as unknown[] | undefined) ?? []);
  const nodeSubnets = subnets.filter((s) => subnetIds.some((id) => id.toLowerCase() === String(prop(s, 'id')).toLowerCase()));
  const [, routeTables] = await Promise.all([
    getAll(nodeSubnets.map((s) => prop(s, 'properties', 'networkSecurityGroup', 'id')).filter(isString), 'network security group'),
    getAll(nodeSubnets.map((s) => prop(s, 'properties', 'routeTable', 'id')).filter(isString), 'route table'),
  ]);

  // The firewalls the routes send traffic to, found by their private address.
  const nextHops = new Set(
    (routeTables.filter(Boolean) as ArmResource[]).flatMap((t) =>
      ((prop(t, 'properties', 'routes') as unknown[] | undefined) ?? [])
        .filter((r) => prop(r, 'properties', 'nextHopType') === 'VirtualAppliance')
        .map((r) => String(prop(r, 'properties', 'nextHopIpAddress'))),
    ),
  );
  if (nextHops.size) {
    const fromSubnets = subnets
      .flatMap((s) => ((prop(s, 'properties', 'ipConfigurations') as unknown[] | undefined) ?? []).map((c) => String(prop(c, 'id'))))
      .filter((id) => /\/azureFirewalls\/[^/]+\//i.test(id))
      .map((id) => id.replace(/(\/azureFirewalls\/[^/]+)\/.*$/i, '$1'));
    let firewalls = (await getAll(fromSubnets, 'Azure Firewall')).filter(Boolean) as ArmResource[];
    const matches = () => firewalls.filter((f) => firewallAddresses(f).some((a) => nextHops.has(a)));
    if (matches().length === 0) {
      const subs = new Set(clusters.map((c) => parseResourceId(c.id).subscriptionId));
      firewalls = (
        await Promise.all(
          [...subs].map(
            async (s) =>
              (await tolerant(`/subscriptions/${s}/providers/Microsoft.Network/azureFirewalls`, () => source.firewallsOf(s))) ?? [],
          ),
        )
      ).flat();
      matches().forEach(keep);
    }
    // A policy and its base policies, each with its rule collection groups.
    let policyIds = matches()
      .map((f) => prop(f, 'properties', 'firewallPolicy', 'id'))
      .filter(isString);
    for (let depth = 0; policyIds.length && depth < 5; depth++) {
      const policies = (await getAll(policyIds, 'firewall policy')).filter(Boolean) as ArmResource[];
      await Promise.all(policies.map(async (p) => (await list(p, 'ruleCollectionGroups')).forEach(keep)));
      policyIds = policies
        .map((p) => prop(p, 'properties', 'basePolicy', 'id'))
        .filter(isString)
        .filter((id) => !found.has(id.toLowerCase()));
    }
  }

  // Private endpoints of the registry, the storage account and a private cluster's zone.
  const withEndpoints = [...found.values()].filter((r) =>
    ([TYPES.registry, TYPES.storageAccount] as string[]).includes(r.type.toLowerCase()),
  );
  const endpointIds = withEndpoints
    .flatMap((r) =>
      ((prop(r, 'properties', 'privateEndpointConnections') as unknown[] | undefined) ?? []).map((c) =>
        prop(c, 'properties', 'privateEndpoint', 'id'),
      ),
    )
    .filter(isString);
  const endpoints = (await getAll(endpointIds, 'private endpoint')).filter(Boolean) as ArmResource[];
  const groups = (await Promise.all(endpoints.map((e) => list(e, 'privateDnsZoneGroups')))).flat().map((g) => keep(g)!);
  const zoneIds = [
    ...groups.flatMap((g) =>
      ((prop(g, 'properties', 'privateDnsZoneConfigs') as unknown[] | undefined) ?? []).map((c) =>
        prop(c, 'properties', 'privateDnsZoneId'),
      ),
    ),
    ...clusters.map((c) => prop(c, 'properties', 'apiServerAccessProfile', 'privateDNSZone')),
  ]
    .filter(isString)
    .filter((id) => id.startsWith('/'));
  const zones = (await getAll(zoneIds, 'private DNS zone')).filter(Boolean) as ArmResource[];
  await Promise.all(zones.flatMap((z) => [list(z, 'virtualNetworkLinks'), list(z, 'A')].map(async (l) => (await l).forEach(keep))));

  return { resources: [...found.values()], gaps };
}

/** The starting point must exist and be readable: 404 is exit 2 (the id is wrong), 403 exit 3. */
async function start(source: ArmSource, id: string, flag: string): Promise<ArmResource> {
  const p = parseResourceId(id, flag);
  let r: ArmResource | undefined;
  try {
    r = await source.get(id);
  } catch (e) {
    if (e instanceof ArmForbidden) throw new EnvironmentError(e.message);
    throw e;
  }
  if (!r)
    throw new InputError(
      `${flag}: ${p.type.split('/').pop()} ${p.name} was not found in resource group ${p.resourceGroup} of subscription ${p.subscriptionId} (ARM answered 404)`,
    );
  return r;
}

export function firewallAddresses(f: ArmResource): string[] {
  return ((prop(f, 'properties', 'ipConfigurations') as unknown[] | undefined) ?? [])
    .map((c) => prop(c, 'properties', 'privateIPAddress'))
    .filter(isString);
}

const parentOf = (subnetId: string) => subnetId.replace(/\/subnets\/[^/]+\/?$/i, '');
const isString = (v: unknown): v is string => typeof v === 'string' && v !== '';
const parseSafe = (id: string) => {
  try {
    return parseResourceId(id);
  } catch {
    return undefined;
  }
};
