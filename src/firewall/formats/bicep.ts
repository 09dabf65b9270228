import type { Allowlist } from '../allowlist.ts';
import { policyWire } from '../policy-model.ts';
import { headerLines } from './header.ts';

// Bicep takes the same resource body as ARM, written as Bicep literals.

/** A single-quoted Bicep string: backslash, quote and "$" escaped (so "${" never interpolates), control characters as \u{…}. */
export function bicepString(s: string): string {
  const escaped = s.replace(/[\\'$\u0000-\u001f\u007f]/g, (m) => {
    switch (m) {
      case '\\':
        return '\\\\';
      case "'":
        return "\\'";
      case '$':
        return '\\$';
      case '\n':
        return '\\n';
      case '\r':
        return '\\r';
      case '\t':
        return '\\t';
      default:
        return `\\u{${m.charCodeAt(0).toString(16)}}`;
    }
  });
  return `'${escaped}'`;
}

function literal(v: unknown, depth: number): string {
  const pad = '  '.repeat(depth);
  const inner = '  '.repeat(depth + 1);
  if (typeof v === 'string') return bicepString(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return v.length ? `[\n${v.map((x) => `${inner}${literal(x, depth + 1)}`).join('\n')}\n${pad}]` : '[]';
  const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined);
  // Keys come from our own model: plain identifiers, never user text.
  return `{\n${entries.map(([k, x]) => `${inner}${k}: ${literal(x, depth + 1)}`).join('\n')}\n${pad}}`;
}

export const BICEP_API_VERSION = '2024-05-01';

/** A Bicep file adding the rule collection group to an existing Firewall Policy. */
export function formatBicep(list: Allowlist): string {
  const wire = policyWire(list);
  const header = headerLines(list, 'a rule collection group for an existing Azure Firewall Policy').map((l) => `// ${l}`);
  return [
    ...header,
    '',
    "@description('Name of the existing Azure Firewall Policy that receives these rules.')",
    'param firewallPolicyName string',
    '',
    `resource firewallPolicy 'Microsoft.Network/firewallPolicies@${BICEP_API_VERSION}' existing = {`,
    '  name: firewallPolicyName',
    '}',
    '',
    `resource ruleCollectionGroup 'Microsoft.Network/firewallPolicies/ruleCollectionGroups@${BICEP_API_VERSION}' = {`,
    '  parent: firewallPolicy',
    `  name: ${bicepString(wire.name)}`,
    `  properties: ${literal(wire.properties, 1)}`,
    '}',
    '',
  ].join('\n');
}
