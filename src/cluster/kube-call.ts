import type { Kube } from './kube.ts';
import { kubeFailure, type KubeFailure } from './kube-errors.ts';

export type KubeResult<T> = { ok: true; value: T } | { ok: false; failure: KubeFailure };

/** One API call under a deadline, its error turned into a coded failure instead of a throw. */
export async function kubeCall<T>(
  kube: Kube,
  what: string,
  limits: { timeoutMs: number; signal?: AbortSignal },
  call: (options: ReturnType<Kube['within']>) => Promise<T>,
): Promise<KubeResult<T>> {
  try {
    return { ok: true, value: await call(kube.within(limits.timeoutMs, limits.signal)) };
  } catch (e) {
    return { ok: false, failure: kubeFailure(e, what, kube.server) };
  }
}
