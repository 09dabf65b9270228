// Container image references as Kubernetes writes them, parsed by the grammar
// of the distribution project (docker/distribution reference): what a value
// must look like before it lands in a generated script or a query.

export interface ImageRef {
  registry: string;
  repository: string;
  tag?: string;
  digest?: string;
}

const COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const DOMAIN_LABEL = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = `(?:${DOMAIN_LABEL}(?:\\.${DOMAIN_LABEL})*|\\[[0-9a-fA-F:]+\\])(?::[0-9]+)?`;
const REFERENCE = new RegExp(`^(?:(${DOMAIN})/)?(${COMPONENT}(?:/${COMPONENT})*)(?::([\\w][\\w.-]{0,127}))?(?:@(sha256:[0-9a-f]{64}))?$`);
export const DIGEST = /^sha256:[0-9a-f]{64}$/;

export const DOCKER_HUB = 'docker.io';

/** Undefined for anything the grammar does not allow (the caller reports it as invalid, never uses it). */
export function parseImageRef(image: string): ImageRef | undefined {
  if (image.length > 512) return undefined;
  const m = REFERENCE.exec(image);
  if (!m) return undefined;
  let domain: string | undefined = m[1];
  let path = m[2];
  const [, , , tag, digest] = m;
  // "a/b" is Docker Hub's a/b; "host.example/b" or "host:5000/b" or "localhost/b" names a registry.
  if (domain !== undefined && !domain.includes('.') && !domain.includes(':') && domain !== 'localhost' && !domain.startsWith('[')) {
    path = `${domain}/${path}`;
    domain = undefined;
  }
  if (domain !== undefined && domain !== domain.toLowerCase() && !/^\[/.test(domain)) domain = domain.toLowerCase();
  const registry = domain === undefined || domain === 'index.docker.io' || domain === 'registry-1.docker.io' ? DOCKER_HUB : domain;
  if (registry === DOCKER_HUB && !path.includes('/')) path = `library/${path}`;
  if (`${registry}/${path}`.length > 255) return undefined;
  return { registry, repository: path, tag: tag ?? (digest ? undefined : 'latest'), digest };
}

export const formatImageRef = (r: ImageRef): string =>
  `${r.registry}/${r.repository}${r.tag ? `:${r.tag}` : ''}${r.digest ? `@${r.digest}` : ''}`;

/** The manifest digest a pod actually runs, from status.containerStatuses[].imageID
 *  (docker-pullable://repo@sha256:…, or repo@sha256:… with containerd). A bare
 *  sha256:… there is the image config id, not a registry digest: ignored. */
export function digestOfImageId(imageId: string | undefined): string | undefined {
  const m = /@(sha256:[0-9a-f]{64})$/.exec(imageId ?? '');
  return m?.[1];
}
