// Is Defender for Containers' sensor running in the cluster? Its DaemonSets are
// microsoft-defender-collector-ds and microsoft-defender-publisher-ds in
// kube-system; newer sensors run in namespace mdc. Without the sensor there are
// no runtime findings and the "running images" assessment stays empty.

export interface DaemonSetLike {
  metadata?: { name?: string; namespace?: string };
  status?: { desiredNumberScheduled?: number; numberReady?: number };
}

export type SensorState = 'running' | 'degraded' | 'missing' | 'unknown';

export interface SensorStatus {
  state: SensorState;
  daemonSets: { namespace: string; name: string; desired?: number; ready?: number }[];
  message: string;
}

export const SENSOR_DAEMONSETS = ['microsoft-defender-collector-ds', 'microsoft-defender-publisher-ds'];
export const SENSOR_NAMESPACE = 'mdc';

/** `knownComplete` is false for a dump that may hold no DaemonSets at all: absence then proves nothing. */
export function sensorStatus(daemonSets: DaemonSetLike[], knownComplete: boolean): SensorStatus {
  const found = daemonSets
    .filter(
      (d) =>
        (d.metadata?.namespace === 'kube-system' && SENSOR_DAEMONSETS.includes(d.metadata?.name ?? '')) ||
        d.metadata?.namespace === SENSOR_NAMESPACE,
    )
    .map((d) => ({
      namespace: d.metadata!.namespace!,
      name: d.metadata?.name ?? '?',
      desired: d.status?.desiredNumberScheduled,
      ready: d.status?.numberReady,
    }));
  if (!found.length) {
    if (!knownComplete)
      return {
        state: 'unknown',
        daemonSets: [],
        message: 'the manifests hold no DaemonSets: cannot tell whether the Defender sensor runs (add: kubectl get daemonsets -A -o yaml)',
      };
    return {
      state: 'missing',
      daemonSets: [],
      message: `no Defender sensor: none of ${SENSOR_DAEMONSETS.map((n) => `kube-system/${n}`).join(', ')} nor a DaemonSet in namespace ${SENSOR_NAMESPACE}; enable Defender for Containers on the cluster (az aks update --enable-defender)`,
    };
  }
  const notReady = found.filter((d) => d.desired !== undefined && (d.ready ?? 0) < d.desired);
  if (notReady.length) {
    return {
      state: 'degraded',
      daemonSets: found,
      message: `Defender sensor not ready: ${notReady.map((d) => `${d.namespace}/${d.name} ${d.ready ?? 0}/${d.desired}`).join(', ')}`,
    };
  }
  return {
    state: 'running',
    daemonSets: found,
    message: `Defender sensor runs: ${found.map((d) => `${d.namespace}/${d.name}`).join(', ')}`,
  };
}
