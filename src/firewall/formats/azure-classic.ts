import { COLLECTION_PRIORITY, collectionName, type Allowlist } from '../allowlist.ts';

/** The rule collections of a classic Azure Firewall (properties of Microsoft.Network/azureFirewalls). */
export function formatAzureClassic(list: Allowlist): string {
  const action = { type: 'Allow' };
  const networkRuleCollections = list.network.length
    ? [
        {
          name: collectionName(list, 'network'),
          properties: {
            priority: list.priority + COLLECTION_PRIORITY.network,
            action,
            rules: list.network.map((r) => ({
              name: r.name,
              description: r.description,
              protocols: r.ipProtocols,
              sourceAddresses: list.sources,
              ...(r.destinationAddresses.length ? { destinationAddresses: r.destinationAddresses } : {}),
              ...(r.destinationFqdns.length ? { destinationFqdns: r.destinationFqdns } : {}),
              destinationPorts: [String(r.port)],
            })),
          },
        },
      ]
    : [];
  const applicationRuleCollections = list.application.length
    ? [
        {
          name: collectionName(list, 'application'),
          properties: {
            priority: list.priority + COLLECTION_PRIORITY.application,
            action,
            rules: list.application.map((r) => ({
              name: r.name,
              description: r.description,
              sourceAddresses: list.sources,
              protocols: r.protocols.map((protocolType) => ({ protocolType, port: r.port })),
              ...(r.targetFqdns.length ? { targetFqdns: r.targetFqdns } : {}),
              ...(r.fqdnTags.length ? { fqdnTags: r.fqdnTags } : {}),
            })),
          },
        },
      ]
    : [];
  return `${JSON.stringify({ applicationRuleCollections, networkRuleCollections }, null, 2)}\n`;
}
