import type { Profile } from '../config/profile.ts';
import type { TemplateValues } from '../catalog/template.ts';

/** The facts of the target that the catalog's conditions and templates read. */
export interface Target {
  values: TemplateValues;
  acrs: string[];
  storageAccounts: string[];
  auth: 'key' | 'token' | 'none';
  customDomain: boolean;
  networkPlugin: 'kubenet' | 'azure';
}

// Each name once: a registry listed twice (in any case) would otherwise make duplicate check ids and double counts.
const list = (v: string | string[] | undefined): string[] => [
  ...new Set((v === undefined ? [] : Array.isArray(v) ? v : [v]).map((s) => s.toLowerCase())),
];

export function targetOf(profile: Profile): Target {
  const region = profile.cluster?.region ?? profile.workspace?.region;
  return {
    values: {
      apiServerFqdn: profile.cluster?.apiServerFqdn?.toLowerCase().replace(/\.$/, ''),
      region,
      workspaceRegion: profile.workspace?.region ?? region,
      domainLabel: profile.endpoint?.domainLabel,
      workspaceId: profile.workspace?.id?.toLowerCase(),
    },
    acrs: list(profile.workspace?.acr),
    storageAccounts: list(profile.workspace?.storageAccount),
    auth: profile.endpoint?.auth ?? 'key',
    customDomain: profile.endpoint?.customDomain !== undefined,
    networkPlugin: profile.cluster?.networkPlugin ?? 'azure',
  };
}

/** Where each template variable comes from, to tell the user what to set. */
export const SETTING_OF: Record<string, string> = {
  apiServerFqdn: 'cluster.apiServerFqdn (--cluster-fqdn)',
  region: 'cluster.region (--region)',
  workspaceRegion: 'workspace.region (--workspace-region)',
  acr: 'workspace.acr (--acr)',
  storageAccount: 'workspace.storageAccount (--storage-account)',
  domainLabel: 'endpoint.domainLabel (--domain-label)',
  workspaceId: 'workspace.id (--workspace-id)',
};
