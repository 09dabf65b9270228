import type { ArmResource, Snapshot } from '../snapshot.ts';
import { InputError } from '../../errors.ts';
import type { Profile } from '../../config/profile.ts';
import { contains, parsePrefix } from './ipv4.ts';

// Where the nodes' traffic starts: the cluster's node subnet, its VNet, NSG and
// route table, found by following resource ids through the snapshot.

export type Props = Record<string, unknown>;
export const props = (r: { properties?: unknown } | undefined): Props => (r?.properties as Props | undefined) ?? {};
export const idOf = (ref: unknown): string | undefined =>
  ref && typeof ref === 'object' && typeof (ref as Props).id === 'string' ? ((ref as Props).id as string) : undefined;
export const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' && v !== '' ? [v] : [];
export const sameId = (a: string | undefined, b: string | undefined): boolean =>
  !!a && !!b && a.toLowerCase().replace(/\/+$/, '') === b.toLowerCase().replace(/\/+$/, '');

export const TYPES = {
  cluster: 'Microsoft.ContainerService/managedClusters',
  vnet: 'Microsoft.Network/virtualNetworks',
  subnet: 'Microsoft.Network/virtualNetworks/subnets',
  nsg: 'Microsoft.Network/networkSecurityGroups',
  routeTable: 'Microsoft.Network/routeTables',
  firewall: 'Microsoft.Network/azureFirewalls',
  policy: 'Microsoft.Network/firewallPolicies',
  ruleGroup: 'Microsoft.Network/firewallPolicies/ruleCollectionGroups',
  ipGroup: 'Microsoft.Network/ipGroups',
  nic: 'Microsoft.Network/networkInterfaces',
  privateEndpoint: 'Microsoft.Network/privateEndpoints',
  zone: 'Microsoft.Network/privateDnsZones',
  zoneLink: 'Microsoft.Network/privateDnsZones/virtualNetworkLinks',
  aRecord: 'Microsoft.Network/privateDnsZones/A',
  registry: 'Microsoft.ContainerRegistry/registries',
  storage: 'Microsoft.Storage/storageAccounts',
} as const;

/** Azure's own resolver, reachable from every VNet. */
export const AZURE_DNS = '168.63.129.16';

export interface NodeSubnet {
  id: string;
  name: string;
  prefixes: string[];
  vnet: ArmResource;
  nsg?: ArmResource;
  /** A subnet names an NSG the snapshot does not hold: the answer is unknown. */
  nsgMissing?: string;
  routeTable?: ArmResource;
  routeTableMissing?: string;
  natGatewayId?: string;
}

export interface Topology {
  cluster: ArmResource;
  subnets: NodeSubnet[];
  outboundType: string;
  privateCluster: boolean;
  /** The VNet's DNS servers (dhcpOptions.dnsServers); empty: Azure DNS. */
  dnsServers: string[];
}

/** The managed cluster the profile describes: the only one, or the one whose FQDN or name matches. */
export function findCluster(snapshot: Snapshot, profile: Profile, source: string): ArmResource {
  const clusters = snapshot.ofType(TYPES.cluster);
  if (clusters.length === 0)
    throw new InputError(`${source}: the Azure snapshot holds no ${TYPES.cluster}: explain starts at the cluster's node subnet`);
  const fqdn = profile.cluster?.apiServerFqdn?.toLowerCase();
  const name = profile.cluster?.name?.toLowerCase();
  const matching = clusters.filter((c) => {
    const p = props(c);
    return (
      (fqdn && [p.fqdn, p.privateFQDN].some((f) => typeof f === 'string' && f.toLowerCase() === fqdn)) ||
      (name && c.name.toLowerCase() === name)
    );
  });
  if (matching.length === 1) return matching[0];
  if (clusters.length === 1 && (!fqdn || matching.length === 0) && !name) return clusters[0];
  if (clusters.length === 1 && matching.length === 0)
    throw new InputError(`${source}: the snapshot's cluster ${clusters[0].name} is not the profile's (${profile.cluster?.name ?? fqdn})`);
  throw new InputError(
    `${source}: the snapshot holds ${clusters.length} clusters (${clusters.map((c) => c.name).join(', ')}): set cluster.name or cluster.apiServerFqdn to pick one`,
  );
}

/** The VNet that holds a subnet id: /…/virtualNetworks/V/subnets/S → /…/virtualNetworks/V. */
const vnetIdOf = (subnetId: string): string => subnetId.replace(/\/subnets\/[^/]+\/?$/i, '');

function subnetResource(snapshot: Snapshot, id: string): { subnet?: ArmResource; vnet?: ArmResource } {
  const vnet = snapshot.byId(vnetIdOf(id));
  const inline = (props(vnet).subnets as ArmResource[] | undefined)?.find((s) => sameId(s.id, id));
  return { subnet: snapshot.byId(id) ?? inline, vnet };
}

export function topologyOf(snapshot: Snapshot, cluster: ArmResource, source: string): Topology {
  const p = props(cluster);
  const pools = (p.agentPoolProfiles as Props[] | undefined) ?? [];
  const ids = [...new Set(pools.map((pool) => pool.vnetSubnetID).filter((x): x is string => typeof x === 'string'))];
  if (ids.length === 0)
    throw new InputError(
      `${source}: cluster ${cluster.name} has no agentPoolProfiles[].vnetSubnetID (a managed VNet): explain needs the customer's own node subnet`,
    );
  const subnets = ids.map((id): NodeSubnet => {
    const { subnet, vnet } = subnetResource(snapshot, id);
    if (!subnet || !vnet) throw new InputError(`${source}: the node subnet ${id} (or its VNet) is not in the snapshot`);
    const sp = props(subnet);
    const nsgId = idOf(sp.networkSecurityGroup);
    const rtId = idOf(sp.routeTable);
    return {
      id: subnet.id,
      name: subnet.name,
      prefixes: [...strings(sp.addressPrefix), ...strings(sp.addressPrefixes)],
      vnet,
      nsg: snapshot.byId(nsgId),
      nsgMissing: nsgId && !snapshot.byId(nsgId) ? nsgId : undefined,
      routeTable: snapshot.byId(rtId),
      routeTableMissing: rtId && !snapshot.byId(rtId) ? rtId : undefined,
      natGatewayId: idOf(sp.natGateway),
    };
  });
  const profileNet = (p.networkProfile as Props | undefined) ?? {};
  return {
    cluster,
    subnets,
    outboundType: typeof profileNet.outboundType === 'string' ? profileNet.outboundType : 'loadBalancer',
    privateCluster: (p.apiServerAccessProfile as Props | undefined)?.enablePrivateCluster === true,
    dnsServers: strings((props(subnets[0].vnet).dhcpOptions as Props | undefined)?.dnsServers),
  };
}

export const vnetPrefixes = (vnet: ArmResource): string[] => strings((props(vnet).addressSpace as Props | undefined)?.addressPrefixes);

/** The remote address spaces of a VNet's peerings: reached over VNetPeering system routes. */
export function peeredPrefixes(vnet: ArmResource): { prefix: string; peering: string }[] {
  const peerings = (props(vnet).virtualNetworkPeerings as ArmResource[] | undefined) ?? [];
  return peerings.flatMap((peer) => {
    const pp = props(peer);
    const space = strings((pp.remoteAddressSpace as Props | undefined)?.addressPrefixes);
    return space.map((prefix) => ({ prefix, peering: peer.name }));
  });
}

/** The VNet of the snapshot whose address space holds an address (a DNS server, a firewall). */
export function vnetHolding(snapshot: Snapshot, address: string): ArmResource | undefined {
  const a = parsePrefix(address);
  if (!a) return undefined;
  return snapshot.ofType(TYPES.vnet).find((v) =>
    vnetPrefixes(v).some((p) => {
      const q = parsePrefix(p);
      return q !== undefined && contains(q, a);
    }),
  );
}
