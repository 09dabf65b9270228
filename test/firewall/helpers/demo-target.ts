import type { Profile } from '../../../src/config/profile.ts';
import { startLab } from '../../../src/lab/lab.ts';

/** The demo's made-up target, as the lab describes it, with the cluster's own egress on. */
export async function demoTarget(dnsServer = '198.18.0.53'): Promise<Profile> {
  const lab = await startLab();
  await lab.stop();
  return { ...lab.target, dns: { servers: [dnsServer] }, ruleSets: ['aml', 'aks-egress'] };
}

type RuleBase = { name: string; description: string; sourceAddresses: string[]; collection: string };
/** A network rule of an azure-policy document, as these tests read it. */
export type PolicyNetworkRule = RuleBase & {
  ruleType: 'NetworkRule';
  ipProtocols: string[];
  destinationPorts: string[];
  destinationAddresses?: string[];
  destinationFqdns?: string[];
  protocols?: undefined;
  targetFqdns?: undefined;
  fqdnTags?: undefined;
};
/** An application rule of an azure-policy document, as these tests read it. */
export type PolicyApplicationRule = RuleBase & {
  ruleType: 'ApplicationRule';
  protocols: { protocolType: string; port: number }[];
  targetFqdns: string[];
  fqdnTags?: string[];
  destinationAddresses?: undefined;
  destinationFqdns?: undefined;
};
export type PolicyRule = PolicyNetworkRule | PolicyApplicationRule;
type PolicyDocument = { properties: { ruleCollections: { name: string; rules: PolicyRule[] }[] } };

/** Every rule of an azure-policy document, with its collection. */
export const policyRules = (doc: unknown): PolicyRule[] =>
  (doc as PolicyDocument).properties.ruleCollections.flatMap((c) => c.rules.map((r) => ({ ...r, collection: c.name })));
