// Phase 2: azureml-fe finds its peers through the AKS API (the endpoints of
// its own service). From the router's vantage: the API server must answer
// through both paths, and the router's service account must be allowed to list
// those endpoints.
import type { RunContext } from '../../engine/context.ts';
import type { RunnerOutcome } from '../../engine/run.ts';
import { mayServiceAccount } from '../access-review.ts';
import { reachApiServer } from '../api-paths.ts';
import { ROUTER_LOCATIONS } from '../../kube/azureml-router.ts';
import { findRouter, type Router } from '../azureml-router.ts';
import { checkOwnPermissions } from './own-permissions.ts';
import { failed, limitsOf, type ClusterSession } from './session.ts';

export async function discoverRouter(s: ClusterSession, ctx: RunContext): Promise<{ outcome: RunnerOutcome; router?: Router }> {
  const paths = await reachApiServer(s.kube, ctx, s.apiServerFqdn);
  const evidence: Record<string, unknown> = { apiServer: paths };
  const broken = paths.find((p) => p.failure);
  if (broken?.failure) {
    const other = paths.find((p) => p !== broken && p.ok);
    const also = other ? ` (it answers through the ${other.via}, so azureml-fe works only if it uses that path)` : '';
    return { outcome: failed(broken.failure.code, `API server through the ${broken.via}: ${broken.failure.message}${also}`, evidence) };
  }
  const own = await checkOwnPermissions(
    s.kube,
    ROUTER_LOCATIONS.flatMap((l) => [
      { verb: 'get', resource: 'endpoints', namespace: l.namespace },
      { verb: 'get', group: 'apps', resource: 'deployments', namespace: l.namespace },
    ]),
    ctx,
  );
  evidence.permissions = own.evidence;
  if (own.denied) return { outcome: { ...own.denied, evidence: { ...evidence, ...own.denied.evidence } } };

  const found = await findRouter(s.kube, limitsOf(ctx));
  if (!found.ok) return { outcome: failed(found.failure.code, found.failure.message, evidence) };
  const router = found.value;
  const where = ROUTER_LOCATIONS.map((l) => `${l.services.join('/')} in ${l.namespace}`).join(', or ');
  const reached = paths
    .filter((p) => p.ok)
    .map((p) => p.via)
    .join(' and ');
  if (!router) {
    return {
      outcome: {
        status: 'warn',
        message: `azureml-fe is not deployed (no endpoints ${where}); the API server answers through the ${reached}, so it can discover its peers once AML attaches the cluster`,
        evidence,
      },
    };
  }
  const ref = `${router.location.namespace}/${router.service}`;
  Object.assign(evidence, {
    router: {
      flavour: router.location.flavour,
      service: ref,
      serviceAccount: router.serviceAccount,
      peers: router.peers,
      notReady: router.notReady,
    },
  });

  if (router.serviceAccount) {
    const account = { namespace: router.location.namespace, name: router.serviceAccount };
    const may = await mayServiceAccount(
      s.kube,
      account,
      { verb: 'list', resource: 'endpoints', namespace: router.location.namespace },
      limitsOf(ctx),
    );
    if (!may.ok) return { outcome: failed(may.failure.code, may.failure.message, evidence), router };
    evidence.routerMayListEndpoints = may.value;
    if (!may.value) {
      return {
        outcome: failed(
          'K8S_FORBIDDEN',
          `the router's service account ${account.namespace}/${account.name} may not list endpoints in namespace ${account.namespace}: azureml-fe cannot find its peers`,
          evidence,
        ),
        router,
      };
    }
  }
  if (!router.peers.length) {
    return {
      outcome: { status: 'warn', message: `no ready azureml-fe instance behind ${ref} (${router.notReady.length} not ready)`, evidence },
      router,
    };
  }
  return {
    outcome: {
      status: 'pass',
      message: `found ${router.peers.length} azureml-fe instance(s) behind ${ref} through the ${reached}${router.serviceAccount ? `; its service account ${router.serviceAccount} may list them` : ''}`,
      evidence,
    },
    router,
  };
}
