import { isIP } from 'node:net';
import type { Catalog, FirewallOpening } from '../catalog/types.ts';
import { fillTemplate, type TemplateValues } from '../catalog/template.ts';
import { parseHostPort } from '../config/formats.ts';
import { InputError } from '../errors.ts';
import type { Profile } from '../config/profile.ts';
import { planChecks } from '../plan/expand.ts';
import { SETTING_OF, targetOf } from '../plan/target.ts';
import { checkValue, plainText } from './safe-values.ts';

export type OpeningProtocol = FirewallOpening['protocol'];

/** One thing the target needs opened, with every template filled: the input of every format. */
export interface Opening {
  /** What it is for, named as the checks name it: a requirement id, "acr@myacr" for one of several, "dependency@host:port". */
  instance: string;
  requirement: string;
  why: string;
  kind: 'application' | 'network';
  protocol: OpeningProtocol;
  port: number;
  /** Host names, lower case; "*.x" wildcards allowed. */
  fqdns: string[];
  serviceTag?: string;
  fqdnTag?: string;
  /** IP addresses or prefixes, for destinations known by address (custom DNS servers, IP dependencies). */
  addresses: string[];
  /** Documented fallback when names cannot be matched: any address on this port (AKS docs: NTP "*:123"). */
  anyAddressFallback?: boolean;
  /** The concrete hosts the preflight probes for it: what a wildcard means for this target. */
  probedHosts: string[];
}

export interface CollectedOpenings {
  openings: Opening[];
  /** Requirements left out, and why (a value not configured): said to the user, never silently dropped. */
  notes: string[];
}

export interface CollectOptions {
  ruleSets?: string[];
  /** Keep only these instances (from a report's failed checks), each with the node pools
   *  that failed it (none for a run from one vantage). */
  only?: Map<string, string[]>;
}

/** The rule set that holds the cluster's own egress; NTP belongs with it. */
const AKS_EGRESS = 'aks-egress';

/** The catalog × the profile → every opening, in phase order, then the profile's own (DNS servers, dependencies). */
export function collectOpenings(catalog: Catalog, profile: Profile, options: CollectOptions = {}): CollectedOpenings {
  const target = targetOf(profile);
  const ruleSets = options.ruleSets ?? profile.ruleSets;
  // The plan decides which requirements apply (when: auth, custom domain…) and which hosts are probed.
  const checks = planChecks(catalog, target, { ruleSets, dependencies: profile.dependencies });
  const probed = new Map<string, Set<string>>();
  for (const c of checks) {
    if (!c.host) continue;
    const instance = c.id.slice(0, c.id.lastIndexOf('/'));
    if (!probed.has(instance)) probed.set(instance, new Set());
    probed.get(instance)!.add(c.host);
  }
  const applied = [...new Set(checks.map((c) => c.requirement))];
  const openings: Opening[] = [];
  const notes: string[] = [];

  for (const id of applied) {
    const r = catalog.byId.get(id);
    if (!r?.firewall) continue;
    const fw = r.firewall;
    const instances: { instance: string; values: TemplateValues }[] =
      r.each === undefined
        ? [{ instance: r.id, values: target.values }]
        : (r.each === 'acr' ? target.acrs : target.storageAccounts).map((v) => ({
            instance: `${r.id}@${v}`,
            values: { ...target.values, [r.each!]: v },
          }));
    if (instances.length === 0) notes.push(`${r.id}: left out, not configured: set ${SETTING_OF[r.each!]}`);
    for (const { instance, values } of instances) {
      const filled = (fw.fqdns ?? []).map((t) => fillTemplate(t, values));
      const tag = fw.serviceTag ? fillTemplate(fw.serviceTag, values) : undefined;
      const missing = [...new Set([...filled.flatMap((f) => f.missing), ...(tag?.missing ?? [])])];
      const unknown = missing.find((m) => !(m in SETTING_OF));
      if (unknown) throw new InputError(`rule set ${r.ruleSet}: ${r.id}.firewall: unknown template variable {${unknown}}`);
      if (missing.length) {
        notes.push(`${instance}: left out, not configured: set ${missing.map((m) => SETTING_OF[m]).join(' and ')}`);
        continue;
      }
      const where = `rule set ${r.ruleSet}: ${r.id}.firewall`;
      openings.push({
        instance,
        requirement: r.id,
        why: plainText(r.why ?? r.title),
        kind: fw.kind,
        protocol: fw.protocol,
        port: fw.port,
        fqdns: unique(filled.map((f) => checkValue('fqdn', f.value!.toLowerCase(), `${where}.fqdns`))),
        serviceTag: tag && checkValue('tag', tag.value!, `${where}.serviceTag`),
        fqdnTag: fw.fqdnTag && checkValue('tag', fw.fqdnTag, `${where}.fqdnTag`),
        addresses: [],
        probedHosts: [...(probed.get(instance) ?? [])].sort(),
      });
    }
  }

  openings.push(...profileOpenings(profile, ruleSets ?? catalog.ruleSets.filter((s) => s.default).map((s) => s.ruleSet), openings, probed));
  const only = options.only;
  const kept = only
    ? openings
        .filter((o) => only.has(o.instance))
        .map((o) =>
          only.get(o.instance)!.length ? { ...o, why: `${o.why} (failed from node pools ${only.get(o.instance)!.join(', ')})` } : o,
        )
    : openings;
  return { openings: kept, notes };
}

/** Openings that come from the profile rather than from a requirement. */
function profileOpenings(profile: Profile, ruleSets: string[], fromCatalog: Opening[], probed: Map<string, Set<string>>): Opening[] {
  const out: Opening[] = [];
  // Every DNS check asks these servers: without them open, nothing resolves.
  const servers = (profile.dns?.servers ?? []).map((s) => parseHostPort(s, 53)!);
  for (const port of unique(servers.map((s) => s.port))) {
    const addresses = unique(servers.filter((s) => s.port === port).map((s) => checkValue('address', s.host, 'dns.servers')));
    for (const protocol of ['udp', 'tcp'] as const) {
      out.push({
        instance: 'custom-dns',
        requirement: 'custom-dns',
        why: 'The custom DNS servers (dns.servers) answer every name the nodes and pods look up; TCP for long answers.',
        kind: 'network',
        protocol,
        port,
        fqdns: [],
        addresses,
        probedHosts: [],
      });
    }
  }
  // AKS's required network rules list NTP beside the tunnel; the catalog has no entry for it yet.
  const catalogHasNtp = fromCatalog.some((o) => o.protocol === 'udp' && o.port === 123);
  if (ruleSets.includes(AKS_EGRESS) && !catalogHasNtp) {
    out.push({
      instance: 'aks-ntp',
      requirement: 'aks-ntp',
      why: 'Linux nodes keep their clocks in sync with ntp.ubuntu.com (AKS required network rules).',
      kind: 'network',
      protocol: 'udp',
      port: 123,
      fqdns: ['ntp.ubuntu.com'],
      addresses: [],
      anyAddressFallback: true,
      probedHosts: [],
    });
  }
  for (const raw of profile.dependencies ?? []) {
    const url = new URL(raw);
    const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
    const port = Number(url.port) || (url.protocol === 'http:' ? 80 : 443);
    const instance = `dependency@${host}:${port}`;
    if (out.some((o) => o.instance === instance)) continue;
    const byAddress = isIP(host) !== 0;
    out.push({
      instance,
      requirement: 'dependency',
      why: `The model's own dependency ${url.protocol}//${url.host} (dependencies in the profile).`,
      kind: url.protocol === 'tcp:' || byAddress ? 'network' : 'application',
      protocol: url.protocol === 'https:' ? 'https' : url.protocol === 'http:' ? 'http' : 'tcp',
      port,
      fqdns: byAddress ? [] : [checkValue('fqdn', host, 'dependencies')],
      addresses: byAddress ? [checkValue('address', host, 'dependencies')] : [],
      probedHosts: [...(probed.get(instance) ?? [host])].sort(),
    });
  }
  return out;
}

const unique = <T>(list: T[]): T[] => [...new Set(list)];
