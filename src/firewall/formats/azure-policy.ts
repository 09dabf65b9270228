import type { Allowlist } from '../allowlist.ts';
import { policyWire } from '../policy-model.ts';

/** A Firewall Policy rule collection group, as ARM takes it (REST body, ARM template resource). */
export const formatAzurePolicy = (list: Allowlist): string => `${JSON.stringify(policyWire(list), null, 2)}\n`;
