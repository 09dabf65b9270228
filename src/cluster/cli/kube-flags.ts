import { InputError } from '../../errors.ts';

/** Which cluster, and which namespace in it: every command that talks to a cluster takes these. */
export const CONNECTION_OPTIONS = {
  kubeconfig: { type: 'string' },
  context: { type: 'string' },
  namespace: { type: 'string', short: 'n' },
} as const;

export const KUBE_OPTIONS = {
  ...CONNECTION_OPTIONS,
  image: { type: 'string' },
  'request-timeout': { type: 'string' },
} as const;

export const KUBE_HELP = `Cluster:
  --kubeconfig FILE            kubeconfig (default: KUBECONFIG, then ~/.kube/config)
  --context NAME               kubeconfig context (default: the current one)
  -n, --namespace NS           namespace of the preflight's Jobs (default: aml-preflight)
  --image REF                  the aml-preflight image the pods run (build it from the Dockerfile)
  --request-timeout MS         deadline of each Kubernetes API call (default 15000)
`;

const DNS_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

export function parseNamespace(value: string): string {
  if (!DNS_LABEL.test(value)) throw new InputError(`--namespace: "${value}" is not a Kubernetes namespace name (lowercase letters, digits and -, at most 63)`);
  return value;
}

// registry/path:tag or @sha256:digest; no spaces or shell characters can reach a manifest.
const IMAGE = /^[a-z0-9]+([._-][a-z0-9]+)*(:[0-9]+)?(\/[a-z0-9]+([._-][a-z0-9]+)*)*(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(@sha256:[a-f0-9]{64})?$/;

export function parseImage(value: string): string {
  if (value.length > 255 || !IMAGE.test(value)) throw new InputError(`--image: "${value}" is not an image reference (registry/repository:tag)`);
  return value;
}
