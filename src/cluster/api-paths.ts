// A pod reaches the API server two ways: the in-cluster service
// (KUBERNETES_SERVICE_HOST, kubernetes.default.svc) and the cluster's public
// FQDN, which azureml-fe resolves (REQUIREMENTS §3, phases 1-2) and which
// AKS often puts in KUBERNETES_SERVICE_HOST itself. Each path is tried with
// the pod's own credentials, so a path that connects but rejects the token
// shows up as K8S_UNAUTHORIZED rather than as "reachable".
import { isIPv6 } from 'node:net';
import type { RunContext } from '../engine/context.ts';
import type { Kube } from '../kube/client.ts';
import { kubeAt } from '../kube/client.ts';
import { mayI } from './access-review.ts';
import type { KubeFailure } from '../kube/errors.ts';

export interface ApiPath {
  via: string;
  server: string;
  ok: boolean;
  durationMs?: number;
  failure?: KubeFailure;
  skipped?: string;
}

/** The DNS check whose addresses the FQDN path uses (never a second lookup). */
export const API_SERVER_DNS_CHECK = 'aks-api/dns';

async function tryPath(kube: Kube, via: string, ctx: RunContext): Promise<ApiPath> {
  const started = performance.now();
  // Any authenticated call proves reachability and credentials; a self access review is one every user may make.
  const r = await mayI(
    kube,
    { verb: 'get', resource: 'endpoints', namespace: 'default' },
    { timeoutMs: ctx.timeoutMs, signal: ctx.signal },
  );
  const durationMs = Math.round(performance.now() - started);
  return r.ok
    ? { via, server: kube.server, ok: true, durationMs }
    : { via, server: kube.server, ok: false, durationMs, failure: r.failure };
}

export async function reachApiServer(kube: Kube, ctx: RunContext, fqdn: string | undefined): Promise<ApiPath[]> {
  const primary = tryPath(kube, kube.inCluster ? 'in-cluster service (KUBERNETES_SERVICE_HOST)' : 'kubeconfig server', ctx);
  if (!fqdn) return [await primary, { via: 'public FQDN', server: '', ok: false, skipped: 'cluster.apiServerFqdn is not set' }];
  if (new URL(kube.server).hostname.toLowerCase() === fqdn) return [await primary];
  const override = ctx.connectTo.get(`${fqdn}:443`);
  const address = override?.address ?? ctx.addresses.get(API_SERVER_DNS_CHECK)?.[0]?.address;
  if (!address)
    return [
      await primary,
      {
        via: `public FQDN ${fqdn}`,
        server: '',
        ok: false,
        skipped: `no address for ${fqdn}: the ${API_SERVER_DNS_CHECK} check found none`,
      },
    ];
  const server = `https://${isIPv6(address) ? `[${address}]` : address}:${override?.port ?? 443}`;
  const secondary = tryPath(kubeAt(kube, server, fqdn), `public FQDN ${fqdn}`, ctx);
  return Promise.all([primary, secondary]);
}
