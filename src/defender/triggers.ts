// From the inventory to what makes Defender scan each image. There is no "scan
// now" API: Defender scans an ACR image on push and on import. The trigger
// imports the running digest into its own repository as a manifest-only copy
// (`az acr import --repository`, ARM importImage untaggedTargetRepositories):
// no tag is created or moved, so a tag that points to a newer build by now is
// left alone, and running it twice changes nothing.
import { findingsQuery } from './findings-query.ts';
import type { ImageUse, Inventory, InventoryImage } from './inventory.ts';
import { classifyRegistry } from './registries.ts';
import type { SensorStatus } from './sensor.ts';

export interface ImportTrigger {
  reference: string;
  registry: string;
  acrName: string;
  repository: string;
  tag?: string;
  digest?: string;
  /** The source image inside the registry: repo@sha256:… (or repo:tag when no digest is known). */
  sourceImage: string;
  /** `az acr import` argv. */
  command: string[];
  /** Resource Graph query for this image's findings. */
  findingsQuery: string;
  uses: ImageUse[];
  /** Set when the image needs no trigger now (findings younger than --max-age). */
  skip?: { reason: string; lastScan: string; findings: number };
}

export interface UnscannedImage {
  reference: string;
  registry: string;
  reason: string;
  uses: ImageUse[];
}

export interface ClusterDefenderProfile {
  resourceId: string;
  enabled: boolean;
  logAnalyticsWorkspaceResourceId?: string;
  message: string;
}

export interface DefenderPlan {
  source: string;
  sensor: SensorStatus;
  cluster?: ClusterDefenderProfile;
  workloads: Inventory['workloads'];
  triggers: ImportTrigger[];
  unscanned: UnscannedImage[];
  invalid: Inventory['invalid'];
}

export function triggerOf(image: InventoryImage, acrName: string): ImportTrigger {
  const sourceImage = image.digest ? `${image.repository}@${image.digest}` : `${image.repository}:${image.tag ?? 'latest'}`;
  return {
    reference: image.reference,
    registry: image.registry,
    acrName,
    repository: image.repository,
    tag: image.tag,
    digest: image.digest,
    sourceImage,
    command: ['az', 'acr', 'import', '--name', acrName, '--source', `${image.registry}/${sourceImage}`, '--repository', image.repository],
    findingsQuery: findingsQuery(image),
    uses: image.uses,
  };
}

export function planTriggers(inventory: Inventory, sensor: SensorStatus, source: string): DefenderPlan {
  const triggers: ImportTrigger[] = [];
  const unscanned: UnscannedImage[] = [];
  for (const image of inventory.images) {
    const registry = classifyRegistry(image.registry);
    if (registry.kind === 'acr') triggers.push(triggerOf(image, registry.acrName!));
    else unscanned.push({ reference: image.reference, registry: image.registry, reason: registry.reason!, uses: image.uses });
  }
  return { source, sensor, workloads: inventory.workloads, triggers, unscanned, invalid: inventory.invalid };
}

/** Marks the triggers whose digest was scanned within maxAgeMs (from a lastScan query). */
export function skipRecentlyScanned(
  plan: DefenderPlan,
  lastScans: Map<string, { lastScan: string; findings: number }>,
  maxAgeMs: number,
  now = Date.now(),
): void {
  for (const t of plan.triggers) {
    const scan = t.digest ? lastScans.get(t.digest) : undefined;
    if (!scan) continue;
    const age = now - Date.parse(scan.lastScan);
    if (Number.isFinite(age) && age <= maxAgeMs) {
      t.skip = {
        reason: `scanned ${new Date(scan.lastScan).toISOString()} (${scan.findings} finding row(s)), within --max-age`,
        lastScan: scan.lastScan,
        findings: scan.findings,
      };
    }
  }
}
