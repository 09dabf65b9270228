import { loadCatalog } from '../catalog/load.ts';
import type { Catalog } from '../catalog/types.ts';
import { mergeProfiles, validateProfile } from '../config/load.ts';
import type { Profile } from '../config/profile.ts';
import { EXIT, InputError } from '../errors.ts';
import { NFT_HOOKS, type NftHook } from '../firewall/formats/nftables.ts';
import { FIREWALL_FORMATS, generateRules, type FirewallFormat } from '../firewall/generate.ts';
import { writeFileAtomic } from '../io/atomic-write.ts';
import { failedInstances, profileOfReport, readReportFile } from '../report/read.ts';
import { parseCommandArgs, parseIntFlag, parseMs } from './args.ts';
import { discoveredProfile, profileFromArgs, TARGET_HELP, TARGET_OPTIONS } from './target-flags.ts';

const RULE_OPTIONS = {
  from: { type: 'string' },
  'only-failing': { type: 'boolean' },
  source: { type: 'string', multiple: true },
  name: { type: 'string' },
  priority: { type: 'string' },
  'fqdn-tags': { type: 'boolean' },
  'dns-proxy': { type: 'boolean' },
  'rules-file': { type: 'string', multiple: true },
  help: { type: 'boolean', short: 'h' },
} as const;

const RULES_HELP = `Rules:
  --from REPORT.json           take the target from a report of aml-preflight check -o json
  --only-failing               with --from: only the openings of the checks that failed
  --source CIDR                source addresses the rules allow, repeatable (default: any;
                               give the cluster's node and pod subnets)
  --name NAME                  rule collection group name (default aml-preflight)
  --priority N                 rule collection group priority (default 500; nsg: first rule, default 1000)
  --fqdn-tags                  use the AzureKubernetesService FQDN tag where a requirement allows it
  --dns-proxy                  the Firewall Policy's DNS proxy is on: network rules may name FQDNs
  --rules-file FILE            an extra rule set, repeatable
`;

const GENERATE_HELP = `Usage: aml-preflight firewall generate [options]

Writes the outbound rules that open what the target needs, from the rule
catalog and the target profile: every requirement once, merged where they
share destinations, each with a description naming the requirement.

  --format FORMAT              ${FIREWALL_FORMATS.join(' | ')} (default azure-policy)
  --output-file FILE           write there (atomically) instead of standard output
  --nft-hook HOOK              nftables: forward (an egress gateway, default) | output (this host)
  --no-resolve                 nftables: do not resolve names now (name rules are left out)
  --timeout MS                 nftables: deadline for resolving the names (default 5000)
  --against-snapshot FILE      only what the Azure configuration in FILE denies (aml-preflight explain)
${RULES_HELP}
${TARGET_HELP}`;

const APPLY_HELP = `Usage: aml-preflight firewall apply --policy POLICY-ID [options]

Writes one rule collection group of its own into an existing Azure Firewall
Policy, through Azure Resource Manager with DefaultAzureCredential (az login,
environment, managed identity). Shows the difference first; changes nothing
without --yes. Never touches the policy's other rule collection groups.

  --policy ID                  /subscriptions/…/resourceGroups/…/providers/Microsoft.Network/firewallPolicies/NAME
  --dry-run                    show the difference and stop (the default without --yes)
  --yes                        apply the difference
  --take-over-group            replace the rules of an existing group aml-preflight did not write
                               (without it, such a group is refused: its collections are not NAME-network/-application)
  --arm-endpoint URL           Azure Resource Manager endpoint (default https://management.azure.com)
  --timeout MS                 deadline of the whole apply, polling included (default 600000)
${RULES_HELP}
${TARGET_HELP}`;

const HELP = `Usage: aml-preflight firewall generate [options]
       aml-preflight firewall apply --policy POLICY-ID [--dry-run | --yes] [options]

Run aml-preflight firewall generate --help or firewall apply --help for the options.
`;

type RuleValues = { [K in keyof typeof RULE_OPTIONS]?: (typeof RULE_OPTIONS)[K] extends { type: 'boolean' } ? boolean : (typeof RULE_OPTIONS)[K] extends { multiple: true } ? string[] : string };

export async function run(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === 'generate') return generate(rest);
  if (sub === 'apply') return apply(rest);
  if (sub === undefined || sub === '--help' || sub === '-h') {
    process.stdout.write(HELP);
    return sub === undefined ? EXIT.input : EXIT.ok;
  }
  throw new InputError(`firewall: expected "generate" or "apply" (got ${JSON.stringify(sub)}); see aml-preflight firewall --help`);
}

/** The profile and which openings to keep: from the flags and profile file, over the report's own target. */
export function ruleInputs(values: RuleValues & Parameters<typeof profileFromArgs>[0], catalog: Catalog, discovered?: Profile): { profile: Profile; only?: Map<string, string[]> } {
  if (values['only-failing'] && !values.from) throw new InputError('--only-failing needs --from REPORT.json (the report that shows what failed)');
  const report = values.from ? readReportFile(values.from) : undefined;
  const base = report ? validateProfile(profileOfReport(report), `${values.from}: target`) : {};
  const profile = mergeProfiles(base, profileFromArgs(values, discovered));
  if (!values['only-failing'] || !report) return { profile };
  const only = failedInstances(report);
  for (const instance of only.keys()) {
    const requirement = instance.split('@')[0];
    if (requirement !== 'dependency' && !catalog.byId.has(requirement)) {
      throw new InputError(`${values.from}: a failed check belongs to requirement "${requirement}", which the rule catalog does not have (pass its --rules-file)`);
    }
  }
  return { profile, only };
}

function format(value: string | undefined): FirewallFormat {
  if (value === undefined) return 'azure-policy';
  if (!(FIREWALL_FORMATS as readonly string[]).includes(value)) throw new InputError(`--format: must be one of ${FIREWALL_FORMATS.join(', ')} (got ${JSON.stringify(value)})`);
  return value as FirewallFormat;
}

export const note = (line: string): void => {
  process.stderr.write(`note: ${line}\n`);
};

async function generate(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs(argv, {
    ...TARGET_OPTIONS,
    ...RULE_OPTIONS,
    format: { type: 'string' },
    'output-file': { type: 'string' },
    'nft-hook': { type: 'string' },
    'no-resolve': { type: 'boolean' },
    timeout: { type: 'string' },
    'against-snapshot': { type: 'string' },
  });
  if (values.help) {
    process.stdout.write(GENERATE_HELP);
    return EXIT.ok;
  }
  const fmt = format(values.format);
  const hook = values['nft-hook'] ?? 'forward';
  if (!(NFT_HOOKS as readonly string[]).includes(hook)) throw new InputError(`--nft-hook: must be one of ${NFT_HOOKS.join(', ')} (got ${JSON.stringify(hook)})`);
  const catalog = loadCatalog(values['rules-file']);
  const { profile, only: failed } = ruleInputs(values, catalog, await discoveredProfile(values));
  // Explain's evaluators load only with the flag: plain generate stays light.
  const against = values['against-snapshot'] ? (await import('../azure/explain/against-snapshot.ts')).deniedOpenings(values['against-snapshot'], profile, catalog, failed) : undefined;
  const only = against?.only ?? failed;
  against?.notes.forEach(note);
  const generated = await generateRules(profile, {
    format: fmt,
    catalog,
    name: values.name,
    priority: parseIntFlag('priority', values.priority, 100, 65000),
    sources: values.source,
    fqdnTags: values['fqdn-tags'],
    dnsProxy: values['dns-proxy'],
    only,
    nftHook: hook as NftHook,
    resolve: !values['no-resolve'],
    timeoutMs: parseMs('timeout', values.timeout),
  });
  if (only && generated.openings.length === 0) note(against ? `${values['against-snapshot']} denies nothing a firewall rule opens: nothing to add` : 'the report shows no failed check that a firewall rule opens: nothing to add');
  generated.notes.forEach(note);
  if (values['output-file']) {
    await writeFileAtomic(values['output-file'], generated.text);
    process.stderr.write(`${fmt} rules written to ${values['output-file']}\n`);
  } else {
    process.stdout.write(generated.text);
  }
  return EXIT.ok;
}

async function apply(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs(argv, {
    ...TARGET_OPTIONS,
    ...RULE_OPTIONS,
    policy: { type: 'string' },
    'dry-run': { type: 'boolean' },
    yes: { type: 'boolean' },
    'take-over-group': { type: 'boolean' },
    'arm-endpoint': { type: 'string' },
    timeout: { type: 'string' },
  });
  if (values.help) {
    process.stdout.write(APPLY_HELP);
    return EXIT.ok;
  }
  if (!values.policy) throw new InputError('firewall apply: --policy is required (the resource ID of the Firewall Policy)');
  if (values['dry-run'] && values.yes) throw new InputError('--dry-run and --yes contradict each other: pick one');
  const catalog = loadCatalog(values['rules-file']);
  const { profile, only } = ruleInputs(values, catalog);
  // The Azure SDK loads only here: generate, check and --help never pay for it.
  const { applyToPolicy } = await import('../firewall/apply/apply.ts');
  return applyToPolicy(profile, {
    catalog,
    only,
    policyId: values.policy,
    name: values.name,
    priority: parseIntFlag('priority', values.priority, 100, 65000),
    sources: values.source,
    fqdnTags: values['fqdn-tags'],
    dnsProxy: values['dns-proxy'],
    yes: values.yes ?? false,
    takeOverGroup: values['take-over-group'] ?? false,
    armEndpoint: values['arm-endpoint'],
    deadlineMs: parseMs('timeout', values.timeout, 1000, 3_600_000) ?? 600_000,
  });
}
