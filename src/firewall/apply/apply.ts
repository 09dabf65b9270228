// Loaded only by `firewall apply`: this module pulls in the Azure SDK.
import type { TokenCredential } from '@azure/identity';
import type { NetworkManagementClient, NetworkManagementClientOptionalParams } from '@azure/arm-network';
import type { FirewallPolicyRuleCollectionGroup } from '@azure/arm-network/models/network';
import type { Catalog } from '../../catalog/types.ts';
import type { Profile } from '../../config/profile.ts';
import { EnvironmentError, EXIT, InputError } from '../../errors.ts';
import { quoted } from '../../report/redact.ts';
import { TOOL } from '../../tool.ts';
import { allowlistFor } from '../generate.ts';
import { policyModel } from '../policy-model.ts';
import { describeAzureFailure } from './azure-errors.ts';
import { diffGroup } from './diff.ts';
import { isOwnGroup } from './ownership.ts';
import { parsePolicyId } from './policy-id.ts';

export const DEFAULT_ARM_ENDPOINT = 'https://management.azure.com';

export interface ApplyOptions {
  catalog: Catalog;
  only?: Map<string, string[]>;
  policyId: string;
  name?: string;
  priority?: number;
  sources?: string[];
  fqdnTags?: boolean;
  dnsProxy?: boolean;
  yes: boolean;
  /** Replace the rules of an existing group that aml-preflight did not write (--take-over-group). */
  takeOverGroup?: boolean;
  armEndpoint?: string;
  deadlineMs: number;
  /** Tests inject these; by default DefaultAzureCredential and the SDK's own transport. */
  credential?: TokenCredential;
  clientOptions?: NetworkManagementClientOptionalParams;
  /** Poll interval when Azure sends no Retry-After. */
  pollIntervalMs?: number;
  write?: (text: string) => void;
}

function armEndpoint(value: string | undefined): string {
  if (value === undefined) return DEFAULT_ARM_ENDPOINT;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InputError(`--arm-endpoint: ${quoted(value)} is not a URL`);
  }
  if (url.protocol !== 'https:' || url.pathname !== '/' || url.search || url.username)
    throw new InputError(`--arm-endpoint: must be an https:// origin such as ${DEFAULT_ARM_ENDPOINT} (got ${quoted(value)})`);
  return url.origin;
}

const isStatus = (e: unknown, status: number): boolean => (e as { statusCode?: number })?.statusCode === status;

/** Reads the group, prints the difference, and with --yes writes it, guarded by its etag. Returns the exit code. */
export async function applyToPolicy(profile: Profile, options: ApplyOptions): Promise<number> {
  const write = options.write ?? ((t: string) => void process.stdout.write(t));
  const policy = parsePolicyId(options.policyId);
  const endpoint = armEndpoint(options.armEndpoint);
  const { allowlist } = allowlistFor(profile, options);
  const desired = policyModel(allowlist);
  const group = allowlist.name;
  for (const n of allowlist.notes) process.stderr.write(`note: ${n}\n`);

  const signal = AbortSignal.timeout(options.deadlineMs);
  const where = { policy, group, endpoint, deadlineMs: options.deadlineMs };
  const [{ NetworkManagementClient }, credential] = await Promise.all([
    import('@azure/arm-network'),
    options.credential ?? import('@azure/identity').then(({ DefaultAzureCredential }) => new DefaultAzureCredential()),
  ]);
  const client: NetworkManagementClient = new NetworkManagementClient(credential, policy.subscriptionId, {
    endpoint,
    // The token's audience is the Resource Manager being called (sovereign clouds too).
    credentials: { scopes: [`${endpoint}/.default`] },
    userAgentOptions: { userAgentPrefix: `${TOOL.name}/${TOOL.version}` },
    retryOptions: { maxRetries: 3 },
    ...options.clientOptions,
  });
  const rcgs = client.firewallPolicyRuleCollectionGroups;
  const read = async (): Promise<FirewallPolicyRuleCollectionGroup | undefined> => {
    try {
      return await rcgs.get(policy.resourceGroup, policy.name, group, { abortSignal: signal });
    } catch (e) {
      if (isStatus(e, 404)) return undefined;
      throw e;
    }
  };

  try {
    const found = await client.firewallPolicies.get(policy.resourceGroup, policy.name, { abortSignal: signal });
    const usesFqdnNetworkRules = allowlist.network.some((r) => r.destinationFqdns.length > 0);
    if (usesFqdnNetworkRules && found.dnsSettings?.enableProxy !== true) {
      throw new InputError(
        `--dns-proxy: the DNS proxy of firewall policy ${policy.name} is off, and Azure rejects FQDN network rules without it: turn it on, or leave out --dns-proxy`,
      );
    }
    const current = await read();
    if (current && !options.takeOverGroup && !isOwnGroup(current, group)) {
      const held = (current.ruleCollections ?? []).map((c) => c.name).join(', ') || 'no rule collections';
      throw new InputError(
        `--name ${group}: rule collection group ${group} of firewall policy ${policy.name} was not written by aml-preflight (it holds ${held}): choose another --name, or pass --take-over-group to replace its rules`,
      );
    }
    const diff = diffGroup(current, desired);
    write(`Rule collection group ${group} in firewall policy ${policy.name}:\n`);
    if (!diff.changed) {
      write('no change: it already holds exactly these rules\n');
      return EXIT.ok;
    }
    write(`${diff.lines.join('\n')}\n(${diff.counts.add} to add, ${diff.counts.change} to change, ${diff.counts.remove} to remove)\n`);
    if (!options.yes) {
      write('nothing changed: this was a dry run; run again with --yes to apply\n');
      return EXIT.ok;
    }
    // The etag makes the write conditional: if someone changed the group since we read it, Azure answers 412.
    const guard: Record<string, string> = current?.etag ? { 'If-Match': current.etag } : { 'If-None-Match': '*' };
    try {
      const saved = await rcgs.createOrUpdate(policy.resourceGroup, policy.name, group, desired, {
        abortSignal: signal,
        updateIntervalInMs: options.pollIntervalMs ?? 5000,
        requestOptions: { headers: guard },
      });
      write(
        `applied: ${diff.counts.add} added, ${diff.counts.change} changed, ${diff.counts.remove} removed (provisioning state ${saved.provisioningState ?? 'unknown'})\n`,
      );
      return EXIT.ok;
    } catch (e) {
      if (!isStatus(e, 412)) throw e;
      const now = await read();
      const again = diffGroup(now, desired);
      write(`the group changed in Azure while this run was applying (412, etag mismatch): nothing was overwritten.\n`);
      write(
        again.changed
          ? `Difference from what is there now:\n${again.lines.join('\n')}\nrun again to apply it\n`
          : 'what is there now already matches: no change needed\n',
      );
      return again.changed ? EXIT.failed : EXIT.ok;
    }
  } catch (e) {
    if (e instanceof InputError) throw e;
    const failure = describeAzureFailure(e, where);
    throw failure.exit === EXIT.input ? new InputError(failure.line) : new EnvironmentError(failure.line);
  }
}
