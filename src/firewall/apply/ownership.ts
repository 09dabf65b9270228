import type { FirewallPolicyRuleCollectionGroup } from '@azure/arm-network/models/network';
import { collectionName } from '../allowlist.ts';

/** A group aml-preflight wrote holds only the collections it names after the group (NAME-network, NAME-application;
 *  firewall generate writes the same): ARM keeps no tags on rule collection groups, so the names are the mark. */
export function isOwnGroup(group: FirewallPolicyRuleCollectionGroup, name: string): boolean {
  const ours = new Set([collectionName({ name }, 'network'), collectionName({ name }, 'application')]);
  const collections = group.ruleCollections ?? [];
  return collections.length > 0 && collections.every((c) => ours.has(c.name ?? ''));
}
