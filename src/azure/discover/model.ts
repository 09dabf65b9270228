// What discovery starts from and the few ARM facts both the reader and the
// profile need: resource types, how to walk ARM's JSON, which computes count.
import { InputError } from '../../errors.ts';
import type { ArmResource } from '../snapshot.ts';

/** Where discovery starts: a workspace (and which of its computes) or a managed cluster. */
export interface DiscoveryRoot {
  workspace?: string;
  compute?: string;
  allComputes?: boolean;
  cluster?: string;
}

/** ARM types, lower case (ARM compares them case-insensitively). */
export const TYPES = {
  workspace: 'microsoft.machinelearningservices/workspaces',
  compute: 'microsoft.machinelearningservices/workspaces/computes',
  managedCluster: 'microsoft.containerservice/managedclusters',
  virtualNetwork: 'microsoft.network/virtualnetworks',
  registry: 'microsoft.containerregistry/registries',
  storageAccount: 'microsoft.storage/storageaccounts',
  privateEndpoint: 'microsoft.network/privateendpoints',
} as const;

/** A value inside ARM's JSON, or undefined when any step is missing. */
export function prop(value: unknown, ...path: string[]): unknown {
  let v = value;
  for (const k of path) {
    if (typeof v !== 'object' || v === null) return undefined;
    v = (v as Record<string, unknown>)[k];
  }
  return v;
}

/** AKS (v1 attach) and Kubernetes (the Azure ML extension) computes: the ones that serve on a cluster. */
export const isKubernetesCompute = (c: ArmResource) =>
  ['aks', 'kubernetes'].includes(String(prop(c, 'properties', 'computeType')).toLowerCase());

export const computesOf = (resources: readonly ArmResource[]) =>
  resources.filter((r) => r.type.toLowerCase() === TYPES.compute && isKubernetesCompute(r));

/** The computes a run covers: --compute NAME, --all-computes, or the only one. */
export function selectComputes(computes: ArmResource[], root: DiscoveryRoot): ArmResource[] {
  const names = computes.map((c) => c.name).sort();
  if (root.compute !== undefined) {
    const c = computes.find((x) => x.name.toLowerCase() === root.compute!.toLowerCase());
    if (!c)
      throw new InputError(
        `--compute: the workspace has no AKS or Kubernetes compute named ${JSON.stringify(root.compute)} (it has: ${names.join(', ') || 'none'})`,
      );
    return [c];
  }
  if (root.allComputes || computes.length <= 1) return computes;
  throw new InputError(
    `--workspace: the workspace has ${computes.length} AKS or Kubernetes computes (${names.join(', ')}): choose one with --compute NAME, or --all-computes`,
  );
}
