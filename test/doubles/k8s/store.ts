// The double's etcd: objects keyed by group/kind, namespace and name, with
// resourceVersions, generateName, owner-reference garbage collection, admission
// hooks and change events for watches. Nothing in it knows a particular kind.
import { randomUUID } from 'node:crypto';
import { apiVersionOf, typeOfObject, type ResourceType } from './resources.ts';
import { fieldsMatch, labelsMatch } from './selectors.ts';

export interface Meta {
  name: string;
  namespace?: string;
  uid: string;
  resourceVersion: string;
  creationTimestamp: string;
  generateName?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: { apiVersion?: string; kind: string; name: string; uid: string; controller?: boolean }[];
  [field: string]: unknown;
}

export interface StoredObject {
  apiVersion: string;
  kind: string;
  metadata: Meta;
  [field: string]: unknown;
}

export type ChangeType = 'ADDED' | 'MODIFIED' | 'DELETED';
export interface Change {
  type: ChangeType;
  resource: ResourceType;
  object: StoredObject;
}

/** An answer the API server gives as a Status object. */
export class ApiError extends Error {
  status: number;
  reason: string;
  constructor(status: number, reason: string, message: string) {
    super(message);
    this.status = status;
    this.reason = reason;
  }
}

/** Admission: return a message to reject the create (like a quota or a policy webhook). */
export type AdmissionHook = (resource: ResourceType, object: StoredObject) => { status?: number; message: string } | undefined;

export interface ListOptions {
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
}

const keyOf = (t: ResourceType): string => `${t.group}/${t.kind}`;
const clone = <T>(v: T): T => structuredClone(v);

export class ObjectStore {
  private readonly objects = new Map<string, Map<string, StoredObject>>();
  private readonly listeners = new Set<(change: Change) => void>();
  private readonly admission: AdmissionHook[] = [];
  private revision = 1;

  private bucket(t: ResourceType): Map<string, StoredObject> {
    let b = this.objects.get(keyOf(t));
    if (!b) {
      b = new Map();
      this.objects.set(keyOf(t), b);
    }
    return b;
  }

  private id(t: ResourceType, namespace: string | undefined, name: string): string {
    return t.namespaced ? `${namespace ?? ''}/${name}` : name;
  }

  /** The object as served at `t`'s version (HPA v1 and v2 share one stored copy). */
  private view(t: ResourceType, o: StoredObject): StoredObject {
    return { ...clone(o), apiVersion: apiVersionOf(t) };
  }

  private emit(type: ChangeType, t: ResourceType, o: StoredObject): void {
    for (const l of this.listeners) l({ type, resource: t, object: clone(o) });
  }

  get resourceVersion(): string {
    return String(this.revision);
  }

  subscribe(listener: (change: Change) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  addAdmission(hook: AdmissionHook): () => void {
    this.admission.push(hook);
    return () => this.admission.splice(this.admission.indexOf(hook), 1);
  }

  list(t: ResourceType, options: ListOptions = {}): StoredObject[] {
    return [...this.bucket(t).values()]
      .filter((o) => !t.namespaced || !options.namespace || o.metadata.namespace === options.namespace)
      .filter((o) => labelsMatch(options.labelSelector, o.metadata.labels))
      .filter((o) => fieldsMatch(options.fieldSelector, o))
      .sort((a, b) => `${a.metadata.namespace}/${a.metadata.name}`.localeCompare(`${b.metadata.namespace}/${b.metadata.name}`))
      .map((o) => this.view(t, o));
  }

  find(t: ResourceType, namespace: string | undefined, name: string): StoredObject | undefined {
    const o = this.bucket(t).get(this.id(t, namespace, name));
    return o && this.view(t, o);
  }

  get(t: ResourceType, namespace: string | undefined, name: string): StoredObject {
    const o = this.find(t, namespace, name);
    if (!o) throw new ApiError(404, 'NotFound', `${t.plural}${t.group ? `.${t.group}` : ''} "${name}" not found`);
    return o;
  }

  create(t: ResourceType, input: Partial<StoredObject>, namespace?: string): StoredObject {
    const metadata = { ...(input.metadata ?? {}) } as Partial<Meta>;
    if (!metadata.name && metadata.generateName) metadata.name = `${metadata.generateName}${Math.random().toString(36).slice(2, 7)}`;
    if (!metadata.name)
      throw new ApiError(422, 'Invalid', `${t.kind} is invalid: metadata.name: Required value: name or generateName is required`);
    if (t.namespaced) {
      const ns = namespace ?? metadata.namespace;
      if (!ns)
        throw new ApiError(400, 'BadRequest', 'the namespace of the provided object does not match the namespace sent on the request');
      metadata.namespace = ns;
    } else delete metadata.namespace;
    const object = {
      ...clone(input),
      apiVersion: apiVersionOf(t),
      kind: t.kind,
      metadata: {
        ...metadata,
        uid: randomUUID(),
        resourceVersion: String(++this.revision),
        creationTimestamp: metadata.creationTimestamp ?? new Date().toISOString(),
      },
    } as StoredObject;
    for (const hook of this.admission) {
      const rejection = hook(t, object);
      if (rejection) throw new ApiError(rejection.status ?? 403, rejection.status === 422 ? 'Invalid' : 'Forbidden', rejection.message);
    }
    const id = this.id(t, object.metadata.namespace, object.metadata.name);
    if (this.bucket(t).has(id))
      throw new ApiError(409, 'AlreadyExists', `${t.plural}${t.group ? `.${t.group}` : ''} "${object.metadata.name}" already exists`);
    this.bucket(t).set(id, object);
    this.emit('ADDED', t, object);
    return this.view(t, object);
  }

  replace(t: ResourceType, namespace: string | undefined, name: string, input: Partial<StoredObject>): StoredObject {
    const current = this.get(t, namespace, name);
    const object = {
      ...clone(input),
      apiVersion: current.apiVersion,
      kind: t.kind,
      metadata: {
        ...(input.metadata ?? {}),
        name,
        namespace: current.metadata.namespace,
        uid: current.metadata.uid,
        creationTimestamp: current.metadata.creationTimestamp,
        resourceVersion: String(++this.revision),
      },
    } as StoredObject;
    this.bucket(t).set(this.id(t, namespace, name), object);
    this.emit('MODIFIED', t, object);
    return this.view(t, object);
  }

  /** JSON merge patch (RFC 7386); strategic merge patches are treated the same, which covers maps and scalars. */
  patch(t: ResourceType, namespace: string | undefined, name: string, patch: unknown): StoredObject {
    const current = this.get(t, namespace, name);
    return this.replace(t, namespace, name, mergePatch(current, patch) as StoredObject);
  }

  /** Updates an object in place from the double's own controllers (status changes). */
  update(t: ResourceType, namespace: string | undefined, name: string, change: (o: StoredObject) => void): StoredObject | undefined {
    const current = this.find(t, namespace, name);
    if (!current) return undefined;
    change(current);
    return this.replace(t, namespace, name, current);
  }

  delete(t: ResourceType, namespace: string | undefined, name: string, propagationPolicy = 'Background'): StoredObject {
    const object = this.get(t, namespace, name);
    this.bucket(t).delete(this.id(t, namespace, name));
    this.emit('DELETED', t, object);
    if (propagationPolicy !== 'Orphan') this.collectGarbage(object.metadata.uid);
    return object;
  }

  /** Deletes every object owned by `uid`, as the garbage collector does for Background and Foreground deletion. */
  private collectGarbage(uid: string): void {
    for (const [key, bucket] of this.objects) {
      for (const o of [...bucket.values()]) {
        if (o.metadata.ownerReferences?.some((r) => r.uid === uid)) {
          const t = typeOfObject(o.apiVersion, o.kind)!;
          if (keyOf(t) === key) this.delete(t, o.metadata.namespace, o.metadata.name);
        }
      }
    }
  }

  /** Loads fixture objects as they are (status included), creating namespaces they name. */
  load(objects: Partial<StoredObject>[]): void {
    for (const o of objects) {
      const t = typeOfObject(String(o.apiVersion ?? ''), String(o.kind ?? ''));
      if (!t) throw new Error(`the double does not serve ${o.apiVersion} ${o.kind}; add it to RESOURCE_TYPES`);
      const ns = o.metadata?.namespace;
      const nsType = typeOfObject('v1', 'Namespace')!;
      if (t.namespaced && ns && !this.find(nsType, undefined, ns)) this.create(nsType, { metadata: { name: ns } as Meta });
      if (t.namespaced && !ns) this.create(t, o, 'default');
      else this.create(t, o);
    }
  }
}

export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!patch || typeof patch !== 'object' || Array.isArray(patch)) return clone(patch);
  const out: Record<string, unknown> =
    target && typeof target === 'object' && !Array.isArray(target) ? clone(target as Record<string, unknown>) : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}
