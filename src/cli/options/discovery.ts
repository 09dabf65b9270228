// The Azure group: start from Azure instead of a typed profile (a workspace and
// its computes, or a managed cluster), read live or from a snapshot file.
import type { ListedHost } from '../../azure/discover/profile-from-snapshot.ts';
import type { Profile } from '../../config/profile.ts';
import { InputError } from '../../errors.ts';
import { parseResourceId } from '../../azure/snapshot.ts';
import { parseArmEndpoint } from '../../defender/azure.ts';
import { parseMs } from '../numbers.ts';
import { group } from '../command.ts';

export const DISCOVERY = group('Discovery (read the target from Azure first; -c and the target flags win over what it finds):', {
  workspace: { type: 'string', value: 'ID', help: 'Azure ML workspace resource id (/subscriptions/…/workspaces/NAME)' },
  compute: { type: 'string', value: 'NAME', help: "the workspace's AKS or Kubernetes compute (needed when it has several)" },
  'all-computes': { type: 'boolean', help: 'every AKS or Kubernetes compute of the workspace (check: one report)' },
  cluster: { type: 'string', value: 'ID', help: 'AKS managed cluster resource id, instead of a workspace' },
  'azure-snapshot': { type: 'string', value: 'FILE', help: 'read Azure from this snapshot (discover --save-snapshot) instead of ARM' },
  'arm-endpoint': { type: 'string', value: 'URL', help: 'Resource Manager endpoint', default: 'https://management.azure.com' },
  'azure-timeout': { type: 'string', value: 'MS', help: 'deadline of each ARM request', default: '30000' },
});

export type DiscoveryValues = {
  workspace?: string;
  compute?: string;
  'all-computes'?: boolean;
  cluster?: string;
  'azure-snapshot'?: string;
  'arm-endpoint'?: string;
  'azure-timeout'?: string;
};

/** The flags that make a command discover (--arm-endpoint alone does not: firewall apply has its own). */
const STARTS_DISCOVERY = ['workspace', 'compute', 'all-computes', 'cluster', 'azure-snapshot', 'azure-timeout'] as const;

export const discoveryFlagGiven = (values: DiscoveryValues): string | undefined => STARTS_DISCOVERY.find((k) => values[k] !== undefined);

/** One discovered target: the compute's name (with a workspace), its profile, and the hosts Azure lists that the catalog lacks. */
export interface TargetFromAzure {
  compute?: string;
  profile: Profile;
  unlisted?: ListedHost[];
}

/** Discovers when the flags ask for it; undefined otherwise. `warnings`: what could not be read, and the
 *  hosts Azure lists that the catalog lacks, one line each, for the caller to print once it accepts the targets. */
export async function discoverFromArgs(values: DiscoveryValues): Promise<{ targets: TargetFromAzure[]; warnings: string[] } | undefined> {
  if (!discoveryFlagGiven(values)) return undefined;
  const { discover } = await import('../../azure/discover/discover.ts');
  const d = await discover(discoveryOptions(values));
  return {
    targets: d.targets.map((t) => ({ ...(t.compute ? { compute: t.compute } : {}), profile: t.profile, unlisted: t.unlistedHosts })),
    warnings: [
      ...d.gaps.map((g) => `azure: ${g}`),
      ...d.targets.flatMap((t) => t.unlisted.map((u) => `azure: ${t.compute ? `${t.compute}: ` : ''}${u}`)),
    ],
  };
}

/** The discovery options from the flags, validated before anything is read. */
export function discoveryOptions(values: DiscoveryValues) {
  if (values.workspace !== undefined && values.cluster !== undefined)
    throw new InputError('--workspace and --cluster: give one (a workspace finds its clusters through its computes)');
  if (values.compute !== undefined && values['all-computes']) throw new InputError('--compute and --all-computes exclude each other');
  if ((values.compute !== undefined || values['all-computes']) && values.cluster !== undefined)
    throw new InputError(
      `${values.compute !== undefined ? '--compute' : '--all-computes'}: computes belong to a workspace: give --workspace, not --cluster`,
    );
  if (values['azure-snapshot'] === undefined && values.workspace === undefined && values.cluster === undefined) {
    throw new InputError(
      `--${discoveryFlagGiven(values)}: discovery starts from --workspace ID or --cluster ID (or --azure-snapshot FILE)`,
    );
  }
  if (values.compute !== undefined && !/^[A-Za-z0-9][A-Za-z0-9_-]{1,31}$/.test(values.compute))
    throw new InputError(`--compute: not an Azure ML compute name: ${JSON.stringify(values.compute).slice(0, 80)}`);
  // A malformed id is the user's to fix before anything is read (exit 2).
  if (values.workspace !== undefined) expectType(values.workspace, '--workspace', 'Microsoft.MachineLearningServices/workspaces');
  if (values.cluster !== undefined) expectType(values.cluster, '--cluster', 'Microsoft.ContainerService/managedClusters');
  return {
    root: { workspace: values.workspace, cluster: values.cluster, compute: values.compute, allComputes: values['all-computes'] },
    snapshotFile: values['azure-snapshot'],
    endpoint: parseArmEndpoint(values['arm-endpoint']),
    timeoutMs: parseMs('azure-timeout', values['azure-timeout'], 100, 600_000) ?? 30_000,
  };
}

function expectType(id: string, flag: string, type: string): void {
  const parsed = parseResourceId(id, flag);
  if (parsed.type.toLowerCase() !== type.toLowerCase())
    throw new InputError(`${flag}: expected the resource id of a ${type} resource (got one of a ${parsed.type})`);
}
