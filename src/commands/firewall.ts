import { loadCatalog } from '../catalog/load.ts';
import type { Catalog } from '../catalog/types.ts';
import { defineCommand, entry, group, type ValuesOf } from '../cli/command.ts';
import { parseIntFlag, parseMs } from '../cli/numbers.ts';
import { DISCOVERY } from '../cli/options/discovery.ts';
import { discoveredProfile, profileFromArgs, TARGET } from '../cli/options/target.ts';
import { mergeProfiles, validateProfile } from '../config/load.ts';
import type { Profile } from '../config/profile.ts';
import { EXIT, InputError } from '../errors.ts';
import { NFT_HOOKS, type NftHook } from '../firewall/formats/nftables.ts';
import { FIREWALL_FORMATS, generateRules, type FirewallFormat } from '../firewall/generate.ts';
import { writeFileAtomic } from '../io/atomic-write.ts';
import { failedInstances, profileOfReport, readReportFile } from '../report/read.ts';

const RULES = group('Rules:', {
  from: { type: 'string', value: 'REPORT.json', help: 'take the target from a report of aml-preflight check -o json' },
  'only-failing': { type: 'boolean', help: 'with --from: only the openings of the checks that failed' },
  source: {
    type: 'string',
    multiple: true,
    value: 'CIDR',
    help: "source addresses the rules allow, repeatable (default: any;\ngive the cluster's node and pod subnets)",
  },
  name: { type: 'string', value: 'NAME', help: 'rule collection group name', default: 'aml-preflight' },
  priority: { type: 'string', value: 'N', help: 'rule collection group priority (default 500; nsg: first rule, default 1000)' },
  'fqdn-tags': { type: 'boolean', help: 'use the AzureKubernetesService FQDN tag where a requirement allows it' },
  'dns-proxy': { type: 'boolean', help: "the Firewall Policy's DNS proxy is on: network rules may name FQDNs" },
  'rules-file': { type: 'string', multiple: true, value: 'FILE', help: 'an extra rule set, repeatable' },
});

/** The profile and which openings to keep: from the flags and profile file, over the report's own target. */
export function ruleInputs(
  values: ValuesOf<typeof RULES.options> & Parameters<typeof profileFromArgs>[0],
  catalog: Catalog,
  discovered?: Profile,
): { profile: Profile; only?: Map<string, string[]> } {
  if (values['only-failing'] && !values.from)
    throw new InputError('--only-failing needs --from REPORT.json (the report that shows what failed)');
  const report = values.from ? readReportFile(values.from) : undefined;
  const base = report ? validateProfile(profileOfReport(report), `${values.from}: target`) : {};
  const profile = mergeProfiles(base, profileFromArgs(values, discovered));
  if (!values['only-failing'] || !report) return { profile };
  const only = failedInstances(report);
  for (const instance of only.keys()) {
    const requirement = instance.split('@')[0];
    if (requirement !== 'dependency' && !catalog.byId.has(requirement)) {
      throw new InputError(
        `${values.from}: a failed check belongs to requirement "${requirement}", which the rule catalog does not have (pass its --rules-file)`,
      );
    }
  }
  return { profile, only };
}

export const note = (line: string): void => {
  process.stderr.write(`note: ${line}\n`);
};

const generate = defineCommand({
  about: `Writes the outbound rules that open what the target needs, from the rule
catalog and the target profile: every requirement once, merged where they
share destinations, each with a description naming the requirement.`,
  groups: [
    group(undefined, {
      format: { type: 'string', value: 'FORMAT', help: FIREWALL_FORMATS.join(' | '), default: 'azure-policy', choices: FIREWALL_FORMATS },
      'output-file': { type: 'string', value: 'FILE', help: 'write there (atomically) instead of standard output' },
      'nft-hook': {
        type: 'string',
        value: 'HOOK',
        help: 'nftables: forward (an egress gateway, default) | output (this host)',
        choices: NFT_HOOKS,
      },
      'no-resolve': { type: 'boolean', help: 'nftables: do not resolve names now (name rules are left out)' },
      timeout: { type: 'string', value: 'MS', help: 'nftables: deadline for resolving the names', default: '5000' },
      'against-snapshot': {
        type: 'string',
        value: 'FILE',
        help: 'only what the Azure configuration in FILE denies (aml-preflight explain)',
      },
    }),
    RULES,
    TARGET,
    DISCOVERY,
  ],
  run: async (values) => {
    const fmt = (values.format ?? 'azure-policy') as FirewallFormat;
    const hook = values['nft-hook'] ?? 'forward';
    const catalog = loadCatalog(values['rules-file']);
    const { profile, only: failed } = ruleInputs(values, catalog, await discoveredProfile(values));
    // Explain's evaluators load only with the flag: plain generate stays light.
    const against = values['against-snapshot']
      ? (await import('../azure/explain/against-snapshot.ts')).deniedOpenings(values['against-snapshot'], profile, catalog, failed)
      : undefined;
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
    if (only && generated.openings.length === 0)
      note(
        against
          ? `${values['against-snapshot']} denies nothing a firewall rule opens: nothing to add`
          : 'the report shows no failed check that a firewall rule opens: nothing to add',
      );
    generated.notes.forEach(note);
    if (values['output-file']) {
      await writeFileAtomic(values['output-file'], generated.text);
      process.stderr.write(`${fmt} rules written to ${values['output-file']}\n`);
    } else {
      process.stdout.write(generated.text);
    }
    return EXIT.ok;
  },
});

const apply = defineCommand({
  usage: ['--policy POLICY-ID [options]'],
  about: `Writes one rule collection group of its own into an existing Azure Firewall
Policy, through Azure Resource Manager with DefaultAzureCredential (az login,
environment, managed identity). Shows the difference first; changes nothing
without --yes. Never touches the policy's other rule collection groups.`,
  groups: [
    group(undefined, {
      policy: { type: 'string', value: 'ID', help: '/subscriptions/…/resourceGroups/…/providers/Microsoft.Network/firewallPolicies/NAME' },
      'dry-run': { type: 'boolean', help: 'show the difference and stop (the default without --yes)' },
      yes: { type: 'boolean', help: 'apply the difference' },
      'take-over-group': {
        type: 'boolean',
        help: 'replace the rules of an existing group aml-preflight did not write\n(without it, such a group is refused: its collections are not NAME-network/-application)',
      },
      timeout: { type: 'string', value: 'MS', help: 'deadline of the whole apply, polling included', default: '600000' },
    }),
    RULES,
    TARGET,
    DISCOVERY,
  ],
  run: async (values) => {
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
  },
});

export const command = defineCommand({
  groups: [],
  subcommands: {
    generate: entry("the outbound rules the target needs, in any firewall's format", generate),
    apply: entry('write them into an Azure Firewall Policy, through ARM', apply),
  },
});
