import { InputError } from '../../errors.ts';

export interface PolicyId {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
}

const SEGMENT = '[^/?#\\s]+';
const POLICY_ID = new RegExp(
  `^/subscriptions/(${SEGMENT})/resourceGroups/(${SEGMENT})/providers/Microsoft\\.Network/firewallPolicies/(${SEGMENT})/?$`,
  'i',
);

/** Parses a Firewall Policy resource ID, as the portal's "JSON view" or `az network firewall policy show --query id` gives it. */
export function parsePolicyId(id: string): PolicyId {
  const m = POLICY_ID.exec(id.trim());
  if (!m || !/^[0-9a-f-]{36}$/i.test(m[1]) || !/^[-\w._()]{1,90}$/.test(m[2]) || !/^[A-Za-z0-9][A-Za-z0-9_.-]{0,79}$/.test(m[3])) {
    throw new InputError(
      `--policy: ${JSON.stringify(id).slice(0, 120)} is not a Firewall Policy resource ID (/subscriptions/SUBSCRIPTION-GUID/resourceGroups/GROUP/providers/Microsoft.Network/firewallPolicies/NAME)`,
    );
  }
  return { subscriptionId: m[1], resourceGroup: m[2], name: m[3] };
}
