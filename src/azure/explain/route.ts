import type { ArmResource, Snapshot } from '../snapshot.ts';
import type { Flow } from './flow.ts';
import { contains, parsePrefix } from './ipv4.ts';
import { peeredPrefixes, props, strings, TYPES, vnetPrefixes, type NodeSubnet, type Props, type Topology } from './topology.ts';
import { serviceTagMatch } from './address-match.ts';

// Which route the flow takes out of the node subnet: user-defined routes and
// the system routes (VNet, peerings, 0.0.0.0/0 to the Internet), longest
// prefix first, a UDR before a system route of the same prefix.

export interface Route {
  /** The route's resource id (a UDR) or null (a system route). */
  id: string | null;
  name: string;
  addressPrefix: string;
  nextHopType: string;
  nextHopIpAddress?: string;
}

export interface RouteChoice {
  route: Route;
  /** Why this route, in a sentence for the path. */
  why: string;
  /** Routes that could apply instead, if the destination's address were known. */
  caveat?: string;
}

export function userRoutes(table: ArmResource | undefined): Route[] {
  const routes = (props(table).routes as ArmResource[] | undefined) ?? [];
  return routes.map((r) => {
    const p = props(r);
    return {
      id: r.id ?? null,
      name: r.name,
      addressPrefix: String(p.addressPrefix ?? ''),
      nextHopType: String(p.nextHopType ?? ''),
      nextHopIpAddress: typeof p.nextHopIpAddress === 'string' ? p.nextHopIpAddress : undefined,
    };
  });
}

function systemRoutes(subnet: NodeSubnet): Route[] {
  return [
    ...vnetPrefixes(subnet.vnet).map(
      (addressPrefix): Route => ({ id: null, name: `system: VNet ${subnet.vnet.name}`, addressPrefix, nextHopType: 'VnetLocal' }),
    ),
    ...peeredPrefixes(subnet.vnet).map(
      ({ prefix, peering }): Route => ({ id: null, name: `system: peering ${peering}`, addressPrefix: prefix, nextHopType: 'VNetPeering' }),
    ),
    { id: null, name: 'system: default', addressPrefix: '0.0.0.0/0', nextHopType: 'Internet' },
  ];
}

export function chooseRoute(subnet: NodeSubnet, flow: Flow): RouteChoice {
  const udrs = userRoutes(subnet.routeTable);
  const all = [...udrs, ...systemRoutes(subnet)];
  const address = flow.address ? parsePrefix(flow.address) : undefined;
  if (address) {
    const candidates = all.map((r) => ({ r, p: parsePrefix(r.addressPrefix) })).filter((x) => x.p && contains(x.p, address));
    candidates.sort((a, b) => b.p!.bits - a.p!.bits || Number(a.r.id === null) - Number(b.r.id === null));
    const best = candidates[0].r;
    return { route: best, why: `longest prefix ${best.addressPrefix} for ${flow.address}` };
  }
  if (flow.inVnet) {
    const local =
      all.find((r) => r.id !== null && vnetPrefixes(subnet.vnet).includes(r.addressPrefix)) ??
      all.find((r) => r.nextHopType === 'VnetLocal')!;
    return { route: local, why: `the destination is in VNet ${subnet.vnet.name}` };
  }
  // A service-tag route that names the flow's tag is more specific than 0.0.0.0/0 (Azure docs, UDR service tags).
  const tagged = udrs.filter((r) => !parsePrefix(r.addressPrefix) && serviceTagMatch(r.addressPrefix, flow).kind === 'yes');
  if (tagged.length) return { route: tagged[0], why: `the route for service tag ${tagged[0].addressPrefix} holds ${flow.serviceTag}` };
  const zero = udrs.find((r) => r.addressPrefix === '0.0.0.0/0') ?? all.find((r) => r.id === null && r.addressPrefix === '0.0.0.0/0')!;
  const others = udrs.filter((r) => r !== zero && r.nextHopType !== zero.nextHopType && !isVnetRange(r.addressPrefix, subnet));
  return {
    route: zero,
    why: `${flow.host ?? 'the destination'} has no address in the snapshot, so the 0.0.0.0/0 route decides`,
    caveat: others.length
      ? `if its address falls in ${others.map((r) => `${r.addressPrefix} (route ${r.name})`).join(', ')}, that route applies instead`
      : undefined,
  };
}

const isVnetRange = (prefix: string, subnet: NodeSubnet): boolean => {
  const p = parsePrefix(prefix);
  return (
    !!p &&
    vnetPrefixes(subnet.vnet).some((v) => {
      const q = parsePrefix(v);
      return q !== undefined && contains(q, p);
    })
  );
};

/** What "Internet" means for this cluster: its outbound load balancer, or its NAT gateway. */
export function internetEgress(topology: Topology, subnet: NodeSubnet): string {
  if (subnet.natGatewayId) return `the subnet's NAT gateway ${subnet.natGatewayId.split('/').pop()}`;
  switch (topology.outboundType) {
    case 'managedNATGateway':
      return "the cluster's managed NAT gateway";
    case 'userAssignedNATGateway':
      return 'a user-assigned NAT gateway (not on the node subnet in this snapshot)';
    case 'userDefinedRouting':
      return 'the Internet directly: outboundType userDefinedRouting but no 0.0.0.0/0 route';
    default:
      return "the cluster's outbound load balancer (outboundType loadBalancer)";
  }
}

/** The Azure Firewall whose private IP is the next hop, if any. */
export function firewallAt(snapshot: Snapshot, ip: string | undefined): ArmResource | undefined {
  if (!ip) return undefined;
  return snapshot
    .ofType(TYPES.firewall)
    .find((fw) =>
      ((props(fw).ipConfigurations as Props[] | undefined) ?? []).some(
        (c) => props(c as ArmResource).privateIPAddress === ip || c.privateIPAddress === ip,
      ),
    );
}

/** The appliance behind a next-hop IP that is not an Azure Firewall: a NIC's VM, or just the address. */
export function applianceAt(snapshot: Snapshot, ip: string): string {
  const nic = snapshot
    .ofType(TYPES.nic)
    .find((n) => ((props(n).ipConfigurations as ArmResource[] | undefined) ?? []).some((c) => props(c).privateIPAddress === ip));
  const vm = nic && strings((props(nic).virtualMachine as Props | undefined)?.id)[0];
  return nic ? `${vm ? `VM ${vm.split('/').pop()}` : `NIC ${nic.name}`} (${ip})` : `the appliance at ${ip} (not in the snapshot)`;
}
