// The extension's in-cluster paths (how-to-access-azureml-behind-firewall,
// "In-cluster communication requirements"), checked from this pod: the API
// server, kube-dns and konnectivity-agent as the azureml namespace needs them,
// and the model pods' identity proxy. azureml-fe-v2 to the model pods on 5001
// is the v1 model-pods check (same label, same port).
import type { RunContext } from '../../engine/context.ts';
import type { RunnerOutcome } from '../../engine/run.ts';
import { reachApiServer } from '../api-paths.ts';
import { kubeCall } from '../../kube/errors.ts';
import { checkOwnPermissions } from './own-permissions.ts';
import { reachPods, type PodTarget } from './reach-pods.ts';
import { failed, limitsOf, type ClusterSession } from './session.ts';

export const IDENTITY_PROXY = { namespace: 'azureml', prefix: 'amlarc-identity-proxy', port: 9999 };
export const KUBE_DNS = { namespace: 'kube-system', labelSelector: 'k8s-app=kube-dns', port: 53 };
export const KONNECTIVITY = { namespace: 'kube-system', labelSelector: 'app=konnectivity-agent' };

export async function azuremlApiServer(s: ClusterSession, ctx: RunContext): Promise<RunnerOutcome> {
  const paths = await reachApiServer(s.kube, ctx, s.apiServerFqdn);
  const broken = paths.find((p) => p.failure);
  if (broken?.failure)
    return failed(broken.failure.code, `API server through the ${broken.via}: ${broken.failure.message}`, { apiServer: paths });
  return {
    status: 'pass',
    message: `the API server answers through the ${paths
      .filter((p) => p.ok)
      .map((p) => p.via)
      .join(' and ')}`,
    evidence: { apiServer: paths },
  };
}

/** Running pods of a namespace (by label or name prefix) as TCP targets. */
async function podsOf(
  s: ClusterSession,
  ctx: RunContext,
  where: { namespace: string; labelSelector?: string; prefix?: string },
  port?: number,
) {
  const own = await checkOwnPermissions(s.kube, [{ verb: 'list', resource: 'pods', namespace: where.namespace }], ctx);
  if (own.denied) return { denied: own.denied };
  const list = await kubeCall(
    s.kube,
    `list pods -n ${where.namespace}${where.labelSelector ? ` -l ${where.labelSelector}` : ''}`,
    limitsOf(ctx),
    (o) => s.kube.core.listNamespacedPod({ namespace: where.namespace, labelSelector: where.labelSelector }, o),
  );
  if (!list.ok) return { denied: failed(list.failure.code, list.failure.message) };
  const pods = list.value.items.filter((p) => !where.prefix || (p.metadata?.name ?? '').startsWith(where.prefix));
  const running = pods.filter((p) => p.status?.phase === 'Running' && p.status.podIP);
  // The port the pod declares for it (kube-dns: dns-tcp), else the documented one.
  const portOf = (p: (typeof pods)[number]) => {
    const declared = (p.spec?.containers ?? []).flatMap((c) => c.ports ?? []).filter((x) => (x.protocol ?? 'TCP') === 'TCP');
    return declared.find((x) => x.containerPort === port)?.containerPort ?? declared[0]?.containerPort ?? port ?? 0;
  };
  const targets: PodTarget[] = running.map((p) => ({
    name: p.metadata?.name ?? '',
    namespace: where.namespace,
    address: p.status!.podIP!,
    port: portOf(p),
    node: p.spec?.nodeName,
  }));
  return { pods, targets };
}

export async function azuremlKubeDns(s: ClusterSession, ctx: RunContext): Promise<RunnerOutcome> {
  const found = await podsOf(s, ctx, KUBE_DNS, KUBE_DNS.port);
  if (found.denied) return found.denied;
  if (!found.targets.length)
    return failed(
      'POD_UNREACHABLE',
      `no running kube-dns pod (${KUBE_DNS.labelSelector} in ${KUBE_DNS.namespace}): the extension's pods cannot resolve any name`,
    );
  return reachPods(found.targets, 'kube-dns pod', ctx, 'allow the azureml namespace to reach kube-dns in kube-system on UDP and TCP 53');
}

export async function azuremlKonnectivity(s: ClusterSession, ctx: RunContext): Promise<RunnerOutcome> {
  const found = await podsOf(s, ctx, KONNECTIVITY);
  if (found.denied) return found.denied;
  const evidence = { pods: found.pods.map((p) => ({ name: p.metadata?.name, phase: p.status?.phase, node: p.spec?.nodeName })) };
  // konnectivity-agent dials out to the control plane and carries the API server's calls back in: no port to connect to, so its pods must run.
  if (!found.pods.length)
    return {
      status: 'warn',
      message: `no konnectivity-agent pod (${KONNECTIVITY.labelSelector} in ${KONNECTIVITY.namespace}): this cluster tunnels to its control plane another way`,
      evidence,
    };
  if (!found.targets.length)
    return failed(
      'POD_UNREACHABLE',
      `no konnectivity-agent pod is running (${found.pods.map((p) => `${p.metadata?.name} ${p.status?.phase}`).join(', ')}): the API server cannot reach the extension's webhooks`,
      evidence,
    );
  return {
    status: 'pass',
    message: `${found.targets.length} konnectivity-agent pod(s) running: the API server reaches the cluster through them`,
    evidence,
  };
}

export async function modelIdentityProxy(s: ClusterSession, ctx: RunContext): Promise<RunnerOutcome> {
  const found = await podsOf(s, ctx, IDENTITY_PROXY, IDENTITY_PROXY.port);
  if (found.denied) return found.denied;
  if (!found.targets.length) {
    const pending = found.pods.map((p) => `${p.metadata?.name} (${p.status?.phase ?? 'unknown'})`);
    return pending.length
      ? failed('POD_UNREACHABLE', `no ${IDENTITY_PROXY.prefix} pod is running: ${pending.join(', ')}`)
      : {
          status: 'pass',
          message: `no ${IDENTITY_PROXY.prefix} pod in ${IDENTITY_PROXY.namespace} (the extension is not installed with inference)`,
          evidence: {},
        };
  }
  return reachPods(
    found.targets,
    `${IDENTITY_PROXY.prefix} pod`,
    ctx,
    `allow the model pods to reach ${IDENTITY_PROXY.prefix} in ${IDENTITY_PROXY.namespace} on TCP ${IDENTITY_PROXY.port}`,
  );
}
