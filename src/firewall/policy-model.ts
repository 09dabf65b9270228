// Types only: nothing of the SDK loads at run time here, so `firewall generate` stays light.
import type {
  ApplicationRule,
  FirewallPolicyFilterRuleCollection,
  FirewallPolicyRuleCollectionGroup,
  NetworkRule,
} from '@azure/arm-network/models/network';
import { COLLECTION_PRIORITY, collectionName, type Allowlist } from './allowlist.ts';

/** The rule collection group as the SDK's model has it: what `firewall apply` PUTs. */
export function policyModel(list: Allowlist): FirewallPolicyRuleCollectionGroup {
  const collections: FirewallPolicyFilterRuleCollection[] = [];
  if (list.network.length) {
    collections.push({
      ruleCollectionType: 'FirewallPolicyFilterRuleCollection',
      name: collectionName(list, 'network'),
      priority: COLLECTION_PRIORITY.network,
      action: { type: 'Allow' },
      rules: list.network.map(
        (r): NetworkRule => ({
          ruleType: 'NetworkRule',
          name: r.name,
          description: r.description,
          ipProtocols: r.ipProtocols,
          sourceAddresses: list.sources,
          ...(r.destinationAddresses.length ? { destinationAddresses: r.destinationAddresses } : {}),
          ...(r.destinationFqdns.length ? { destinationFqdns: r.destinationFqdns } : {}),
          destinationPorts: [String(r.port)],
        }),
      ),
    });
  }
  if (list.application.length) {
    collections.push({
      ruleCollectionType: 'FirewallPolicyFilterRuleCollection',
      name: collectionName(list, 'application'),
      priority: COLLECTION_PRIORITY.application,
      action: { type: 'Allow' },
      rules: list.application.map(
        (r): ApplicationRule => ({
          ruleType: 'ApplicationRule',
          name: r.name,
          description: r.description,
          sourceAddresses: list.sources,
          protocols: r.protocols.map((protocolType) => ({ protocolType, port: r.port })),
          ...(r.targetFqdns.length ? { targetFqdns: r.targetFqdns } : {}),
          ...(r.fqdnTags.length ? { fqdnTags: r.fqdnTags } : {}),
        }),
      ),
    });
  }
  return { name: list.name, priority: list.priority, ruleCollections: collections };
}

/** The ARM resource as it goes over the wire (and into an ARM template): properties nested. */
export function policyWire(list: Allowlist): { name: string; properties: { priority: number; ruleCollections: unknown[] } } {
  const model = policyModel(list);
  return { name: list.name, properties: { priority: list.priority, ruleCollections: model.ruleCollections ?? [] } };
}
