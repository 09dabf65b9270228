import type { ClusterSnapshot } from '../compliance/snapshot.ts';
import type { DeploymentLike, PodLike } from './inventory.ts';
import type { DefenderInput } from './run-defender.ts';
import type { DaemonSetLike } from './sensor.ts';

/** A manifests dump (read by the compliance loader) as defender input; its objects are kept raw, pod status included. */
export function defenderInputFromSnapshot(snapshot: ClusterSnapshot): DefenderInput {
  return {
    source: snapshot.source,
    deployments: snapshot.deployments as unknown as DeploymentLike[],
    pods: snapshot.pods as unknown as PodLike[],
    daemonSets: snapshot.daemonSets as unknown as DaemonSetLike[],
    daemonSetsComplete: snapshot.daemonSets.length > 0,
  };
}
