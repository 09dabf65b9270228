import type { Catalog } from '../catalog/types.ts';
import type { Profile } from '../config/profile.ts';
import { buildAllowlist, DEFAULT_GROUP_NAME, DEFAULT_GROUP_PRIORITY, type Allowlist } from './allowlist.ts';
import { formatAzcli } from './formats/azcli.ts';
import { formatAzureClassic } from './formats/azure-classic.ts';
import { formatAzurePolicy } from './formats/azure-policy.ts';
import { formatBicep } from './formats/bicep.ts';
import { formatNftables, nftablesView, nftTableName, type NftHook, type Resolution } from './formats/nftables.ts';
import { describeImprecision, formatNsg, nsgRules } from './formats/nsg.ts';
import { formatTerraform } from './formats/terraform.ts';
import { collectOpenings, type Opening } from './openings.ts';
import { resolveNames } from './resolve.ts';

export const FIREWALL_FORMATS = ['azure-policy', 'azure-classic', 'nsg', 'terraform', 'bicep', 'azcli', 'nftables'] as const;
export type FirewallFormat = (typeof FIREWALL_FORMATS)[number];

export const NSG_DEFAULT_PRIORITY = 1000;

export interface GenerateOptions {
  format: FirewallFormat;
  catalog: Catalog;
  name?: string;
  priority?: number;
  sources?: string[];
  fqdnTags?: boolean;
  dnsProxy?: boolean;
  /** Only these instances (the failed checks of a report). */
  only?: Map<string, string[]>;
  nftHook?: NftHook;
  /** nftables: resolve names now (default), or leave every name-based rule out. */
  resolve?: boolean;
  timeoutMs?: number;
  /** Injected by tests; default: DNS through the profile's servers. */
  resolver?: (names: string[]) => Promise<Map<string, Resolution>>;
}

export interface Generated {
  text: string;
  /** What the user should know: left-out requirements, wider-than-asked rules. Also inside text formats as comments. */
  notes: string[];
  openings: Opening[];
  allowlist: Allowlist;
}

/** The openings and the Azure Firewall view of them, shared by `generate` and `apply`. */
export function allowlistFor(
  profile: Profile,
  options: Omit<GenerateOptions, 'format'> & { format?: FirewallFormat },
): { openings: Opening[]; allowlist: Allowlist; leftOut: string[] } {
  const { openings, notes } = collectOpenings(options.catalog, profile, { only: options.only });
  const allowlist = buildAllowlist(openings, {
    name: options.name ?? DEFAULT_GROUP_NAME,
    priority: options.priority ?? (options.format === 'nsg' ? NSG_DEFAULT_PRIORITY : DEFAULT_GROUP_PRIORITY),
    sources: options.sources?.length ? [...new Set(options.sources)] : ['*'],
    fqdnTags: options.fqdnTags ?? false,
    dnsProxy: options.dnsProxy ?? false,
  });
  allowlist.notes.unshift(...notes);
  return { openings, allowlist, leftOut: notes };
}

export async function generateRules(profile: Profile, options: GenerateOptions): Promise<Generated> {
  const { openings, allowlist, leftOut } = allowlistFor(profile, options);
  const done = (text: string, notes = allowlist.notes): Generated => ({ text, notes, openings, allowlist });
  switch (options.format) {
    case 'azure-policy':
      return done(formatAzurePolicy(allowlist));
    case 'azure-classic':
      return done(formatAzureClassic(allowlist));
    case 'terraform':
      return done(formatTerraform(allowlist));
    case 'bicep':
      return done(formatBicep(allowlist));
    case 'azcli':
      return done(formatAzcli(allowlist));
    case 'nsg': {
      const { imprecise } = nsgRules(openings, allowlist);
      return done(formatNsg(openings, allowlist), [...leftOut, ...imprecise.map(describeImprecision)]);
    }
    case 'nftables': {
      nftTableName(allowlist.name); // a refused name fails before any name is resolved
      const view = nftablesView(openings);
      const servers = profile.dns?.servers ?? [];
      const names = view.rules.flatMap((r) => r.names);
      const resolve = options.resolver ?? ((n: string[]) => resolveNames(n, servers, options.timeoutMs ?? 5000));
      const resolved =
        options.resolve === false
          ? new Map(names.map((n): [string, Resolution] => [n, { addresses: [], error: 'not resolved (--no-resolve)' }]))
          : await resolve(names);
      const text = formatNftables(
        view,
        resolved,
        { ...allowlist, notes: leftOut },
        { hook: options.nftHook ?? 'forward', resolvedVia: servers.length ? servers.join(', ') : "this machine's resolver" },
      );
      const unresolved = names.filter((n) => resolved.get(n)?.error).map((n) => `${n}: ${resolved.get(n)!.error}: not opened`);
      return done(text, [...leftOut, ...view.notes, ...unresolved]);
    }
  }
}
