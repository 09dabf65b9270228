import { isIP } from 'node:net';
import type { Allowlist } from '../allowlist.ts';
import { groupEntries, ruleName, uniqueNames, type Entry } from '../merge.ts';
import type { Opening } from '../openings.ts';
import { InputError } from '../../errors.ts';
import { headerLines } from './header.ts';

// nftables matches addresses, not names. The names are resolved when the file
// is generated (through the profile's DNS servers, the ones the cluster uses)
// and the addresses written into each rule, with the names beside them in a
// comment. A wildcard cannot be resolved: it stands for the hosts of this
// target that the preflight probes under it. Addresses behind CDNs and Azure
// front ends change, so the file is meant to be regenerated, not edited.

export interface NftRule {
  name: string;
  /** Why the first of its requirements exists (the comment; the name already says which). */
  why: string;
  instances: string[];
  protocols: ('tcp' | 'udp')[];
  port: number;
  /** Host names to resolve. */
  names: string[];
  /** Destinations already known by address. */
  addresses: string[];
}

export const NFT_HOOKS = ['forward', 'output'] as const;
export type NftHook = (typeof NFT_HOOKS)[number];

/** What resolving one name gave: addresses, or why none. */
export interface Resolution {
  addresses: string[];
  error?: string;
}

const matches = (wildcard: string, host: string): boolean => host.endsWith(wildcard.slice(1)) && host.length > wildcard.length - 1;

/** The openings as nftables can express them: names (wildcards narrowed to probed hosts) and addresses. */
export function nftablesView(openings: Opening[]): { rules: NftRule[]; notes: string[] } {
  const entries: Entry[] = [];
  const notes: string[] = [];
  // A wildcard stands for every probed host of the target under it, whichever requirement probes it.
  const probed = [...new Set(openings.flatMap((o) => o.probedHosts))].sort();
  for (const o of openings) {
    const protocol = o.protocol === 'udp' ? 'udp' : 'tcp';
    const add = (target: string) => entries.push({ target, port: o.port, protocol, instance: o.instance });
    for (const a of o.addresses) add(`addr:${a}`);
    for (const f of o.fqdns) {
      if (!f.startsWith('*.')) {
        add(`host:${f}`);
        continue;
      }
      const hosts = probed.filter((h) => matches(f, h));
      if (!hosts.length)
        notes.push(`${o.instance}: ${f} left out: nftables cannot match a wildcard, and no host of this target falls under it`);
      for (const h of hosts) add(`host:${h}`);
    }
    if (!o.fqdns.length && !o.addresses.length)
      notes.push(
        `${o.instance}: left out: nftables has no service tags (${o.serviceTag ?? 'none given'}); add that tag's prefixes from Azure's service tags file yourself`,
      );
  }
  const rules = groupEntries(entries).map(
    (g): NftRule => ({
      name: ruleName(g.instances),
      why: openings.find((o) => o.instance === g.instances[0])?.why ?? '',
      instances: g.instances,
      protocols: g.protocols as ('tcp' | 'udp')[],
      port: g.port,
      names: g.targetType === 'host' ? g.targets : [],
      addresses: g.targetType === 'addr' ? g.targets : [],
    }),
  );
  return { rules: uniqueNames(rules), notes };
}

/** An nft comment: double-quoted with no escapes possible, at most 128 bytes, so printable ASCII without '"' or '\'. */
export function nftComment(s: string): string {
  const safe = s.replace(/[^\x20-\x7e]/g, '?').replace(/["\\]/g, "'");
  return `"${safe.slice(0, 127)}"`;
}

const byAddress = (a: string, b: string): number => {
  const key = (s: string) =>
    isIP(s.split('/')[0]) === 4
      ? s
          .split(/[./]/)
          .map((n) => n.padStart(3, '0'))
          .join('.')
      : `~${s}`;
  return key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;
};

// Tables that distributions, firewalls and container runtimes create (iptables-nft, firewalld, Docker, kube-proxy,
// libvirt, OpenWrt's fw4…): naming one is a mistake, never a wish to replace it.
const SYSTEM_TABLES = new Set([
  'filter',
  'nat',
  'mangle',
  'raw',
  'security',
  'broute',
  'firewalld',
  'firewalld_policy_drop',
  'fw4',
  'docker',
  'kube_proxy',
  'kube-proxy',
  'cilium',
  'calico',
  'libvirt_network',
  'incus',
  'lxd',
  'netavark',
  'podman',
  'crowdsec',
  'tailscale',
  'ufw',
  'nixos_fw',
]);

/** The marker of every table aml-preflight writes: its name starts with it, and its comment says so. */
export const NFT_TABLE_PREFIX = 'aml_preflight';

/** The table a --name stands for. The file replaces that table (add, delete, define) in one transaction, and nft
 *  cannot make a delete depend on a table's comment; so the name itself carries the marker: "aml_preflight" or
 *  "aml_preflight_<name>", which only aml-preflight writes. A system table's name is refused outright. */
export function nftTableName(name: string): string {
  const plain = name.toLowerCase().replace(/[^a-z0-9_]/g, '_');
  if (SYSTEM_TABLES.has(plain) || SYSTEM_TABLES.has(name.toLowerCase())) {
    throw new InputError(
      `--name: "${name}" is the name of a system nftables table, which loading the file must never replace: choose a name of your own (the table is aml_preflight_<name>)`,
    );
  }
  return plain === NFT_TABLE_PREFIX || plain.startsWith(`${NFT_TABLE_PREFIX}_`) ? plain : `${NFT_TABLE_PREFIX}_${plain}`;
}

export interface NftOptions {
  hook: NftHook;
  /** Where the names were resolved, for the header. */
  resolvedVia: string;
}

export function formatNftables(
  view: { rules: NftRule[]; notes: string[] },
  resolved: Map<string, Resolution>,
  list: Pick<Allowlist, 'sources' | 'name' | 'notes'>,
  options: NftOptions,
): string {
  const table = nftTableName(list.name);
  const sources = list.sources.filter((s) => s !== '*');
  const sourcesOf = (family: 4 | 6) => sources.filter((s) => isIP(s.split('/')[0]) === family);
  const notes = [...view.notes];
  const body: string[] = [];
  for (const rule of view.rules) {
    const found = rule.names.flatMap((n) => resolved.get(n)?.addresses ?? []);
    const addresses = [...new Set([...rule.addresses, ...found])].sort(byAddress);
    const what = [...rule.addresses, ...rule.names.map((n) => (resolved.get(n)?.error ? `${n} (${resolved.get(n)!.error})` : n))];
    body.push(`\t\t# ${rule.name}: ${what.join(', ')}`.replace(/[\r\n]/g, ' '));
    if (!addresses.length) {
      notes.push(`${rule.name}: nothing opened: no name of it resolved`);
      continue;
    }
    const l4 =
      rule.protocols.length === 1
        ? `${rule.protocols[0]} dport ${rule.port}`
        : `meta l4proto { ${rule.protocols.join(', ')} } th dport ${rule.port}`;
    for (const family of [4, 6] as const) {
      const daddr = addresses.filter((a) => isIP(a.split('/')[0]) === family);
      if (!daddr.length) continue;
      const ip = family === 4 ? 'ip' : 'ip6';
      const saddr = sourcesOf(family);
      if (sources.length && !saddr.length) continue; // no source of this family: nothing could match
      const from = saddr.length ? `${ip} saddr { ${saddr.join(', ')} } ` : '';
      body.push(`\t\t${from}${ip} daddr { ${daddr.join(', ')} } ${l4} accept comment ${nftComment(`${rule.name}: ${rule.why}`)}`);
    }
  }
  const header = headerLines({ ...list, notes }, `an nftables egress allowlist (hook ${options.hook}, everything else dropped)`, [
    `Names were resolved through ${options.resolvedVia} when this file was generated; nftables cannot match names, so regenerate when addresses change.`,
    `Load with: nft -f this-file.nft. It replaces only its own table, inet ${table} (aml-preflight's tables are named ${NFT_TABLE_PREFIX}*), and leaves every other table alone.`,
  ]).map((l) => `# ${l}`);
  const egress = [
    `\t\ttype filter hook ${options.hook} priority filter; policy drop;`,
    '\t\tct state established,related accept',
    ...(options.hook === 'output'
      ? ['\t\toifname "lo" accept', '\t\ticmpv6 type { nd-neighbor-solicit, nd-neighbor-advert, nd-router-solicit } accept']
      : []),
    '\t\tjump allow',
  ];
  return [
    '#!/usr/sbin/nft -f',
    ...header,
    '',
    // Add (a no-op when it exists) then delete: a reload replaces the table whole, a first load works too.
    `table inet ${table}`,
    `delete table inet ${table}`,
    '',
    `table inet ${table} {`,
    `\tcomment ${nftComment(`aml-preflight ${list.name}: generated, replaced whole on each load`)}`,
    '\tchain allow {',
    ...body,
    '\t}',
    '',
    '\tchain egress {',
    ...egress,
    '\t}',
    '}',
    '',
  ].join('\n');
}
