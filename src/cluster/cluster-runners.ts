// The `k8s` runner handed to runPreflight in a pod: one function per
// cluster-vantage requirement of rules/aml-aks.yaml, sharing one session.
import type { RunContext } from '../engine/context.ts';
import type { Runner, RunnerOutcome } from '../engine/run.ts';
import type { CheckKind } from '../types.ts';
import { extensionHealthCheck } from './checks/extension-healthcheck.ts';
import { azuremlApiServer, azuremlKonnectivity, azuremlKubeDns, modelIdentityProxy } from './checks/extension-paths.ts';
import { modelPods } from './checks/model-pods.ts';
import { routerModelDiscovery } from './checks/router-model-discovery.ts';
import { routerPeerConnect } from './checks/router-peer-connect.ts';
import { discoverRouter } from './checks/router-peer-discovery.ts';
import type { ClusterSession } from './checks/session.ts';
import type { Kube } from '../kube/client.ts';

const CHECKS: Record<string, (s: ClusterSession, ctx: RunContext) => Promise<RunnerOutcome>> = {
  'router-peer-discovery': async (s, ctx) => (await s.discoverRouter(ctx)).outcome,
  'router-peer-connect': routerPeerConnect,
  'router-model-discovery': routerModelDiscovery,
  'model-pods': modelPods,
  'ext-healthcheck': extensionHealthCheck,
  'ext-azureml-api-server': azuremlApiServer,
  'ext-azureml-kube-dns': azuremlKubeDns,
  'ext-azureml-konnectivity': azuremlKonnectivity,
  'ext-fe-model-pods': modelPods,
  'ext-model-identity-proxy': modelIdentityProxy,
};

export const IN_CLUSTER_REQUIREMENTS = Object.keys(CHECKS);

export function createClusterRunners(options: { kube: Kube; apiServerFqdn?: string }): Partial<Record<CheckKind, Runner>> {
  let router: ReturnType<ClusterSession['discoverRouter']> | undefined;
  const session: ClusterSession = {
    ...options,
    discoverRouter: (ctx) => (router ??= discoverRouter(session, ctx)),
  };
  return {
    k8s: async (check, ctx) => {
      const run = CHECKS[check.requirement];
      if (!run) return { status: 'warn', message: `no in-cluster check implements requirement "${check.requirement}" (known: ${IN_CLUSTER_REQUIREMENTS.join(', ')})`, evidence: {} };
      return run(session, ctx);
    },
  };
}
