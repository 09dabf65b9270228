import type { ApplicationRule, FirewallPolicyFilterRuleCollection, NetworkRule } from '@azure/arm-network/models/network';
import type { Allowlist } from '../allowlist.ts';
import { policyModel } from '../policy-model.ts';

/** The rule collections of a classic Azure Firewall (properties of Microsoft.Network/azureFirewalls):
 *  the policy's rules in the classic shape, so both formats always open the same. */
export function formatAzureClassic(list: Allowlist): string {
  const collections = (policyModel(list).ruleCollections ?? []) as FirewallPolicyFilterRuleCollection[];
  const classic = (c: FirewallPolicyFilterRuleCollection, rules: unknown[]) => ({
    name: c.name,
    // Classic collections have no group: the group's priority is added to each.
    properties: { priority: list.priority + c.priority!, action: c.action, rules },
  });
  const networkRuleCollections = collections
    .filter((c) => c.rules?.[0]?.ruleType === 'NetworkRule')
    .map((c) =>
      classic(
        c,
        (c.rules as NetworkRule[]).map(({ ruleType, ipProtocols, ...r }) => ({
          name: r.name,
          description: r.description,
          protocols: ipProtocols,
          ...r,
        })),
      ),
    );
  const applicationRuleCollections = collections
    .filter((c) => c.rules?.[0]?.ruleType === 'ApplicationRule')
    .map((c) =>
      classic(
        c,
        (c.rules as ApplicationRule[]).map(({ ruleType, ...r }) => r),
      ),
    );
  return `${JSON.stringify({ applicationRuleCollections, networkRuleCollections }, null, 2)}\n`;
}
