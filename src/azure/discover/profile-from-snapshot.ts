// The target profile from a snapshot, with pure code: the same answer for a
// live read, a file given with --azure-snapshot and a test fixture.
// What ARM holds but the profile has no key for (cluster purpose, load
// balancer, outbound type, node pools, private endpoints) becomes notes: the
// YAML comments a user reviews before saving the profile.
import type { Profile } from '../../config/profile.ts';
import { FORMATS } from '../../config/formats.ts';
import { InputError } from '../../errors.ts';
import { dependencyList, parseResourceId, type ArmResource, type Snapshot } from '../snapshot.ts';
import { TYPES, computesOf, prop, selectComputes, type DiscoveryRoot } from './model.ts';

/** One host Azure says the target depends on. */
export interface ListedHost {
  host: string;
  ports: number[];
  /** Whose list named it: the cluster's or the workspace's. */
  listedBy: string;
  category?: string;
}

export interface DiscoveredTarget {
  /** The compute's name, when discovered from a workspace. */
  compute?: string;
  profile: Profile;
  notes: string[];
  /** What Azure's outboundNetworkDependenciesEndpoints lists say this target reaches. */
  azureListed: ListedHost[];
}

/** The root a snapshot answers for: the one given, else its only workspace, else its only cluster. */
export function rootOf(snapshot: Snapshot, root: DiscoveryRoot): DiscoveryRoot {
  if (root.workspace || root.cluster) return root;
  const workspaces = snapshot.ofType(TYPES.workspace);
  if (workspaces.length === 1) return { ...root, workspace: workspaces[0].id };
  const clusters = snapshot.ofType(TYPES.managedCluster);
  if (!workspaces.length && clusters.length === 1) return { ...root, cluster: clusters[0].id };
  const found = workspaces.length ? `${workspaces.length} workspaces` : `${clusters.length} managed clusters`;
  throw new InputError(`--azure-snapshot: the snapshot holds ${found}: say which with --workspace ID or --cluster ID`);
}

export function targetsFromSnapshot(snapshot: Snapshot, given: DiscoveryRoot): DiscoveredTarget[] {
  const root = rootOf(snapshot, given);
  if (root.cluster && !root.workspace) {
    const cluster = snapshot.byId(root.cluster);
    if (!cluster) throw new InputError(`--cluster: ${root.cluster} is not in the snapshot`);
    return [targetOf(snapshot, undefined, undefined, cluster)];
  }
  const workspace = snapshot.byId(root.workspace);
  if (!workspace) throw new InputError(`--workspace: ${root.workspace} is not in the snapshot`);
  const prefix = `${workspace.id.toLowerCase()}/computes/`;
  const computes = selectComputes(
    computesOf(snapshot.resources).filter((c) => c.id.toLowerCase().startsWith(prefix)),
    root,
  );
  if (computes.length === 0) return [targetOf(snapshot, workspace, undefined, undefined)];
  return computes.map((c) => targetOf(snapshot, workspace, c, snapshot.byId(prop(c, 'properties', 'resourceId') as string)));
}

function targetOf(
  snapshot: Snapshot,
  workspace: ArmResource | undefined,
  compute: ArmResource | undefined,
  cluster: ArmResource | undefined,
): DiscoveredTarget {
  const notes: string[] = [];
  const profile: Profile = {};
  const azureListed: ListedHost[] = [];

  if (workspace) {
    const acr = nameIn(prop(workspace, 'properties', 'containerRegistry'))?.toLowerCase();
    const storage = nameIn(prop(workspace, 'properties', 'storageAccount'))?.toLowerCase();
    profile.workspace = dropEmpty({
      region: region(workspace.location),
      id: valid('guid', lower(prop(workspace, 'properties', 'workspaceId'))),
      acr: valid('acr-name', acr),
      storageAccount: valid('storage-account', storage),
    });
    notes.push(
      `workspace ${workspace.name} (workspace id ${String(prop(workspace, 'properties', 'workspaceId') ?? 'unknown')}), in ${workspace.location ?? 'an unknown region'}`,
    );
    if (!acr) notes.push('the workspace has no container registry yet (Azure ML creates one on the first image build)');
    for (const r of [
      snapshot.byId(prop(workspace, 'properties', 'containerRegistry') as string),
      snapshot.byId(prop(workspace, 'properties', 'storageAccount') as string),
    ]) {
      if (r) notes.push(...accessNotes(snapshot, r));
    }
    azureListed.push(...listedHosts(snapshot, workspace, 'the workspace'));
  }

  if (compute) {
    const inner = prop(compute, 'properties', 'properties');
    notes.push(
      `compute ${compute.name}: ${String(prop(compute, 'properties', 'computeType'))}` +
        [
          ['cluster purpose', prop(inner, 'clusterPurpose')],
          ['load balancer', prop(inner, 'loadBalancerType')],
          ['namespace', prop(inner, 'namespace')],
        ]
          .filter(([, v]) => typeof v === 'string' && v)
          .map(([k, v]) => `, ${k} ${v}`)
          .join(''),
    );
  }

  const computeTarget = compute ? (prop(compute, 'properties', 'resourceId') as string | undefined) : undefined;
  if (cluster) {
    const p = cluster.properties ?? {};
    const isPrivate = prop(p, 'apiServerAccessProfile', 'enablePrivateCluster') === true;
    const fqdn = (isPrivate ? prop(p, 'privateFQDN') : undefined) ?? prop(p, 'fqdn');
    const plugin = prop(p, 'networkProfile', 'networkPlugin');
    profile.cluster = dropEmpty({
      apiServerFqdn: valid('hostname', typeof fqdn === 'string' ? fqdn.toLowerCase() : undefined),
      name: valid('dns-label', cluster.name),
      region: region(cluster.location),
      networkPlugin: plugin === 'azure' || plugin === 'kubenet' ? (plugin as 'azure' | 'kubenet') : undefined,
    });
    notes.push(
      `cluster ${cluster.name}: ${isPrivate ? `private (API server ${String(prop(p, 'privateFQDN'))}${prop(p, 'fqdn') ? `, public FQDN ${String(prop(p, 'fqdn'))}` : ''})` : `API server ${String(prop(p, 'fqdn'))}`}` +
        `, network plugin ${String(plugin ?? 'unknown')}${prop(p, 'networkProfile', 'networkPluginMode') ? ` (${String(prop(p, 'networkProfile', 'networkPluginMode'))})` : ''}, outbound type ${String(prop(p, 'networkProfile', 'outboundType') ?? 'loadBalancer')}`,
    );
    if (typeof plugin === 'string' && plugin !== 'azure' && plugin !== 'kubenet')
      notes.push(`network plugin ${plugin} has no profile setting: cluster.networkPlugin left unset`);
    const dnsServers = new Set<string>();
    for (const pool of (prop(p, 'agentPoolProfiles') as unknown[] | undefined) ?? []) {
      const subnet = prop(pool, 'vnetSubnetID');
      notes.push(
        `node pool ${String(prop(pool, 'name'))} (${String(prop(pool, 'mode') ?? 'User')}): ${typeof subnet === 'string' ? `subnet ${subnetLabel(subnet)}` : 'the managed VNet AKS created'}`,
      );
      if (typeof subnet !== 'string') continue;
      const vnet = snapshot.byId(subnet.replace(/\/subnets\/[^/]+\/?$/i, ''));
      const path = subnetPath(snapshot, vnet, subnet);
      if (path && !notes.includes(path)) notes.push(path);
      const servers = prop(vnet, 'properties', 'dhcpOptions', 'dnsServers');
      if (Array.isArray(servers)) for (const s of servers) if (typeof s === 'string') dnsServers.add(s);
      if (!vnet) notes.push(`the VNet of subnet ${subnetLabel(subnet)} is not in the snapshot: its DNS servers are unknown`);
    }
    if (dnsServers.size) profile.dns = { servers: [...dnsServers].filter((s) => FORMATS['dns-server'].validate(s)).slice(0, 10) };
    else notes.push('DNS: the VNet uses Azure-provided DNS (168.63.129.16): dns.servers left unset');
    azureListed.push(...listedHosts(snapshot, cluster, `cluster ${cluster.name}`));
  } else if (compute) {
    const fqdn = prop(compute, 'properties', 'properties', 'clusterFqdn');
    if (typeof fqdn === 'string')
      profile.cluster = dropEmpty({
        apiServerFqdn: valid('hostname', fqdn.toLowerCase()),
        region: region(prop(compute, 'properties', 'computeLocation') as string),
      });
    notes.push(
      `the compute's cluster ${computeTarget ?? '(no resource id)'} is not in the snapshot${computeTarget && !/managedClusters/i.test(computeTarget) ? ' (not an AKS cluster: an Arc-connected cluster has no managed-cluster resource to read)' : ''}`,
    );
  }
  if (profile.cluster?.region && profile.workspace?.region === profile.cluster.region) delete profile.workspace.region;
  notes.push('endpoint.auth and endpoint.domainLabel belong to each web service, not to ARM: set them when you check an endpoint');
  return {
    ...(compute ? { compute: compute.name } : {}),
    profile: dropEmpty(profile as Record<string, unknown>) as Profile,
    notes,
    azureListed,
  };
}

/** The subnet's NSG and default route, with the firewall a VirtualAppliance next hop is. */
function subnetPath(snapshot: Snapshot, vnet: ArmResource | undefined, subnetId: string): string | undefined {
  const subnet = ((prop(vnet, 'properties', 'subnets') as unknown[] | undefined) ?? []).find(
    (s) => String(prop(s, 'id')).toLowerCase() === subnetId.toLowerCase(),
  );
  if (!subnet) return undefined;
  const nsgId = prop(subnet, 'properties', 'networkSecurityGroup', 'id');
  const tableId = prop(subnet, 'properties', 'routeTable', 'id');
  const table = snapshot.byId(tableId as string);
  const route = ((prop(table, 'properties', 'routes') as unknown[] | undefined) ?? []).find(
    (r) => prop(r, 'properties', 'addressPrefix') === '0.0.0.0/0',
  );
  const hop = prop(route, 'properties', 'nextHopIpAddress');
  const firewall =
    typeof hop === 'string'
      ? snapshot
          .ofType('Microsoft.Network/azureFirewalls')
          .find((f) =>
            ((prop(f, 'properties', 'ipConfigurations') as unknown[] | undefined) ?? []).some(
              (c) => prop(c, 'properties', 'privateIPAddress') === hop,
            ),
          )
      : undefined;
  const policy = nameIn(prop(firewall, 'properties', 'firewallPolicy', 'id'));
  const defaultRoute = route
    ? `0.0.0.0/0 to ${String(prop(route, 'properties', 'nextHopType'))}${typeof hop === 'string' ? ` ${hop}` : ''}${firewall ? ` (Azure Firewall ${firewall.name}${policy ? `, policy ${policy}` : ''})` : typeof hop === 'string' ? ' (not an Azure Firewall in the snapshot)' : ''}`
    : "no default route (Azure's default path)";
  return `subnet ${subnetLabel(subnetId)}: NSG ${nameIn(nsgId) ?? 'none'}, route table ${nameIn(tableId) ?? 'none'}, ${defaultRoute}`;
}

/** Public access and private endpoints of a registry or storage account. */
function accessNotes(snapshot: Snapshot, r: ArmResource): string[] {
  const kind = r.type.toLowerCase() === TYPES.registry ? 'registry' : 'storage account';
  const publicAccess = prop(r, 'properties', 'publicNetworkAccess') ?? 'Enabled';
  const defaultAction = prop(r, 'properties', 'networkRuleSet', 'defaultAction') ?? prop(r, 'properties', 'networkAcls', 'defaultAction');
  const endpoints = ((prop(r, 'properties', 'privateEndpointConnections') as unknown[] | undefined) ?? []).map((c) => {
    const pe = snapshot.byId(prop(c, 'properties', 'privateEndpoint', 'id') as string);
    const state = prop(c, 'properties', 'privateLinkServiceConnectionState', 'status');
    return `${pe?.name ?? nameIn(prop(c, 'properties', 'privateEndpoint', 'id')) ?? '?'}${state ? ` (${String(state)})` : ''}`;
  });
  return [
    `${kind} ${r.name}: public network access ${String(publicAccess)}${defaultAction ? `, default action ${String(defaultAction)}` : ''}; private endpoints: ${endpoints.join(', ') || 'none'}`,
  ];
}

/** The hosts of a resource's outboundNetworkDependenciesEndpoints list, in both of ARM's shapes. */
export function listedHosts(snapshot: Snapshot, parent: ArmResource, listedBy: string): ListedHost[] {
  const out = new Map<string, ListedHost>();
  for (const item of dependencyList(snapshot, parent.id) ?? []) {
    // AKS: { category, endpoints }; Azure ML: { properties: { category, endpoints } }.
    const body = prop(item, 'endpoints') ? item : prop(item, 'properties');
    const category = prop(body, 'category');
    for (const e of (prop(body, 'endpoints') as unknown[] | undefined) ?? []) {
      const host = prop(e, 'domainName');
      if (typeof host !== 'string' || !host) continue;
      const ports = ((prop(e, 'endpointDetails') as unknown[] | undefined) ?? [])
        .map((d) => prop(d, 'port'))
        .filter((n): n is number => typeof n === 'number');
      const key = host.toLowerCase();
      const seen = out.get(key);
      if (seen) seen.ports = [...new Set([...seen.ports, ...ports])];
      else out.set(key, { host: key, ports: [...new Set(ports)], listedBy, ...(typeof category === 'string' ? { category } : {}) });
    }
  }
  return [...out.values()];
}

const nameIn = (id: unknown): string | undefined => {
  if (typeof id !== 'string' || !id) return undefined;
  try {
    return parseResourceId(id).name;
  } catch {
    return undefined;
  }
};
const lower = (v: unknown) => (typeof v === 'string' ? v.toLowerCase() : undefined);
const region = (location: unknown) =>
  typeof location === 'string' ? valid('region', location.toLowerCase().replace(/\s+/g, '')) : undefined;
const valid = (format: keyof typeof FORMATS, v: string | undefined) => (v !== undefined && FORMATS[format].validate(v) ? v : undefined);
const subnetLabel = (id: string) => id.replace(/^.*\/virtualNetworks\/([^/]+)\/subnets\/([^/]+)\/?$/i, '$1/$2');

function dropEmpty<T extends Record<string, unknown>>(o: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) {
    if (v === undefined) continue;
    if (typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 0) continue;
    out[k] = v;
  }
  return out as T;
}
