// The `k8s` runner handed to runPreflight in a pod: one function per in-cluster
// check, bound by name from the rule YAML (`k8s: { check: ... }`), sharing one session.
import type { K8sCheckName } from '../catalog/types.ts';
import type { RunContext } from '../engine/context.ts';
import type { Runner, RunnerOutcome } from '../engine/run.ts';
import type { Kube } from '../kube/client.ts';
import { extensionHealthCheck } from './checks/extension-healthcheck.ts';
import { azuremlApiServer, azuremlKonnectivity, azuremlKubeDns, modelIdentityProxy } from './checks/extension-paths.ts';
import { modelPods } from './checks/model-pods.ts';
import { routerModelDiscovery } from './checks/router-model-discovery.ts';
import { routerPeerConnect } from './checks/router-peer-connect.ts';
import { discoverRouter } from './checks/router-peer-discovery.ts';
import type { ClusterSession } from './checks/session.ts';

// Keyed by every name the catalog accepts (K8S_CHECKS): a name without its function does not typecheck.
const CHECKS: Record<K8sCheckName, (s: ClusterSession, ctx: RunContext) => Promise<RunnerOutcome>> = {
  'router-peer-discovery': async (s, ctx) => (await s.discoverRouter(ctx)).outcome,
  'router-peer-connect': routerPeerConnect,
  'router-model-discovery': routerModelDiscovery,
  'model-pods': modelPods,
  'ext-healthcheck': extensionHealthCheck,
  'ext-azureml-api-server': azuremlApiServer,
  'ext-azureml-kube-dns': azuremlKubeDns,
  'ext-azureml-konnectivity': azuremlKonnectivity,
  'ext-model-identity-proxy': modelIdentityProxy,
};

export function createClusterRunner(options: { kube: Kube; apiServerFqdn?: string }): Runner {
  let router: ReturnType<ClusterSession['discoverRouter']> | undefined;
  const session: ClusterSession = {
    ...options,
    discoverRouter: (ctx) => (router ??= discoverRouter(session, ctx)),
  };
  return async (check, ctx) => {
    // A requirement that binds no check (the catalog rejects an unknown name when it loads).
    if (!check.k8sCheck)
      return {
        status: 'warn',
        message: `no in-cluster check implements requirement "${check.requirement}" (known: ${Object.keys(CHECKS).join(', ')})`,
        evidence: {},
      };
    return CHECKS[check.k8sCheck](session, ctx);
  };
}
