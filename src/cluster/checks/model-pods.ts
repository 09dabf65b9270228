// Phases 3 and 5: azureml-fe routes every request to a model pod on its port (5001).
import type { RunContext } from '../../engine/context.ts';
import type { RunnerOutcome } from '../../engine/run.ts';
import { MODEL_LABEL, MODEL_PORT } from '../../compliance/model-services.ts';
import { kubeCall } from '../../kube/errors.ts';
import { checkOwnPermissions } from './own-permissions.ts';
import { reachPods } from './reach-pods.ts';
import { failed, limitsOf, type ClusterSession } from './session.ts';

export async function modelPods(s: ClusterSession, ctx: RunContext): Promise<RunnerOutcome> {
  const own = await checkOwnPermissions(s.kube, [{ verb: 'list', resource: 'pods' }], ctx);
  if (own.denied) return own.denied;
  const list = await kubeCall(s.kube, `list pods -l ${MODEL_LABEL}=true`, limitsOf(ctx), (o) =>
    s.kube.core.listPodForAllNamespaces({ labelSelector: `${MODEL_LABEL}=true` }, o),
  );
  if (!list.ok) return failed(list.failure.code, list.failure.message);
  const running = list.value.items.filter((p) => p.status?.phase === 'Running' && p.status.podIP);
  const notRunning = list.value.items
    .filter((p) => !running.includes(p))
    .map((p) => `${p.metadata?.namespace}/${p.metadata?.name} (${p.status?.phase ?? 'unknown'})`);
  if (!running.length) {
    const message = notRunning.length
      ? `no model pod is running: ${notRunning.join(', ')}`
      : 'no model pod to reach (no model deployed yet)';
    return { status: notRunning.length ? 'warn' : 'pass', message, evidence: { notRunning } };
  }
  const targets = running.map((p) => {
    const ports = (p.spec?.containers ?? []).flatMap((c) => c.ports ?? []);
    const port = ports.find((x) => x.containerPort === MODEL_PORT)?.containerPort ?? ports[0]?.containerPort ?? MODEL_PORT;
    return { name: p.metadata?.name ?? '', namespace: p.metadata?.namespace, address: p.status!.podIP!, port, node: p.spec?.nodeName };
  });
  const outcome = await reachPods(
    targets,
    'model pod',
    ctx,
    'allow traffic from the azureml-fe pods to the model pods on their port in the azureml-<workspace> namespaces',
  );
  return { ...outcome, evidence: { ...outcome.evidence, notRunning } };
}
