// `aml-preflight defender` without the flag parsing: objects in, plan out, and
// with apply, the imports done. Tests call it with an injected credential.
import { TOOL } from '../tool.ts';
import { applyTriggers, type ApplyOutcome } from './apply.ts';
import type { AzureConnection } from './azure.ts';
import { readClusterDefender } from './cluster-profile.ts';
import { inventoryImages, type DeploymentLike, type PodLike } from './inventory.ts';
import { lastScans } from './recent-findings.ts';
import { sensorStatus, type DaemonSetLike } from './sensor.ts';
import { planTriggers, skipRecentlyScanned, type DefenderPlan } from './triggers.ts';

export interface DefenderInput {
  source: string;
  deployments: DeploymentLike[];
  pods: PodLike[];
  daemonSets: DaemonSetLike[];
  /** False for manifests, which may simply not include DaemonSets. */
  daemonSetsComplete: boolean;
}

export interface DefenderOptions {
  azure?: AzureConnection;
  managedCluster?: { resourceGroup: string; name: string };
  maxAgeMs?: number;
  apply?: { ratePerMinute: number; importTimeoutMs: number; pollIntervalMs?: number };
  log: (line: string) => void;
}

export interface DefenderResult extends DefenderPlan {
  generatedAt: string;
  tool: { name: string; version: string };
  applied?: ApplyOutcome[];
  /** One line per step that could not be done (ARM, Resource Graph). */
  problems: string[];
}

export async function runDefender(input: DefenderInput, options: DefenderOptions): Promise<DefenderResult> {
  const inventory = inventoryImages(input);
  const plan = planTriggers(inventory, sensorStatus(input.daemonSets, input.daemonSetsComplete), input.source);
  const result: DefenderResult = { generatedAt: new Date().toISOString(), tool: TOOL, ...plan, problems: [] };
  const { azure } = options;
  if (azure && options.managedCluster) {
    try {
      result.cluster = await readClusterDefender(azure, options.managedCluster.resourceGroup, options.managedCluster.name);
    } catch (e) {
      result.problems.push((e as Error).message);
    }
  }
  if (azure && options.maxAgeMs !== undefined) {
    const digests = result.triggers.flatMap((t) => (t.digest ? [t.digest] : []));
    if (digests.length) {
      try {
        skipRecentlyScanned(result, await lastScans(azure, digests), options.maxAgeMs);
      } catch (e) {
        // Without the answer nothing is skipped: a trigger too many is harmless, one too few is not.
        result.problems.push(`${(e as Error).message}; no image skipped`);
      }
    }
  }
  if (azure && options.apply) {
    result.applied = await applyTriggers(result.triggers, { conn: azure, ...options.apply, log: options.log });
  }
  return result;
}

/** Exit 1 when the loop is not closed: no sensor, Defender off, or an import failed. */
export function defenderFailed(r: DefenderResult): boolean {
  return (
    r.sensor.state === 'missing' ||
    r.sensor.state === 'degraded' ||
    r.cluster?.enabled === false ||
    !!r.applied?.some((a) => a.status === 'failed') ||
    r.problems.length > 0
  );
}
