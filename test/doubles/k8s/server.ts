// A Kubernetes API server double over HTTPS on 127.0.0.1: the REST paths, verbs,
// Status errors, bearer-token authentication, RBAC, watches, pod logs, access
// reviews and API discovery that @kubernetes/client-node speaks, over a generic
// store.
// Every request is recorded with who made it and the RBAC attributes it needed.
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { servingCert } from './certs.ts';
import { discoveryDocument } from './discovery.ts';
import { authorize, forbiddenMessage, type Attributes, type UserInfo } from './rbac.ts';
import { apiVersionOf, RESOURCE_TYPES, typeByPath, type ResourceType } from './resources.ts';
import { ApiError, ObjectStore, type StoredObject } from './store.ts';
import { fieldsMatch, labelsMatch } from './selectors.ts';

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  user: string;
  attributes: Attributes;
  status: number;
}

/** A canned failure: the next `times` (default 1, Infinity for all) matching requests get this status. */
export interface Fault {
  method?: string;
  /** Matched against the path (no query). */
  path: RegExp;
  status: number;
  message?: string;
  times?: number;
  /** Only for this user (e.g. the pod's service account). */
  user?: string;
}

export interface KubeApiDouble {
  url: string;
  host: string;
  port: number;
  caPem: string;
  store: ObjectStore;
  requests: RecordedRequest[];
  /** A bearer token for a user; `system:masters` makes an admin. */
  addUser(username: string, groups?: string[]): string;
  /** The token the kubelet would mount for a service account. */
  serviceAccountToken(namespace: string, name: string): string;
  kubeconfig(token: string, options?: { context?: string; server?: string }): string;
  writeKubeconfig(dir: string, token: string, options?: { context?: string }): string;
  inject(fault: Fault): void;
  /** Installs or removes an API group (a CRD's): when not served, discovery leaves it out and its paths are 404. */
  setGroupServed(group: string, served: boolean): void;
  setLogs(namespace: string, pod: string, text: string): void;
  stop(): Promise<void>;
}

const REASONS: Record<number, string> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  409: 'AlreadyExists',
  410: 'Expired',
  422: 'Invalid',
  429: 'TooManyRequests',
  500: 'InternalError',
  503: 'ServiceUnavailable',
};
const ANONYMOUS_PATHS = new Set(['/healthz', '/livez', '/readyz', '/version']);
const APF_FLOW_SCHEMA_UID = 'd3f1e2c4-0000-4000-8000-00000000f10a';
const APF_PRIORITY_LEVEL_UID = 'd3f1e2c4-0000-4000-8000-00000000b1e5';

function status(res: ServerResponse, code: number, message: string, reason = REASONS[code] ?? 'Unknown'): void {
  res.writeHead(code, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code }));
}

function json(res: ServerResponse, code: number, body: unknown): void {
  res.writeHead(code, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError(400, 'BadRequest', 'the request body is not JSON');
  }
}

interface Route {
  type: ResourceType;
  namespace?: string;
  name?: string;
  subresource?: string;
}

/** /api/v1/... and /apis/GROUP/VERSION/..., namespaced or not, of a served group. */
function route(path: string, served: (t: ResourceType) => boolean): Route | undefined {
  const parts = path.split('/').filter(Boolean);
  let group: string;
  let version: string;
  let rest: string[];
  if (parts[0] === 'api') [group, version, rest] = ['', parts[1], parts.slice(2)];
  else if (parts[0] === 'apis') [group, version, rest] = [parts[1], parts[2], parts.slice(3)];
  else return undefined;
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    const type = typeByPath(group, version, rest[2]);
    return type && served(type) ? { type, namespace: rest[1], name: rest[3], subresource: rest[4] } : undefined;
  }
  const type = typeByPath(group, version, rest[0] ?? '');
  return type && served(type) ? { type, name: rest[1], subresource: rest[2] } : undefined;
}

function verbOf(method: string, r: Route, query: Record<string, string>): string {
  if (method === 'GET') return r.name ? 'get' : query.watch === 'true' || query.watch === '1' ? 'watch' : 'list';
  if (method === 'POST') return 'create';
  if (method === 'PUT') return 'update';
  if (method === 'PATCH') return 'patch';
  if (method === 'DELETE') return r.name ? 'delete' : 'deletecollection';
  return method.toLowerCase();
}

export async function startKubeApi(
  options: { names?: string[]; objects?: Partial<StoredObject>[]; unservedGroups?: string[] } = {},
): Promise<KubeApiDouble> {
  const cert = await servingCert([
    'kubernetes',
    'kubernetes.default',
    'kubernetes.default.svc',
    'kubernetes.default.svc.cluster.local',
    'localhost',
    '127.0.0.1',
    ...(options.names ?? []),
  ]);
  const store = new ObjectStore();
  if (options.objects) store.load(options.objects);
  const users = new Map<string, UserInfo>();
  const faults: Fault[] = [];
  const logs = new Map<string, string>();
  const requests: RecordedRequest[] = [];
  const watches = new Set<ServerResponse>();
  const unserved = new Set(options.unservedGroups ?? []);
  const served = (t: ResourceType) => !unserved.has(t.group);

  const addUser = (username: string, groups: string[] = []): string => {
    const token = randomBytes(24).toString('hex');
    users.set(token, { username, groups: [...groups, 'system:authenticated'] });
    return token;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'https://double');
    const query = Object.fromEntries(url.searchParams);
    const method = req.method ?? 'GET';
    const token = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const user = token ? users.get(token) : undefined;
    const r = route(url.pathname, served);
    const attributes: Attributes = r
      ? {
          verb: verbOf(method, r, query),
          apiGroup: r.type.group,
          resource: r.type.plural,
          subresource: r.subresource,
          namespace: r.namespace,
          name: r.name,
        }
      : { verb: method === 'GET' ? 'get' : method.toLowerCase(), path: url.pathname };
    const record = (code: number) =>
      requests.push({ method, path: url.pathname, query, user: user?.username ?? 'system:anonymous', attributes, status: code });

    if (!user && !(ANONYMOUS_PATHS.has(url.pathname) && method === 'GET')) {
      record(401);
      return status(res, 401, 'Unauthorized');
    }
    const fault = faults.find(
      (f) =>
        (!f.method || f.method === method) && f.path.test(url.pathname) && (!f.user || f.user === user?.username) && (f.times ?? 1) > 0,
    );
    if (fault) {
      fault.times = (fault.times ?? 1) - 1;
      record(fault.status);
      return status(res, fault.status, fault.message ?? `injected ${fault.status}`);
    }
    if (user) {
      const decision = authorize(store, user, attributes);
      if (!decision.allowed) {
        record(403);
        return status(res, 403, forbiddenMessage(user, attributes));
      }
    }
    if (!r) {
      const discovery =
        method === 'GET'
          ? discoveryDocument(url.pathname, RESOURCE_TYPES.filter(served), `${req.socket.localAddress}:${req.socket.localPort}`)
          : undefined;
      record(ANONYMOUS_PATHS.has(url.pathname) || discovery ? 200 : 404);
      if (discovery) return json(res, 200, discovery);
      if (url.pathname === '/version')
        return json(res, 200, { major: '1', minor: '31', gitVersion: 'v1.31.2-double', platform: 'linux/amd64' });
      if (ANONYMOUS_PATHS.has(url.pathname)) {
        res.writeHead(200, { 'content-type': 'text/plain' });
        return void res.end('ok');
      }
      return status(res, 404, `the server could not find the requested resource (${url.pathname})`);
    }
    try {
      const code = await serve(r, attributes, req, res, query, user!);
      record(code);
    } catch (e) {
      const err = e instanceof ApiError ? e : new ApiError(500, 'InternalError', (e as Error).message);
      record(err.status);
      status(res, err.status, err.message, err.reason);
    }
  };

  const serve = async (
    r: Route,
    a: Attributes,
    req: IncomingMessage,
    res: ServerResponse,
    query: Record<string, string>,
    user: UserInfo,
  ): Promise<number> => {
    const { type } = r;
    if (type.virtual) {
      if (a.verb !== 'create') throw new ApiError(405, 'MethodNotAllowed', `${type.plural} only supports create`);
      const review = (await readBody(req)) as {
        spec?: {
          user?: string;
          groups?: string[];
          resourceAttributes?: Record<string, string>;
          nonResourceAttributes?: { path: string; verb: string };
        };
      };
      const subject =
        type.kind === 'SelfSubjectAccessReview'
          ? user
          : { username: review?.spec?.user ?? '', groups: [...(review?.spec?.groups ?? []), 'system:authenticated'] };
      const ra = review?.spec?.resourceAttributes;
      const asked: Attributes = ra
        ? {
            verb: ra.verb,
            apiGroup: ra.group ?? '',
            resource: ra.resource,
            subresource: ra.subresource || undefined,
            namespace: ra.namespace || undefined,
            name: ra.name || undefined,
          }
        : { verb: review?.spec?.nonResourceAttributes?.verb ?? 'get', path: review?.spec?.nonResourceAttributes?.path ?? '/' };
      const decision = authorize(store, subject, asked);
      json(res, 201, {
        ...review,
        apiVersion: apiVersionOf(type),
        kind: type.kind,
        status: { allowed: decision.allowed, reason: decision.reason || undefined },
      });
      return 201;
    }
    if (r.namespace && type.namespaced && a.verb === 'create') {
      const nsType = typeByPath('', 'v1', 'namespaces')!;
      if (!store.find(nsType, undefined, r.namespace)) throw new ApiError(404, 'NotFound', `namespaces "${r.namespace}" not found`);
    }
    if (r.subresource === 'log' && type.kind === 'Pod') {
      const pod = store.get(type, r.namespace, r.name!);
      const text = logs.get(`${r.namespace}/${r.name}`);
      if (text === undefined) {
        const phase = (pod.status as { phase?: string } | undefined)?.phase ?? 'Pending';
        throw new ApiError(
          400,
          'BadRequest',
          `container "${(pod.spec as { containers?: { name: string }[] })?.containers?.[0]?.name}" in pod "${r.name}" is waiting to start: ${phase === 'Pending' ? 'ContainerCreating' : phase}`,
        );
      }
      const limit = Number(query.limitBytes) || Infinity;
      const tail = Number(query.tailLines);
      const body = (
        tail
          ? text
              .split('\n')
              .slice(-tail - 1)
              .join('\n')
          : text
      ).slice(0, limit);
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(body);
      return 200;
    }
    switch (a.verb) {
      case 'get':
        json(res, 200, store.get(type, r.namespace, r.name!));
        return 200;
      case 'list':
        json(res, 200, {
          kind: `${type.kind}List`,
          apiVersion: apiVersionOf(type),
          metadata: { resourceVersion: store.resourceVersion },
          items: store.list(type, { namespace: r.namespace, labelSelector: query.labelSelector, fieldSelector: query.fieldSelector }),
        });
        return 200;
      case 'watch':
        watch(r, query, req, res);
        return 200;
      case 'create': {
        const body = (await readBody(req)) as Partial<StoredObject>;
        json(res, 201, store.create(type, body ?? {}, r.namespace));
        return 201;
      }
      case 'update': {
        const body = (await readBody(req)) as Partial<StoredObject>;
        json(res, 200, store.replace(type, r.namespace, r.name!, body ?? {}));
        return 200;
      }
      case 'patch':
        json(res, 200, store.patch(type, r.namespace, r.name!, await readBody(req)));
        return 200;
      case 'delete': {
        const body = (await readBody(req)) as { propagationPolicy?: string } | undefined;
        const deleted = store.delete(type, r.namespace, r.name!, query.propagationPolicy ?? body?.propagationPolicy);
        json(res, 200, {
          kind: 'Status',
          apiVersion: 'v1',
          metadata: {},
          status: 'Success',
          details: { name: deleted.metadata.name, kind: type.plural, uid: deleted.metadata.uid },
        });
        return 200;
      }
      case 'deletecollection': {
        const body = (await readBody(req)) as { propagationPolicy?: string } | undefined;
        const items = store.list(type, { namespace: r.namespace, labelSelector: query.labelSelector, fieldSelector: query.fieldSelector });
        for (const o of items)
          store.delete(type, o.metadata.namespace, o.metadata.name, query.propagationPolicy ?? body?.propagationPolicy);
        json(res, 200, { kind: `${type.kind}List`, apiVersion: apiVersionOf(type), metadata: {}, items });
        return 200;
      }
    }
    throw new ApiError(405, 'MethodNotAllowed', `${a.verb} is not supported on ${type.plural}`);
  };

  /** Newline-delimited watch events: ADDED for what exists now, then every change that matches. */
  const watch = (r: Route, query: Record<string, string>, req: IncomingMessage, res: ServerResponse): void => {
    res.writeHead(200, { 'content-type': 'application/json', 'transfer-encoding': 'chunked' });
    // The API server answers a watch at once, events or not.
    res.flushHeaders();
    watches.add(res);
    const matches = (o: StoredObject) =>
      (!r.namespace || o.metadata.namespace === r.namespace) &&
      labelsMatch(query.labelSelector, o.metadata.labels) &&
      fieldsMatch(query.fieldSelector, o);
    const send = (type: string, object: StoredObject) =>
      res.write(`${JSON.stringify({ type, object: { ...object, apiVersion: apiVersionOf(r.type) } })}\n`);
    if (!query.resourceVersion || query.resourceVersion === '0')
      for (const o of store.list(r.type, {
        namespace: r.namespace,
        labelSelector: query.labelSelector,
        fieldSelector: query.fieldSelector,
      }))
        send('ADDED', o);
    const unsubscribe = store.subscribe((change) => {
      if (change.resource.group === r.type.group && change.resource.kind === r.type.kind && matches(change.object))
        send(change.type, change.object);
    });
    const end = () => {
      unsubscribe();
      clearTimeout(timer);
      watches.delete(res);
      if (!res.writableEnded) res.end();
    };
    const timer = setTimeout(end, (Number(query.timeoutSeconds) || 300) * 1000);
    req.on('close', end);
    res.on('close', end);
  };

  const server: Server = createServer({ cert: cert.certPem, key: cert.keyPem }, (req, res) => {
    // API Priority and Fairness classifies every request and says so in two headers: the
    // signature by which the preflight's HTTP proof knows a real API server answered.
    res.setHeader('X-Kubernetes-Pf-Flowschema-Uid', APF_FLOW_SCHEMA_UID);
    res.setHeader('X-Kubernetes-Pf-Prioritylevel-Uid', APF_PRIORITY_LEVEL_UID);
    handle(req, res).catch((e) => {
      if (!res.headersSent) status(res, 500, (e as Error).message);
    });
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  const url = `https://127.0.0.1:${port}`;

  const kubeconfig = (token: string, o: { context?: string; server?: string } = {}): string => {
    const context = o.context ?? 'double';
    return [
      'apiVersion: v1',
      'kind: Config',
      'clusters:',
      `- name: ${context}-cluster`,
      '  cluster:',
      `    server: ${o.server ?? url}`,
      `    certificate-authority-data: ${Buffer.from(cert.caPem).toString('base64')}`,
      'users:',
      `- name: ${context}-user`,
      '  user:',
      `    token: ${token}`,
      'contexts:',
      `- name: ${context}`,
      '  context:',
      `    cluster: ${context}-cluster`,
      `    user: ${context}-user`,
      `current-context: ${context}`,
      '',
    ].join('\n');
  };

  let stopped: Promise<void> | undefined;
  return {
    url,
    host: '127.0.0.1',
    port,
    caPem: cert.caPem,
    store,
    requests,
    addUser,
    serviceAccountToken: (namespace, name) =>
      addUser(`system:serviceaccount:${namespace}:${name}`, ['system:serviceaccounts', `system:serviceaccounts:${namespace}`]),
    kubeconfig,
    writeKubeconfig(dir, token, o = {}) {
      const file = join(dir, `kubeconfig-${o.context ?? 'double'}`);
      writeFileSync(file, kubeconfig(token, o), { mode: 0o600 });
      return file;
    },
    inject: (fault) => faults.push({ ...fault }),
    setGroupServed: (group, isServed) => void (isServed ? unserved.delete(group) : unserved.add(group)),
    setLogs: (namespace, pod, text) => logs.set(`${namespace}/${pod}`, text),
    stop: () =>
      (stopped ??= new Promise<void>((resolve) => {
        for (const w of watches) w.end();
        server.close(() => resolve());
        server.closeAllConnections();
      })),
  };
}
