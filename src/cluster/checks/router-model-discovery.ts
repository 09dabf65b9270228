// Phase 3: azureml-fe watches the model deployments (isazuremlapp=true) in the
// azureml-<workspace> namespaces; its service account must be allowed to list them.
import type { RunContext } from '../../engine/context.ts';
import type { RunnerOutcome } from '../../engine/run.ts';
import { MODEL_LABEL } from '../../compliance/model-services.ts';
import { mayServiceAccount, type Access } from '../access-review.ts';
import { kubeCall } from '../../kube/errors.ts';
import { checkOwnPermissions } from './own-permissions.ts';
import { failed, limitsOf, type ClusterSession } from './session.ts';

export async function routerModelDiscovery(s: ClusterSession, ctx: RunContext): Promise<RunnerOutcome> {
  const own = await checkOwnPermissions(s.kube, [{ verb: 'list', group: 'apps', resource: 'deployments' }], ctx);
  if (own.denied) return own.denied;
  const list = await kubeCall(s.kube, `list deployments -l ${MODEL_LABEL}=true`, limitsOf(ctx), (o) =>
    s.kube.apps.listDeploymentForAllNamespaces({ labelSelector: `${MODEL_LABEL}=true` }, o),
  );
  if (!list.ok) return failed(list.failure.code, list.failure.message);
  const models = list.value.items.map((d) => ({
    deployment: `${d.metadata?.namespace}/${d.metadata?.name}`,
    replicas: d.spec?.replicas,
    ready: d.status?.readyReplicas ?? 0,
  }));
  const namespaces = [...new Set(list.value.items.map((d) => d.metadata?.namespace ?? ''))].sort();
  const evidence: Record<string, unknown> = { models, namespaces, permissions: own.evidence };

  const { router } = await s.discoverRouter(ctx);
  if (router?.serviceAccount && namespaces.length) {
    const account = { namespace: router.location.namespace, name: router.serviceAccount };
    const needed: Access[] = namespaces.flatMap((namespace) => [
      { verb: 'list', group: 'apps', resource: 'deployments', namespace },
      { verb: 'list', resource: 'endpoints', namespace },
    ]);
    const answers = await Promise.all(needed.map((a) => mayServiceAccount(s.kube, account, a, limitsOf(ctx))));
    const error = answers.find((a) => !a.ok);
    if (error && !error.ok) return failed(error.failure.code, error.failure.message, evidence);
    const denied = needed.filter((_, i) => answers[i].ok && !(answers[i] as { value: boolean }).value);
    evidence.routerServiceAccount = `${account.namespace}/${account.name}`;
    if (denied.length) {
      return failed(
        'K8S_FORBIDDEN',
        `the router's service account ${account.namespace}/${account.name} may not ${denied.map((d) => `list ${d.resource} in ${d.namespace}`).join(', ')}: azureml-fe cannot discover those models`,
        evidence,
      );
    }
  }
  if (!models.length) return { status: 'pass', message: 'the API answers the model query; no model is deployed yet', evidence };
  const router_ = router?.serviceAccount ? `; the router's service account ${router.serviceAccount} may list them` : '';
  return { status: 'pass', message: `found ${models.length} model deployment(s) in ${namespaces.join(', ')}${router_}`, evidence };
}
