import { COLLECTION_PRIORITY, collectionName, type Allowlist } from '../allowlist.ts';
import { headerLines } from './header.ts';
import { renderHcl, type HclItem } from './hcl.ts';

/** An azurerm_firewall_policy_rule_collection_group resource, formatted as `terraform fmt` would. */
export function formatTerraform(list: Allowlist): string {
  const collection = (kind: 'network' | 'application', rules: HclItem[]): HclItem[] => [
    { blank: true },
    {
      block: `${kind}_rule_collection`,
      body: [
        { attribute: 'name', value: collectionName(list, kind) },
        { attribute: 'priority', value: COLLECTION_PRIORITY[kind] },
        { attribute: 'action', value: 'Allow' },
        ...rules.flatMap((r): HclItem[] => [{ blank: true }, r]),
      ],
    },
  ];
  const networkRules = list.network.map(
    (r): HclItem => ({
      block: 'rule',
      body: [
        { attribute: 'name', value: r.name },
        { attribute: 'description', value: r.description },
        { attribute: 'protocols', value: r.ipProtocols },
        { attribute: 'source_addresses', value: list.sources },
        ...(r.destinationAddresses.length ? [{ attribute: 'destination_addresses', value: r.destinationAddresses }] : []),
        ...(r.destinationFqdns.length ? [{ attribute: 'destination_fqdns', value: r.destinationFqdns }] : []),
        { attribute: 'destination_ports', value: [String(r.port)] },
      ],
    }),
  );
  const applicationRules = list.application.map(
    (r): HclItem => ({
      block: 'rule',
      body: [
        { attribute: 'name', value: r.name },
        { attribute: 'description', value: r.description },
        { attribute: 'source_addresses', value: list.sources },
        ...(r.targetFqdns.length ? [{ attribute: 'destination_fqdns', value: r.targetFqdns }] : []),
        ...(r.fqdnTags.length ? [{ attribute: 'destination_fqdn_tags', value: r.fqdnTags }] : []),
        ...r.protocols.flatMap((type): HclItem[] => [
          { blank: true },
          {
            block: 'protocols',
            body: [
              { attribute: 'type', value: type },
              { attribute: 'port', value: r.port },
            ],
          },
        ]),
      ],
    }),
  );
  const resourceLabel = list.name
    .toLowerCase()
    .replace(/[^a-z0-9_]/g, '_')
    .replace(/^([^a-z_])/, '_$1');
  const header = headerLines(list, 'an azurerm_firewall_policy_rule_collection_group for an existing Firewall Policy').map((l) => `# ${l}`);
  return `${header.join('\n')}\n\n${renderHcl([
    {
      block: 'variable',
      labels: ['firewall_policy_id'],
      body: [
        { attribute: 'type', value: { expression: 'string' } },
        { attribute: 'description', value: 'Resource ID of the existing Azure Firewall Policy that receives these rules.' },
      ],
    },
    { blank: true },
    {
      block: 'resource',
      labels: ['azurerm_firewall_policy_rule_collection_group', resourceLabel],
      body: [
        { attribute: 'name', value: list.name },
        { attribute: 'firewall_policy_id', value: { expression: 'var.firewall_policy_id' } },
        { attribute: 'priority', value: list.priority },
        ...(list.network.length ? collection('network', networkRules) : []),
        ...(list.application.length ? collection('application', applicationRules) : []),
      ],
    },
  ])}`;
}
