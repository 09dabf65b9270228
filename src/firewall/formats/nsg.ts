import { InputError } from '../../errors.ts';
import { ruleDescription, type Allowlist } from '../allowlist.ts';
import { groupEntries, ruleName, uniqueNames, type Entry } from '../merge.ts';
import type { Opening } from '../openings.ts';

// NSGs match addresses and service tags, never names: each requirement is
// opened through its service tag, and the output says where that is wider
// than what the requirement needs.

/** How far a service tag reaches beyond one host, by tag family. */
const TAG_REACH: [RegExp, string][] = [
  [/^AzureCloud\.(.+)$/, 'every public address of Azure in $1, any customer, any service'],
  [/^AzureCloud$/, 'every public address of Azure, any customer, any service'],
  [/^Storage\.(.+)$/, 'every storage account in $1, not only yours'],
  [/^Storage$/, 'every storage account, not only yours'],
  [/^AzureContainerRegistry\.(.+)$/, 'every container registry in $1, not only yours'],
  [/^AzureContainerRegistry$/, 'every container registry, not only yours'],
  [/^MicrosoftContainerRegistry$/, 'all of MCR; its layer downloads also need AzureFrontDoor.FirstParty'],
  [/^AzureFrontDoor\.FirstParty$/, 'every Microsoft first-party service behind Front Door'],
  [/^Internet$/, 'every address outside Azure virtual networks: no restriction at all'],
];

const reachOf = (tag: string): string => {
  for (const [re, text] of TAG_REACH) if (re.test(tag)) return tag.replace(re, text);
  return `all of the ${tag} service, not one host`;
};

export interface NsgRule {
  name: string;
  properties: {
    description: string;
    protocol: 'Tcp' | 'Udp';
    access: 'Allow';
    direction: 'Outbound';
    priority: number;
    sourceAddressPrefix?: string;
    sourceAddressPrefixes?: string[];
    sourcePortRange: '*';
    destinationAddressPrefix?: string;
    destinationAddressPrefixes?: string[];
    destinationPortRange: string;
  };
}

export interface Imprecision {
  instance: string;
  needs: string[];
  opens: string;
  reach: string;
}

export const NSG_PRIORITY_MAX = 4096;

export function nsgRules(
  openings: Opening[],
  list: Pick<Allowlist, 'sources' | 'priority' | 'name'>,
): { securityRules: NsgRule[]; imprecise: Imprecision[] } {
  const entries: Entry[] = [];
  const imprecise: Imprecision[] = [];
  for (const o of openings) {
    const protocol = o.protocol === 'udp' ? 'Udp' : 'Tcp';
    if (o.addresses.length) {
      for (const a of o.addresses) entries.push({ target: `addr:${a}`, port: o.port, protocol, instance: o.instance });
      continue;
    }
    const tag = o.serviceTag ?? 'Internet';
    entries.push({ target: `tag:${tag}`, port: o.port, protocol, instance: o.instance });
    if (o.fqdns.length || !o.serviceTag) imprecise.push({ instance: o.instance, needs: o.fqdns, opens: tag, reach: reachOf(tag) });
  }
  // An NSG rule holds one service tag and one protocol: split groups where they hold more.
  const groups = groupEntries(entries).flatMap((g) =>
    (g.targetType === 'tag' ? g.targets.map((t) => [t]) : [g.targets]).flatMap((targets) =>
      g.protocols.map((p) => ({ ...g, targets, protocol: p as 'Tcp' | 'Udp' })),
    ),
  );
  const first = list.priority;
  if (first + groups.length - 1 > NSG_PRIORITY_MAX)
    throw new InputError(`--priority ${first}: ${groups.length} NSG rules would pass the highest priority ${NSG_PRIORITY_MAX}`);
  const sources = list.sources.includes('*') ? ['VirtualNetwork'] : list.sources;
  const securityRules = groups.map(
    (g, i): NsgRule => ({
      name: `${list.name}-${ruleName(g.instances)}-${g.protocol.toLowerCase()}`.slice(0, 80),
      properties: {
        description: ruleDescription(g.instances, openings),
        protocol: g.protocol,
        access: 'Allow',
        direction: 'Outbound',
        priority: first + i,
        ...(sources.length === 1 ? { sourceAddressPrefix: sources[0] } : { sourceAddressPrefixes: sources }),
        sourcePortRange: '*',
        ...(g.targets.length === 1 ? { destinationAddressPrefix: g.targets[0] } : { destinationAddressPrefixes: g.targets }),
        destinationPortRange: String(g.port),
      },
    }),
  );
  return { securityRules: uniqueNames(securityRules), imprecise };
}

/** NSG security rules (the securityRules of Microsoft.Network/networkSecurityGroups) and what they cannot say precisely. */
export function formatNsg(openings: Opening[], list: Pick<Allowlist, 'sources' | 'priority' | 'name'>): string {
  return `${JSON.stringify(nsgRules(openings, list), null, 2)}\n`;
}

export const describeImprecision = (i: Imprecision): string =>
  `${i.instance}: an NSG cannot match ${i.needs.length ? i.needs.join(', ') : 'this destination'}; it opens ${i.opens}: ${i.reach}`;
