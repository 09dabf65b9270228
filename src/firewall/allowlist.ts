import { groupEntries, ruleName, uniqueNames, type Entry } from './merge.ts';
import type { Opening } from './openings.ts';
import { checkValue, plainText } from './safe-values.ts';

// The Azure Firewall view of the openings: application rules for names on
// HTTP(S), network rules for everything else. Every Azure format (policy,
// classic, Terraform, Bicep, az CLI) renders this one structure.

export interface ApplicationRuleSpec {
  name: string;
  description: string;
  instances: string[];
  protocols: ('Https' | 'Http')[];
  port: number;
  targetFqdns: string[];
  fqdnTags: string[];
}

export interface NetworkRuleSpec {
  name: string;
  description: string;
  instances: string[];
  ipProtocols: ('TCP' | 'UDP')[];
  port: number;
  /** IP addresses, prefixes, '*' or service tags. */
  destinationAddresses: string[];
  /** Only with the policy's DNS proxy on. */
  destinationFqdns: string[];
}

export interface AllowlistOptions {
  /** Rule collection group name (also the collections' name prefix). */
  name: string;
  priority: number;
  sources: string[];
  /** Use FQDN tags (AzureKubernetesService) where a requirement names one. */
  fqdnTags: boolean;
  /** The policy's DNS proxy is on: network rules may name FQDNs. */
  dnsProxy: boolean;
}

export interface Allowlist extends AllowlistOptions {
  application: ApplicationRuleSpec[];
  network: NetworkRuleSpec[];
  /** What could not be expressed, or was expressed wider than asked: said to the user. */
  notes: string[];
}

export const DEFAULT_GROUP_NAME = 'aml-preflight';
export const DEFAULT_GROUP_PRIORITY = 500;
/** Network rules are evaluated before application rules anyway; the priorities say so too. */
export const COLLECTION_PRIORITY = { network: 100, application: 200 } as const;

export const collectionName = (list: Pick<Allowlist, 'name'>, kind: 'network' | 'application'): string =>
  `${list.name}-${kind}`.slice(0, 80);

/** A rule's description: which requirements it serves and why the first one exists. */
export function ruleDescription(instances: string[], openings: Opening[]): string {
  const why = openings.find((o) => o.instance === instances[0])?.why ?? '';
  return plainText(`${instances.join(', ')}: ${why}`);
}

export function buildAllowlist(openings: Opening[], options: AllowlistOptions): Allowlist {
  checkValue('name', options.name, '--name');
  for (const s of options.sources) checkValue('address', s, '--source');
  const notes: string[] = [];
  const app: Entry[] = [];
  const net: Entry[] = [];
  for (const o of openings) {
    const web = o.protocol === 'https' || o.protocol === 'http';
    if (o.kind === 'application' && web && (o.fqdns.length || (options.fqdnTags && o.fqdnTag))) {
      const protocol = o.protocol === 'https' ? 'Https' : 'Http';
      if (options.fqdnTags && o.fqdnTag) app.push({ target: `fqdnTag:${o.fqdnTag}`, port: o.port, protocol, instance: o.instance });
      else for (const f of o.fqdns) app.push({ target: `fqdn:${f}`, port: o.port, protocol, instance: o.instance });
      continue;
    }
    const protocol = o.protocol === 'udp' ? 'UDP' : 'TCP';
    const add = (target: string) => net.push({ target, port: o.port, protocol, instance: o.instance });
    for (const a of o.addresses) add(`addr:${a}`);
    if (!o.fqdns.length) {
      if (o.serviceTag) add(`addr:${o.serviceTag}`);
      else if (!o.addresses.length) notes.push(`${o.instance}: left out: it names no host, address or service tag`);
      continue;
    }
    const wildcard = o.fqdns.some((f) => f.startsWith('*.'));
    if (options.dnsProxy && !wildcard) {
      for (const f of o.fqdns) add(`fqdn:${f}`);
    } else if (o.serviceTag) add(`addr:${o.serviceTag}`);
    else if (o.anyAddressFallback) {
      add('addr:*');
      notes.push(
        `${o.instance}: opened to any address on ${protocol} ${o.port}, as AKS documents; with --dns-proxy it is limited to ${o.fqdns.join(', ')}`,
      );
    } else {
      notes.push(
        `${o.instance}: left out: ${o.fqdns.join(', ')} on ${protocol} ${o.port} needs an FQDN network rule (turn on the policy's DNS proxy and pass --dns-proxy) or an address`,
      );
    }
  }

  const application = groupEntries(app).map(
    (g): ApplicationRuleSpec => ({
      name: ruleName(g.instances, g.targetType === 'fqdnTag' ? '-fqdn-tag' : ''),
      description: ruleDescription(g.instances, openings),
      instances: g.instances,
      protocols: g.protocols as ('Https' | 'Http')[],
      port: g.port,
      targetFqdns: g.targetType === 'fqdn' ? g.targets : [],
      fqdnTags: g.targetType === 'fqdnTag' ? g.targets : [],
    }),
  );
  const network = groupEntries(net).map(
    (g): NetworkRuleSpec => ({
      name: ruleName(g.instances),
      description: ruleDescription(g.instances, openings),
      instances: g.instances,
      ipProtocols: g.protocols as ('TCP' | 'UDP')[],
      port: g.port,
      destinationAddresses: g.targetType === 'addr' ? g.targets : [],
      destinationFqdns: g.targetType === 'fqdn' ? g.targets : [],
    }),
  );
  const taken = new Set<string>();
  return { ...options, application: uniqueNames(application, taken), network: uniqueNames(network, taken), notes };
}
