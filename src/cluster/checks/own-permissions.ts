import type { RunContext } from '../../engine/context.ts';
import type { RunnerOutcome } from '../../engine/run.ts';
import { describeAccess, mayI, type Access } from '../access-review.ts';
import type { Kube } from '../../kube/client.ts';
import { failed, limitsOf } from './session.ts';

/**
 * Asks (SelfSubjectAccessReview) whether this pod may make the calls a check is
 * about to make, so "the preflight was not granted this" is told apart from
 * "the cluster is broken". Returns the failure, or undefined and the evidence.
 */
export async function checkOwnPermissions(
  kube: Kube,
  accesses: Access[],
  ctx: RunContext,
): Promise<{ denied?: RunnerOutcome; evidence: { access: string; allowed: boolean }[] }> {
  const evidence: { access: string; allowed: boolean }[] = [];
  const answers = await Promise.all(accesses.map((a) => mayI(kube, a, limitsOf(ctx))));
  for (const [i, r] of answers.entries()) {
    if (!r.ok) return { denied: failed(r.failure.code, r.failure.message, { permissions: evidence }), evidence };
    evidence.push({ access: describeAccess(accesses[i]), allowed: r.value });
  }
  const missing = evidence.filter((e) => !e.allowed);
  if (missing.length) {
    return {
      denied: failed(
        'K8S_FORBIDDEN',
        `this pod's service account may not ${missing.map((m) => m.access).join('; ')}: the ClusterRole aml-preflight-reader (deploy/) is missing, changed or not bound to it`,
        { permissions: evidence },
      ),
      evidence,
    };
  }
  return { evidence };
}
