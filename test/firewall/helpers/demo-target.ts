import type { Profile } from '../../../src/config/profile.ts';
import { startLab } from '../../../src/lab/lab.ts';

/** The demo's made-up target, as the lab describes it, with the cluster's own egress on. */
export async function demoTarget(dnsServer = '198.18.0.53'): Promise<Profile> {
  const lab = await startLab();
  await lab.stop();
  return { ...lab.target, dns: { servers: [dnsServer] }, ruleSets: ['aml', 'aks-egress'] };
}

type Json = Record<string, any>;

/** Every rule of an azure-policy document, with its collection. */
export const policyRules = (doc: Json): Json[] =>
  doc.properties.ruleCollections.flatMap((c: Json) => c.rules.map((r: Json) => ({ ...r, collection: c.name })));
