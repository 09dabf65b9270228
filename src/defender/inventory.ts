// The images that serve models: the router's (azureml-fe) and every model
// deployment's (label isazuremlapp=true), each resolved to the digest its pods
// actually run where pod status says so. A tag can point elsewhere by now; the
// digest is what ran, so it is what should be scanned.
import { digestOfImageId, formatImageRef, parseImageRef, type ImageRef } from './image-ref.ts';

export interface ImageUse {
  namespace: string;
  workload: string;
  container: string;
  role: 'router' | 'model';
}

export interface InventoryImage extends ImageRef {
  /** registry/repository[:tag][@digest]. */
  reference: string;
  /** Where the digest came from: the reference itself, or a running pod's status. */
  digestFrom?: 'reference' | 'pod-status';
  uses: ImageUse[];
  /** Containers seen running this exact image. */
  runningContainers: number;
}

export interface Inventory {
  images: InventoryImage[];
  /** Image strings the reference grammar rejects: listed, never put in a trigger. */
  invalid: { image: string; uses: ImageUse[] }[];
  workloads: { namespace: string; name: string; role: 'router' | 'model'; pods: number }[];
}

interface Meta {
  name?: string;
  namespace?: string;
  labels?: Record<string, string>;
}
interface ContainerSpec {
  name?: string;
  image?: string;
}
interface PodTemplateSpec {
  metadata?: Meta;
  spec?: { containers?: ContainerSpec[]; initContainers?: ContainerSpec[] };
}
export interface DeploymentLike {
  metadata?: Meta;
  spec?: { selector?: { matchLabels?: Record<string, string> }; template?: PodTemplateSpec };
}
interface ContainerStatus {
  name?: string;
  image?: string;
  imageID?: string;
}
export interface PodLike {
  metadata?: Meta;
  spec?: PodTemplateSpec['spec'];
  status?: { phase?: string; containerStatuses?: ContainerStatus[]; initContainerStatuses?: ContainerStatus[] };
}

export const ROUTER_DEPLOYMENTS = [
  { namespace: 'default', name: 'azureml-fe' },
  { namespace: 'azureml', name: 'azureml-fe-v2' },
];
export const MODEL_LABEL = 'isazuremlapp';

const nsOf = (o: { metadata?: Meta }) => o.metadata?.namespace ?? 'default';

export function roleOf(d: DeploymentLike): 'router' | 'model' | undefined {
  if (ROUTER_DEPLOYMENTS.some((r) => r.name === d.metadata?.name && r.namespace === nsOf(d))) return 'router';
  if (d.metadata?.labels?.[MODEL_LABEL] === 'true' || d.spec?.template?.metadata?.labels?.[MODEL_LABEL] === 'true') return 'model';
  return undefined;
}

const selects = (selector: Record<string, string> | undefined, labels: Record<string, string> | undefined) =>
  !!selector && Object.keys(selector).length > 0 && Object.entries(selector).every(([k, v]) => labels?.[k] === v);

export function inventoryImages(input: { deployments: DeploymentLike[]; pods: PodLike[] }): Inventory {
  const images = new Map<string, InventoryImage>();
  const invalid = new Map<string, { image: string; uses: ImageUse[] }>();
  const workloads: Inventory['workloads'] = [];
  const claimed = new Set<PodLike>();

  const add = (image: string, use: ImageUse, running: boolean, imageId?: string) => {
    const ref = parseImageRef(image);
    if (!ref) {
      const entry = invalid.get(image) ?? { image, uses: [] };
      if (!entry.uses.some((u) => sameUse(u, use))) entry.uses.push(use);
      invalid.set(image, entry);
      return;
    }
    const fromStatus = ref.digest ? undefined : digestOfImageId(imageId);
    const resolved: ImageRef = { ...ref, digest: ref.digest ?? fromStatus };
    const reference = formatImageRef(resolved);
    const entry = images.get(reference) ?? {
      ...resolved,
      reference,
      digestFrom: ref.digest ? 'reference' : fromStatus ? 'pod-status' : undefined,
      uses: [],
      runningContainers: 0,
    };
    if (!entry.uses.some((u) => sameUse(u, use))) entry.uses.push(use);
    if (running) entry.runningContainers++;
    images.set(reference, entry);
  };

  const addPod = (pod: PodLike, role: 'router' | 'model', workload: string) => {
    claimed.add(pod);
    const statuses = [...(pod.status?.containerStatuses ?? []), ...(pod.status?.initContainerStatuses ?? [])];
    for (const c of [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])]) {
      if (!c.image) continue;
      const status = statuses.find((s) => s.name === c.name);
      add(c.image, { namespace: nsOf(pod), workload, container: c.name ?? '?', role }, !!status?.imageID, status?.imageID);
    }
  };

  for (const d of input.deployments) {
    const role = roleOf(d);
    if (!role) continue;
    const workload = `deployment/${d.metadata?.name}`;
    const pods = input.pods.filter((p) => nsOf(p) === nsOf(d) && selects(d.spec?.selector?.matchLabels, p.metadata?.labels));
    workloads.push({ namespace: nsOf(d), name: d.metadata?.name ?? '?', role, pods: pods.length });
    if (pods.length) for (const p of pods) addPod(p, role, workload);
    else
      for (const c of [...(d.spec?.template?.spec?.containers ?? []), ...(d.spec?.template?.spec?.initContainers ?? [])]) {
        // No pod to look at (a manifest without pods, or scaled to zero): the reference as written.
        if (c.image) add(c.image, { namespace: nsOf(d), workload, container: c.name ?? '?', role }, false);
      }
  }
  // Model pods whose deployment was not given (a dump of pods only).
  for (const p of input.pods) {
    if (claimed.has(p) || p.metadata?.labels?.[MODEL_LABEL] !== 'true') continue;
    addPod(p, 'model', `pod/${p.metadata?.name}`);
  }
  // A tag-only entry (a pod not started yet) is covered by the same tag resolved to a digest elsewhere.
  for (const [key, e] of images) {
    if (e.digest) continue;
    const resolved = [...images.values()].find(
      (o) => o.digest && o.registry === e.registry && o.repository === e.repository && o.tag === e.tag,
    );
    if (!resolved) continue;
    for (const u of e.uses) if (!resolved.uses.some((r) => sameUse(r, u))) resolved.uses.push(u);
    images.delete(key);
  }
  const order = (a: { reference?: string; image?: string }, b: { reference?: string; image?: string }) =>
    (a.reference ?? a.image ?? '').localeCompare(b.reference ?? b.image ?? '');
  return { images: [...images.values()].sort(order), invalid: [...invalid.values()].sort(order), workloads };
}

const sameUse = (a: ImageUse, b: ImageUse) => a.namespace === b.namespace && a.workload === b.workload && a.container === b.container;
