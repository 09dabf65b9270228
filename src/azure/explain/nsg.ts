import type { ArmResource } from '../snapshot.ts';
import { anyAddress, portMatch, sourceMatch } from './address-match.ts';
import { allOf, firstMatch, maybe, NO, YES, type Decision, type Match } from './first-match.ts';
import type { AddressContext, Flow } from './flow.ts';
import { props, strings } from './topology.ts';

// The subnet NSG's outbound rules and Azure's default rules, by priority:
// the first match decides. ASG destinations are not resolved (maybe).

export interface SecurityRule {
  id: string | null;
  name: string;
  priority: number;
  access: 'Allow' | 'Deny';
  protocol: string;
  sourceAddressPrefixes: string[];
  destinationAddressPrefixes: string[];
  destinationPortRanges: string[];
  destinationAsgs: number;
  isDefault: boolean;
}

/** Azure's default outbound rules, present on every NSG (ARM lists them as defaultSecurityRules). */
export const DEFAULT_OUTBOUND: Omit<SecurityRule, 'id'>[] = [
  {
    name: 'AllowVnetOutBound',
    priority: 65000,
    access: 'Allow',
    protocol: '*',
    sourceAddressPrefixes: ['VirtualNetwork'],
    destinationAddressPrefixes: ['VirtualNetwork'],
    destinationPortRanges: ['*'],
    destinationAsgs: 0,
    isDefault: true,
  },
  {
    name: 'AllowInternetOutBound',
    priority: 65001,
    access: 'Allow',
    protocol: '*',
    sourceAddressPrefixes: ['*'],
    destinationAddressPrefixes: ['Internet'],
    destinationPortRanges: ['*'],
    destinationAsgs: 0,
    isDefault: true,
  },
  {
    name: 'DenyAllOutBound',
    priority: 65500,
    access: 'Deny',
    protocol: '*',
    sourceAddressPrefixes: ['*'],
    destinationAddressPrefixes: ['*'],
    destinationPortRanges: ['*'],
    destinationAsgs: 0,
    isDefault: true,
  },
];

function toRule(r: ArmResource, isDefault: boolean): SecurityRule | undefined {
  const p = props(r);
  if (String(p.direction ?? '').toLowerCase() !== 'outbound') return undefined;
  return {
    id: r.id ?? null,
    name: r.name,
    priority: Number(p.priority),
    access: String(p.access).toLowerCase() === 'deny' ? 'Deny' : 'Allow',
    protocol: String(p.protocol ?? '*'),
    sourceAddressPrefixes: [...strings(p.sourceAddressPrefix), ...strings(p.sourceAddressPrefixes)],
    destinationAddressPrefixes: [...strings(p.destinationAddressPrefix), ...strings(p.destinationAddressPrefixes)],
    destinationPortRanges: [...strings(p.destinationPortRange), ...strings(p.destinationPortRanges)],
    destinationAsgs: ((p.destinationApplicationSecurityGroups as unknown[] | undefined) ?? []).length,
    isDefault,
  };
}

/** The outbound rules in the order Azure applies them; default rules from ARM when listed, else Azure's built-ins. */
export function outboundRules(nsg: ArmResource): SecurityRule[] {
  const p = props(nsg);
  const own = ((p.securityRules as ArmResource[] | undefined) ?? []).map((r) => toRule(r, false));
  const listed = ((p.defaultSecurityRules as ArmResource[] | undefined) ?? []).map((r) => toRule(r, true)).filter((r) => r !== undefined);
  const defaults = listed.length ? listed : DEFAULT_OUTBOUND.map((d) => ({ ...d, id: `${nsg.id}/defaultSecurityRules/${d.name}` }));
  return [...own.filter((r) => r !== undefined), ...defaults].sort((a, b) => a.priority - b.priority);
}

function protocolMatch(protocol: string, flow: Flow): Match {
  const p = protocol.toLowerCase();
  return p === '*' || p === flow.protocol ? YES : NO;
}

export function ruleMatch(rule: SecurityRule, flow: Flow, subnetPrefixes: string[], context: AddressContext): Match {
  const destination = rule.destinationAsgs
    ? maybe(`rule ${rule.name} names application security groups, whose members the snapshot does not resolve`)
    : anyAddress(rule.destinationAddressPrefixes, flow, context);
  return allOf(
    protocolMatch(rule.protocol, flow),
    portMatch(rule.destinationPortRanges, flow.port),
    sourceMatch(rule.sourceAddressPrefixes, subnetPrefixes),
    destination,
  );
}

export function evaluateNsg(nsg: ArmResource, flow: Flow, subnetPrefixes: string[], context: AddressContext): Decision<SecurityRule> {
  const entries = outboundRules(nsg).map((item) => ({ item, action: item.access === 'Allow' ? ('allow' as const) : ('deny' as const) }));
  return firstMatch(entries, (rule) => ruleMatch(rule, flow, subnetPrefixes, context), 'deny');
}
