import { createHash } from 'node:crypto';

// Merging: a destination needed by several requirements is opened once, by one
// rule that names them all, and destinations needed by the same requirements
// on the same port and protocols share a rule. Exact: a rule never opens a
// destination, port or protocol that none of its requirements asked for.

/** One destination one requirement instance needs: "fqdn:x", "tag:x", "fqdnTag:x" or "addr:x". */
export interface Entry {
  target: string;
  port: number;
  protocol: string;
  instance: string;
}

export interface Group {
  /** Kind of every target in the group: the part before ':'. */
  targetType: string;
  /** The targets without their type prefix, in first-seen order. */
  targets: string[];
  port: number;
  protocols: string[];
  instances: string[];
}

const key = (parts: (string | number)[]): string => JSON.stringify(parts);

/** Groups entries into rules; the order follows the entries' order (the catalog's phase order), so output is stable. */
export function groupEntries(entries: Entry[]): Group[] {
  const instancesOf = new Map<string, string[]>();
  for (const e of entries) {
    const k = key([e.target, e.port, e.protocol]);
    const list = instancesOf.get(k) ?? [];
    if (!list.includes(e.instance)) list.push(e.instance);
    instancesOf.set(k, list);
  }
  const protocolsOf = new Map<string, { target: string; port: number; instances: string[]; protocols: string[] }>();
  for (const [k, instances] of instancesOf) {
    const [target, port, protocol] = JSON.parse(k) as [string, number, string];
    const k2 = key([target, port, ...instances]);
    const item = protocolsOf.get(k2) ?? { target, port, instances, protocols: [] };
    item.protocols.push(protocol);
    protocolsOf.set(k2, item);
  }
  const groups = new Map<string, Group>();
  for (const { target, port, instances, protocols } of protocolsOf.values()) {
    const targetType = target.slice(0, target.indexOf(':'));
    const sortedProtocols = [...protocols].sort();
    const k3 = key([targetType, port, sortedProtocols.join(','), ...instances]);
    const group = groups.get(k3) ?? { targetType, targets: [], port, protocols: sortedProtocols, instances };
    group.targets.push(target.slice(targetType.length + 1));
    groups.set(k3, group);
  }
  return [...groups.values()];
}

/** A deterministic rule name from the instances it serves, valid for Azure (80 characters, [A-Za-z0-9_.-]). */
export function ruleName(instances: string[], suffix = ''): string {
  const base = `${instances.map((i) => i.replace(/[^A-Za-z0-9_.-]+/g, '-')).join('_')}${suffix}`
    .replace(/^[^A-Za-z0-9]+/, '')
    .replace(/[^A-Za-z0-9_]+$/, '');
  if (base.length <= 80 && base.length > 0) return base;
  const hash = createHash('sha256')
    .update(instances.join('\n') + suffix)
    .digest('hex')
    .slice(0, 8);
  return `${base.slice(0, 71).replace(/[^A-Za-z0-9_]+$/, '')}-${hash}`;
}

/** Names stay unique inside a rule collection group: a repeat gets -2, -3… */
export function uniqueNames<T extends { name: string }>(rules: T[], taken = new Set<string>()): T[] {
  for (const r of rules) {
    let name = r.name;
    for (let n = 2; taken.has(name); n++) name = `${r.name.slice(0, 76)}-${n}`;
    taken.add(name);
    r.name = name;
  }
  return rules;
}
