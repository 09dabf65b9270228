// The Target group: the settings of a target profile as flags (flags win over -c).
import { mergeProfiles, readProfileFile, validateProfile } from '../../config/load.ts';
import type { Profile } from '../../config/profile.ts';
import { InputError } from '../../errors.ts';
import { type DISCOVERY, discoverFromArgs, discoveryFlagGiven, type TargetFromAzure } from './discovery.ts';
import { group, type ValuesOf } from '../command.ts';

export const TARGET = group('Target (a YAML profile, and the same settings as flags; flags win):', {
  config: {
    type: 'string',
    short: 'c',
    multiple: true,
    value: 'FILE',
    help: 'target profile (YAML); repeatable, a later file wins key by key',
  },
  'cluster-fqdn': { type: 'string', value: 'FQDN', help: 'AKS API server FQDN (cluster.apiServerFqdn)' },
  'cluster-name': { type: 'string', value: 'NAME', help: 'cluster name (cluster.name)' },
  region: { type: 'string', value: 'REGION', help: 'cluster region (cluster.region)' },
  'network-plugin': { type: 'string', value: 'P', help: 'kubenet | azure (cluster.networkPlugin)' },
  'workspace-region': { type: 'string', value: 'REGION', help: 'workspace region (workspace.region)' },
  'workspace-id': { type: 'string', value: 'GUID', help: "workspace ID, for the Azure ML extension's hosts (workspace.id)" },
  acr: { type: 'string', multiple: true, value: 'NAME', help: 'workspace container registry, repeatable (workspace.acr)' },
  'storage-account': {
    type: 'string',
    multiple: true,
    value: 'NAME',
    help: 'workspace storage account, repeatable (workspace.storageAccount)',
  },
  auth: { type: 'string', value: 'MODE', help: 'key | token | none (endpoint.auth)' },
  'domain-label': { type: 'string', value: 'LABEL', help: 'endpoint domain label (endpoint.domainLabel)' },
  'custom-domain': { type: 'string', value: 'FQDN', help: 'endpoint custom domain (endpoint.customDomain)' },
  'dns-server': {
    type: 'string',
    multiple: true,
    value: 'IP[:PORT]',
    help: 'DNS server to ask, repeatable (dns.servers)',
    default: "the system's",
  },
  proxy: { type: 'string', value: 'URL', help: 'egress proxy (proxy.url)', default: 'HTTPS_PROXY' },
  'no-proxy': { type: 'string', value: 'LIST', help: 'hosts not to proxy (proxy.noProxy)', default: 'NO_PROXY' },
  'ca-file': { type: 'string', value: 'FILE', help: 'extra trusted CA bundle, PEM (tls.caFile)' },
  'connect-to': { type: 'string', multiple: true, value: 'H:P:A:P', help: 'connect to A:P instead of H:P, keeping SNI and Host (as curl)' },
  dependency: { type: 'string', multiple: true, value: 'URL', help: "the model's extra dependency, repeatable (dependencies)" },
  'rule-set': { type: 'string', multiple: true, value: 'NAME', help: 'rule sets to check, repeatable (ruleSets)', default: 'aml' },
});

type TargetValues = ValuesOf<typeof TARGET.options & typeof DISCOVERY.options>;

const one = <T>(list: T[] | undefined): T | T[] | undefined => (list === undefined ? undefined : list.length === 1 ? list[0] : list);

/** Reads the profile file, overlays the flags and validates the result before any probe runs.
 *  `discovered` (what Azure said, see targetsFromArgs) is the bottom layer: the file and the flags win over it. */
export function profileFromArgs(values: TargetValues, discovered?: Profile): Profile {
  const asked = discovered ? undefined : discoveryFlagGiven(values);
  if (asked)
    throw new InputError(`--${asked}: this command does not read Azure; save a profile with aml-preflight discover and pass it with -c`);
  const file = (values.config ?? []).reduce((merged: Profile, f) => mergeProfiles(merged, readProfileFile(f)), {});
  const flags = validateProfile(
    JSON.parse(
      JSON.stringify({
        cluster: {
          apiServerFqdn: values['cluster-fqdn'],
          name: values['cluster-name'],
          region: values.region,
          networkPlugin: values['network-plugin'],
        },
        workspace: {
          region: values['workspace-region'],
          id: values['workspace-id'],
          acr: one(values.acr),
          storageAccount: one(values['storage-account']),
        },
        endpoint: { auth: values.auth, domainLabel: values['domain-label'], customDomain: values['custom-domain'] },
        dns: { servers: values['dns-server'] },
        proxy: { url: values.proxy, noProxy: values['no-proxy'] },
        tls: { caFile: values['ca-file'] },
        dependencies: values.dependency,
        ruleSets: values['rule-set'],
        connectTo: values['connect-to'],
      }),
    ),
    'command line',
  );
  return mergeProfiles(mergeProfiles(discovered ?? {}, file), flags);
}

/** The targets of a command that discovers first (check, firewall generate, cluster run, audit): one per
 *  discovered compute, each with the file and flags over it; without discovery flags, the profile alone. */
export async function targetsFromArgs(
  values: TargetValues,
  warn = (line: string) => process.stderr.write(`aml-preflight: ${line}\n`),
): Promise<TargetFromAzure[]> {
  const found = await discoverFromArgs(values);
  if (!found) return [{ profile: profileFromArgs(values) }];
  const targets = found.targets.map((t) => ({ ...t, profile: profileFromArgs(values, t.profile) }));
  found.warnings.forEach(warn);
  return targets;
}

/** What Azure said about the one target of a command that takes one cluster (undefined without discovery flags). */
export async function discoveredProfile(
  values: TargetValues,
  warn = (line: string) => process.stderr.write(`aml-preflight: ${line}\n`),
): Promise<Profile | undefined> {
  const found = await discoverFromArgs(values);
  if (!found) return undefined;
  const { targets, warnings } = found;
  if (targets.length > 1)
    throw new InputError(
      `--all-computes: this command takes one compute; the workspace has ${targets.length} (${targets
        .map((t) => t.compute)
        .sort()
        .join(', ')}): choose one with --compute NAME`,
    );
  warnings.forEach(warn);
  return targets[0].profile;
}

/** The profile of a command that takes one cluster: discovered first when asked, the file and flags over it. */
export async function targetProfileFromArgs(values: TargetValues): Promise<Profile> {
  return profileFromArgs(values, await discoveredProfile(values));
}
