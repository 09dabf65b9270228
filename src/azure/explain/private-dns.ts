import type { ArmResource, Snapshot } from '../snapshot.ts';
import { AZURE_DNS, idOf, props, sameId, strings, TYPES, vnetHolding, type Topology } from './topology.ts';
import type { Finding, Hop } from './verdict.ts';

// What a node's lookup of a host returns, told from the snapshot: a
// privatelink.* zone with an A record for it, linked to the VNet whose resolver
// the nodes use, gives the private endpoint's address; linked elsewhere, the
// nodes get the public address.

export type DnsAnswer =
  | { kind: 'public'; hop?: Hop; findings: Finding[] }
  | { kind: 'private'; address: string; hop: Hop; findings: Finding[] }
  /** The private endpoint exists, its record does not: the name does not resolve. */
  | { kind: 'nxdomain'; hop: Hop; findings: Finding[] }
  /** Either answer is possible (custom DNS the snapshot cannot see into): judge both. */
  | { kind: 'either'; address: string; hop: Hop; findings: Finding[] };

/** The privatelink zone for a host: "privatelink.azurecr.io" for "x.azurecr.io", record "x". */
function zoneFor(snapshot: Snapshot, host: string): { zone: ArmResource; record: string } | undefined {
  const h = host.toLowerCase();
  // Either the host is inside the zone (a private cluster's x.privatelink.<region>.azmk8s.io), or its public
  // name CNAMEs into it (x.azurecr.io → x.privatelink.azurecr.io): the record is the part before the suffix.
  const suffixOf = (z: ArmResource) => {
    const name = z.name.toLowerCase();
    return h.endsWith(`.${name}`)
      ? name
      : name.startsWith('privatelink.') && h.endsWith(`.${name.slice('privatelink.'.length)}`)
        ? name.slice('privatelink.'.length)
        : undefined;
  };
  const zones = snapshot.ofType(TYPES.zone).filter((z) => suffixOf(z) !== undefined);
  zones.sort((a, b) => suffixOf(b)!.length - suffixOf(a)!.length);
  const zone = zones[0];
  return zone && { zone, record: h.slice(0, h.length - suffixOf(zone)!.length - 1) };
}

/** The resource a host belongs to (a registry or storage account named by its first label). */
export function resourceForHost(snapshot: Snapshot, host: string): ArmResource | undefined {
  const label = host.toLowerCase().split('.')[0];
  const type = /\.azurecr\.io$/i.test(host) ? TYPES.registry : /\.core\.windows\.net$/i.test(host) ? TYPES.storage : undefined;
  return type ? snapshot.ofType(type).find((r) => r.name.toLowerCase() === label) : undefined;
}

/** The private endpoint sub-resource a host needs: "blob" for x.blob.core.windows.net, "registry" for a registry. */
const groupOf = (host: string): string => (/\.azurecr\.io$/i.test(host) ? 'registry' : (host.toLowerCase().split('.')[1] ?? ''));

function privateEndpointFor(snapshot: Snapshot, resource: ArmResource | undefined, host: string): ArmResource | undefined {
  if (!resource) return undefined;
  return snapshot
    .ofType(TYPES.privateEndpoint)
    .find((pe) =>
      [
        ...((props(pe).privateLinkServiceConnections as ArmResource[] | undefined) ?? []),
        ...((props(pe).manualPrivateLinkServiceConnections as ArmResource[] | undefined) ?? []),
      ].some(
        (c) =>
          sameId(String(props(c).privateLinkServiceId ?? ''), resource.id) &&
          strings(props(c).groupIds).some((g) => g.toLowerCase() === groupOf(host)),
      ),
    );
}

/** The VNets whose resolver answers the nodes: Azure DNS in their own VNet, or the VNets custom servers run in. */
export function resolverVnets(snapshot: Snapshot, topology: Topology): { vnets: ArmResource[]; unknownServers: string[] } {
  const own = topology.subnets[0].vnet;
  const servers = topology.dnsServers.filter((s) => s !== AZURE_DNS);
  if (servers.length === 0) return { vnets: [own], unknownServers: [] };
  const vnets: ArmResource[] = [];
  const unknownServers: string[] = [];
  for (const s of servers) {
    const v = vnetHolding(snapshot, s);
    if (v) {
      if (!vnets.includes(v)) vnets.push(v);
    } else unknownServers.push(s);
  }
  return { vnets, unknownServers };
}

export function resolve(snapshot: Snapshot, topology: Topology, host: string): DnsAnswer {
  const found = zoneFor(snapshot, host);
  const resource = resourceForHost(snapshot, host);
  const endpoint = privateEndpointFor(snapshot, resource, host);
  if (!found) {
    if (!endpoint) return { kind: 'public', findings: [] };
    return {
      kind: 'public',
      findings: [
        {
          code: 'EXPLAIN_DNS_ZONE_MISSING',
          message: `${resource!.name} has private endpoint ${endpoint.name}, but the snapshot holds no privatelink zone for ${host}: the nodes get its public address`,
          resource: endpoint.id,
        },
      ],
    };
  }
  const { zone, record } = found;
  const recordResource = snapshot
    .ofType(TYPES.aRecord)
    .find((r) => r.id.toLowerCase().startsWith(`${zone.id}/A/`.toLowerCase()) && r.name.toLowerCase() === record);
  const address = ((props(recordResource).aRecords as { ipv4Address?: string }[] | undefined) ?? [])
    .map((a) => a.ipv4Address)
    .find((a) => typeof a === 'string');
  const linked = snapshot
    .ofType(TYPES.zoneLink)
    .filter((l) => l.id.toLowerCase().startsWith(`${zone.id}/virtualNetworkLinks/`.toLowerCase()))
    .map((l) => idOf(props(l).virtualNetwork))
    .filter((x) => x !== undefined);
  const { vnets, unknownServers } = resolverVnets(snapshot, topology);
  const linkedTo = (v: ArmResource) => linked.some((id) => sameId(id, v.id));
  const where = vnets.map((v) => v.name).join(', ');
  if (!address) {
    if (!endpoint) return { kind: 'public', findings: [] };
    const hop: Hop = { hop: 'dns', id: zone.id, name: zone.name, detail: `no A record ${record} for ${host}` };
    return {
      kind: 'nxdomain',
      hop,
      findings: [
        {
          code: 'EXPLAIN_DNS_RECORD_MISSING',
          message: `zone ${zone.name} has no A record "${record}": ${host} resolves to the privatelink name, which does not exist (NXDOMAIN)`,
          resource: zone.id,
        },
      ],
    };
  }
  const hop: Hop = { hop: 'dns', id: recordResource!.id, name: `${zone.name} ${record}`, detail: `A ${address}` };
  if (unknownServers.length) {
    const findings: Finding[] = [
      {
        code: 'EXPLAIN_DNS_UNKNOWN_RESOLVER',
        message: `the VNet's DNS servers ${unknownServers.join(', ')} are in no VNet of the snapshot: whether they forward ${zone.name} to Azure DNS (${AZURE_DNS}) cannot be told, so ${host} may resolve to ${address} or to its public address`,
        resource: topology.subnets[0].vnet.id,
      },
    ];
    return { kind: 'either', address, hop: { ...hop, detail: `${hop.detail} if the custom DNS servers forward ${zone.name}` }, findings };
  }
  const missing = vnets.filter((v) => !linkedTo(v));
  if (missing.length === 0)
    return {
      kind: 'private',
      address,
      hop: { ...hop, detail: `${hop.detail} (zone linked to ${where}, the VNet whose resolver the nodes use)` },
      findings: [],
    };
  const linkedNames = linked.map((id) => id.split('/').pop()).join(', ') || 'no VNet';
  return {
    kind: 'public',
    hop: {
      hop: 'dns',
      id: zone.id,
      name: zone.name,
      detail: `linked to ${linkedNames}, not to ${missing.map((v) => v.name).join(', ')}: the nodes get the public address`,
    },
    findings: [
      {
        code: 'EXPLAIN_DNS_ZONE_NOT_LINKED',
        message: `zone ${zone.name} is linked to ${linkedNames}, not to ${missing.map((v) => v.name).join(', ')} whose resolver the nodes use${topology.dnsServers.length ? ` (custom DNS ${topology.dnsServers.join(', ')})` : ''}: ${host} resolves to its public address, not ${address}`,
        resource: zone.id,
      },
    ],
  };
}

/** A resource that refuses public traffic: reached by its public address, the request is denied there. */
export function publicAccessDenied(resource: ArmResource | undefined): string | undefined {
  if (!resource) return undefined;
  const p = props(resource);
  if (String(p.publicNetworkAccess ?? '').toLowerCase() === 'disabled') return `${resource.name} has publicNetworkAccess Disabled`;
  return undefined;
}

/** Storage's "selected networks": whether the firewall's public address is allowed is not in the snapshot. */
export function publicAccessRestricted(resource: ArmResource | undefined): string | undefined {
  const acl = props(resource).networkAcls as Record<string, unknown> | undefined;
  if (resource && String(acl?.defaultAction ?? '').toLowerCase() === 'deny')
    return `${resource.name} accepts public traffic only from selected networks (networkAcls.defaultAction Deny; ${strings((acl?.ipRules as { value?: string }[] | undefined)?.map((r) => r.value)).join(', ') || 'no IP rules'})`;
  return undefined;
}
