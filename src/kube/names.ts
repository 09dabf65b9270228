// The Kubernetes and AKS names a value must be before it reaches a manifest or an
// API path: a namespace (RFC 1123 label), a node pool, an image reference.
import { InputError } from '../errors.ts';

const NAMESPACE = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
const NODE_POOL = /^[a-z][a-z0-9]{0,11}$/;
// registry/path:tag or @sha256:digest; no spaces or shell characters can reach a manifest.
const IMAGE =
  /^[a-z0-9]+([._-][a-z0-9]+)*(:[0-9]+)?(\/[a-z0-9]+([._-][a-z0-9]+)*)*(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(@sha256:[a-f0-9]{64})?$/;

/** `flag` names where the value came from, for the one-line error. */
export function parseNamespace(value: string, flag = 'namespace'): string {
  if (!NAMESPACE.test(value))
    throw new InputError(`--${flag}: "${value}" is not a Kubernetes namespace name (lowercase letters, digits and hyphens, at most 63)`);
  return value;
}

export function parseNodePoolName(flag: string, value: string): string {
  if (!NODE_POOL.test(value))
    throw new InputError(
      `--${flag}: "${value}" is not an AKS node pool name (lowercase letters and digits, at most 12, starting with a letter)`,
    );
  return value;
}

export function parseImage(value: string): string {
  if (value.length > 255 || !IMAGE.test(value))
    throw new InputError(`--image: "${value}" is not an image reference (registry/repository:tag)`);
  return value;
}
