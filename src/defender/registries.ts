// Which registries an import can make Defender for Containers scan. Defender
// scans Azure Container Registry images on push and on import; an image from
// any other registry cannot be imported into itself to trigger that, so it is
// reported with the reason instead of a trigger.

export type RegistryKind = 'acr' | 'mcr' | 'other';

export interface RegistryClass {
  kind: RegistryKind;
  /** ACR: the registry's name as `az acr` takes it (the login server's first label). */
  acrName?: string;
  reason?: string;
}

const ACR = /^([a-z0-9]{5,50})(?:-[a-z0-9]+)?\.azurecr\.(?:io|cn|us)$/;

export function classifyRegistry(registry: string): RegistryClass {
  const acr = ACR.exec(registry);
  if (acr) return { kind: 'acr', acrName: acr[1] };
  if (registry === 'mcr.microsoft.com' || registry.endsWith('.mcr.microsoft.com')) {
    return {
      kind: 'mcr',
      reason:
        'Microsoft Container Registry: Microsoft publishes and patches these images; Defender for Containers scans the registries you own, not MCR',
    };
  }
  return {
    kind: 'other',
    reason: `${registry} is not an Azure Container Registry: Defender for Containers scans it only through a registry connector of its own, if you set one up; import the image into your ACR to have it scanned there`,
  };
}
