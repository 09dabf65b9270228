import type { FirewallPolicyRuleCollectionGroup } from '@azure/arm-network/models/network';

// What would change: rule collections and rules compared by name, each rule
// by its meaningful fields. Azure echoes defaults ([] and false) we never
// send, so those count as absent.

export interface GroupDiff {
  lines: string[];
  changed: boolean;
  counts: { add: number; change: number; remove: number };
}

type Json = Record<string, unknown>;

function normalize(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalize);
  if (value && typeof value === 'object') {
    const out: Json = {};
    for (const key of Object.keys(value).sort()) {
      const v = normalize((value as Json)[key]);
      if (v === undefined || v === null || v === false || v === '' || (Array.isArray(v) && v.length === 0)) continue;
      out[key] = v;
    }
    return out;
  }
  return value;
}

const READ_ONLY = new Set(['etag', 'id', 'type', 'size', 'provisioningState']);

function summary(rule: Json): string {
  const protocols = (
    (rule.protocols as { protocolType: string; port: number }[] | undefined)?.map((p) => `${p.protocolType}:${p.port}`) ??
    (rule.ipProtocols as string[] | undefined) ??
    []
  ).join(',');
  const ports = (rule.destinationPorts as string[] | undefined)?.join(',');
  const targets = [
    ...((rule.targetFqdns as string[]) ?? []),
    ...((rule.fqdnTags as string[]) ?? []).map((t) => `tag ${t}`),
    ...((rule.destinationAddresses as string[]) ?? []),
    ...((rule.destinationFqdns as string[]) ?? []),
  ];
  return `${protocols}${ports ? ` ${ports}` : ''} from ${((rule.sourceAddresses as string[]) ?? []).join(',')} to ${targets.join(', ')}`;
}

const byName = (list: unknown[] | undefined): Map<string, Json> =>
  new Map((list ?? []).map((x) => [String((x as Json).name), normalize(x) as Json]));

function fieldChanges(before: Json, after: Json): string[] {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])]
    .filter((k) => !READ_ONLY.has(k) && k !== 'rules' && k !== 'name')
    .sort();
  return keys
    .filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]))
    .map((k) => `${k} ${JSON.stringify(before[k] ?? null)} -> ${JSON.stringify(after[k] ?? null)}`);
}

/** The difference from what Azure has (undefined: no such group yet) to what we want. */
export function diffGroup(current: FirewallPolicyRuleCollectionGroup | undefined, desired: FirewallPolicyRuleCollectionGroup): GroupDiff {
  const lines: string[] = [];
  const counts = { add: 0, change: 0, remove: 0 };
  if (!current) lines.push(`+ rule collection group ${desired.name} (priority ${desired.priority}): new`);
  else if (current.priority !== desired.priority) {
    lines.push(`~ rule collection group ${desired.name}: priority ${current.priority} -> ${desired.priority}`);
    counts.change++;
  }
  const before = byName(current?.ruleCollections);
  const after = byName(desired.ruleCollections);
  for (const [name, want] of after) {
    const have = before.get(name);
    const changes = have ? fieldChanges(have, want) : [];
    if (!have) lines.push(`+ collection ${name} (priority ${want.priority}, ${(want.action as Json)?.type})`);
    else if (changes.length) {
      lines.push(`~ collection ${name}: ${changes.join('; ')}`);
      counts.change++;
    }
    const haveRules = byName(have?.rules as unknown[]);
    const wantRules = byName(want.rules as unknown[]);
    for (const [ruleName, rule] of wantRules) {
      const old = haveRules.get(ruleName);
      if (!old) {
        lines.push(`+ ${name}/${ruleName}: ${summary(rule)}`);
        counts.add++;
        continue;
      }
      const ruleChanges = fieldChanges(old, rule);
      if (ruleChanges.length) {
        lines.push(`~ ${name}/${ruleName}: ${ruleChanges.join('; ')}`);
        counts.change++;
      }
    }
    for (const [ruleName, rule] of haveRules) {
      if (!wantRules.has(ruleName)) {
        lines.push(`- ${name}/${ruleName}: ${summary(rule)}`);
        counts.remove++;
      }
    }
  }
  for (const [name, have] of before) {
    if (after.has(name)) continue;
    lines.push(`- collection ${name} with ${((have.rules as unknown[]) ?? []).length} rules`);
    counts.remove += ((have.rules as unknown[]) ?? []).length || 1;
  }
  return { lines, changed: lines.length > 0, counts };
}
