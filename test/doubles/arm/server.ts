// A double of the slice of Azure Resource Manager that defender and discover read
// (and, through `routes`, the firewall policy `firewall apply` writes: firewall-policy.ts),
// served over HTTPS on 127.0.0.1 and driven by the real Azure SDK clients
// (@azure/arm-containerservice, arm-containerregistry, arm-resourcegraph):
//   GET  .../managedClusters/{name}                       (securityProfile.defender)
//   GET  /subscriptions/{s}/providers/Microsoft.ContainerRegistry/registries   (paged)
//   POST .../registries/{name}/importImage                 (long-running: 202, Azure-AsyncOperation + Location)
//   POST /providers/Microsoft.ResourceGraph/resources     (only the query shapes aml-preflight sends)
//   GET  any resource of `resources` (a snapshot, ARM's own JSON) by its id; its children as
//        ARM's collections (paged, 2 per page, through nextLink); a subscription's resources of a
//        type; a resource's outboundNetworkDependenciesEndpoints list (discover reads these)
// It is a double: ARM's wire format (bearer auth, api-version, error bodies,
// LRO headers, 429 with Retry-After, nextLink paging) as the SDKs expect it,
// not Azure's behaviour beyond what the tests state.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import { listenOnLoopback } from '../../helpers/loopback-server.ts';
import { servingCert } from '../k8s/certs.ts';
import type { ArmResource } from '../../../src/azure/snapshot.ts';

export interface RegistryFixture {
  name: string;
  resourceGroup: string;
  loginServer?: string;
  /** repository → { digests it holds, tag → digest }. */
  repositories: Record<string, { digests: string[]; tags: Record<string, string> }>;
}

export interface ArmFixture {
  subscriptionId: string;
  token: string;
  clusters?: { resourceGroup: string; name: string; defenderEnabled: boolean }[];
  registries?: RegistryFixture[];
  /** Resource Graph: digest → last scan time and number of finding rows. */
  scans?: Record<string, { lastScan: string; findings: number }>;
  /** Answer the first N importImage calls with 429 (Retry-After: 0). */
  throttleImports?: number;
  /** Polls of an import's status that answer InProgress before it ends. */
  pollsBeforeDone?: number;
  /** Make an import of this source image end Failed. */
  failImportsOf?: string[];
  /** ARM resources served by id (a snapshot, as ARM returns them). */
  resources?: ArmResource[];
  /** Answers that replace the real one for requests whose method and path match: 403s, 429s with Retry-After, 500s. */
  faults?: ArmFault[];
  /** Further ARM routes served by this same server (the firewall policy's, see firewall-policy.ts). */
  routes?: ArmRoutes;
}

/** Answers a request it knows (true), or leaves it to the next route (false). */
export type ArmRoutes = (request: ArmRequest) => boolean;

export interface ArmRequest {
  req: IncomingMessage;
  url: URL;
  body: unknown;
  base: string;
  /** Both answer the request and return true, so a route can `return send(...)`. */
  send(status: number, body?: unknown, headers?: Record<string, string>): true;
  error(status: number, code: string, message: string, headers?: Record<string, string>): true;
}

export interface ArmFault {
  /** The method it answers; absent: GET. */
  method?: string;
  /** Matched against the request path. */
  path: RegExp;
  status: number;
  code: string;
  message?: string;
  headers?: Record<string, string>;
  /** How many requests it answers; absent: every one. */
  times?: number;
}

export interface RecordedRequest {
  method: string;
  path: string;
  apiVersion?: string;
  headers: IncomingMessage['headers'];
  body?: unknown;
  status: number;
}

export interface ImportRecord {
  registry: string;
  resourceGroup: string;
  source: { resourceId?: string; registryUri?: string; sourceImage: string };
  untaggedTargetRepositories?: string[];
  targetTags?: string[];
  mode?: string;
  at: number;
}

export interface ArmDouble {
  url: string;
  caPem: string;
  requests: RecordedRequest[];
  imports: ImportRecord[];
  fixture: ArmFixture;
  close(): Promise<void>;
}

type Operation = { polls: number; outcome: { code: string; message: string } | null; apply: () => void };

const DIGEST = /^sha256:[0-9a-f]{64}$/;

export async function startArmDouble(fixture: ArmFixture): Promise<ArmDouble> {
  const cert = await servingCert(['127.0.0.1', 'localhost']);
  const requests: RecordedRequest[] = [];
  const imports: ImportRecord[] = [];
  const operations = new Map<string, Operation>();
  let throttled = 0;
  let opCounter = 0;
  let base = '';

  const send = (res: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}) => {
    const text = body === undefined ? '' : JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'x-ms-request-id': `req-${requests.length}`, ...headers });
    res.end(text);
  };
  const armError = (res: ServerResponse, status: number, code: string, message: string, headers?: Record<string, string>) =>
    send(res, status, { error: { code, message } }, headers);

  const handle = async (req: IncomingMessage, res: ServerResponse, record: RecordedRequest) => {
    const url = new URL(req.url ?? '/', base);
    const path = url.pathname;
    record.apiVersion = url.searchParams.get('api-version') ?? undefined;
    // As ARM: no credential is AuthenticationFailed, a credential it does not accept is InvalidAuthenticationToken.
    if (!req.headers.authorization)
      return armError(res, 401, 'AuthenticationFailed', "Authentication failed. The 'Authorization' header is missing.");
    if (req.headers.authorization !== `Bearer ${fixture.token}`)
      return armError(res, 401, 'InvalidAuthenticationToken', 'The access token is invalid.');
    if (!record.apiVersion)
      return armError(
        res,
        400,
        'MissingApiVersionParameter',
        'The api-version query parameter (?api-version=) is required for all requests.',
      );
    const sub = `/subscriptions/${fixture.subscriptionId}`;

    const fault = fixture.faults?.find((f) => (f.method ?? 'GET') === req.method && f.path.test(path) && (f.times ?? 1) > 0);
    if (fault) {
      if (fault.times !== undefined) fault.times--;
      return armError(res, fault.status, fault.code, fault.message ?? defaultMessage(fault, path), fault.headers);
    }
    const answered: Pick<ArmRequest, 'send' | 'error'> = {
      send: (...a) => {
        send(res, ...a);
        return true;
      },
      error: (...a) => {
        armError(res, ...a);
        return true;
      },
    };
    if (fixture.routes?.({ req, url, body: record.body, base, ...answered })) return;

    if (req.method === 'GET' && fixture.resources) {
      const answer = fromResources(fixture.resources, path, url, base, record.apiVersion);
      if (answer) return send(res, answer.status, answer.body);
    }

    let m = new RegExp(`^${sub}/resourceGroups/([^/]+)/providers/Microsoft\\.ContainerService/managedClusters/([^/]+)$`, 'i').exec(path);
    if (m && req.method === 'GET') {
      const [, rg, name] = m;
      const c = fixture.clusters?.find(
        (x) => x.resourceGroup.toLowerCase() === rg.toLowerCase() && x.name.toLowerCase() === name.toLowerCase(),
      );
      if (!c)
        return armError(
          res,
          404,
          'ResourceNotFound',
          `The Resource 'Microsoft.ContainerService/managedClusters/${name}' under resource group '${rg}' was not found.`,
        );
      return send(res, 200, {
        id: `${sub}/resourcegroups/${c.resourceGroup}/providers/Microsoft.ContainerService/managedClusters/${c.name}`,
        name: c.name,
        type: 'Microsoft.ContainerService/ManagedClusters',
        location: 'eastus',
        properties: {
          provisioningState: 'Succeeded',
          securityProfile: c.defenderEnabled
            ? {
                defender: {
                  logAnalyticsWorkspaceResourceId: `${sub}/resourceGroups/${c.resourceGroup}/providers/Microsoft.OperationalInsights/workspaces/defender`,
                  securityMonitoring: { enabled: true },
                },
              }
            : {},
        },
      });
    }

    m = new RegExp(`^${sub}/providers/Microsoft\\.ContainerRegistry/registries$`, 'i').exec(path);
    if (m && req.method === 'GET') {
      // One registry per page: the SDK must follow nextLink.
      const all = fixture.registries ?? [];
      const page = Number(url.searchParams.get('page') ?? '0');
      const item = all[page];
      const value = item
        ? [
            {
              id: registryId(item),
              name: item.name,
              type: 'Microsoft.ContainerRegistry/registries',
              location: 'eastus',
              sku: { name: 'Premium', tier: 'Premium' },
              properties: { loginServer: loginServerOf(item), provisioningState: 'Succeeded' },
            },
          ]
        : [];
      const nextLink = page + 1 < all.length ? `${base}${path}?api-version=${record.apiVersion}&page=${page + 1}` : undefined;
      return send(res, 200, { value, ...(nextLink ? { nextLink } : {}) });
    }

    m = new RegExp(`^${sub}/resourceGroups/([^/]+)/providers/Microsoft\\.ContainerRegistry/registries/([^/]+)/importImage$`, 'i').exec(
      path,
    );
    if (m && req.method === 'POST') {
      if (throttled < (fixture.throttleImports ?? 0)) {
        throttled++;
        return armError(res, 429, 'TooManyRequests', 'The request is being throttled.', { 'retry-after': '0' });
      }
      const [, rg, name] = m;
      const registry = fixture.registries?.find(
        (r) => r.resourceGroup.toLowerCase() === rg.toLowerCase() && r.name.toLowerCase() === name.toLowerCase(),
      );
      if (!registry)
        return armError(
          res,
          404,
          'ResourceNotFound',
          `The Resource 'Microsoft.ContainerRegistry/registries/${name}' under resource group '${rg}' was not found.`,
        );
      const body = record.body as ImportRecord & { source?: ImportRecord['source'] };
      if (!body?.source?.sourceImage) return armError(res, 400, 'InvalidParameters', 'source.sourceImage is required.');
      if (!body.source.resourceId && !body.source.registryUri)
        return armError(res, 400, 'InvalidParameters', 'One of source.resourceId or source.registryUri is required.');
      if (!body.untaggedTargetRepositories?.length && !body.targetTags?.length)
        return armError(res, 400, 'InvalidParameters', 'At least one of targetTags or untaggedTargetRepositories is required.');
      const source = fixture.registries?.find(
        (r) => body.source.resourceId && registryId(r).toLowerCase() === body.source.resourceId.toLowerCase(),
      );
      const [repo, ref] = body.source.sourceImage.includes('@') ? body.source.sourceImage.split('@') : body.source.sourceImage.split(':');
      const digest = DIGEST.test(ref ?? '') ? ref : source?.repositories[repo]?.tags[ref ?? 'latest'];
      const found = !!digest && !!source?.repositories[repo]?.digests.includes(digest);
      const failing = fixture.failImportsOf?.includes(body.source.sourceImage);
      imports.push({
        registry: registry.name,
        resourceGroup: registry.resourceGroup,
        source: body.source,
        untaggedTargetRepositories: body.untaggedTargetRepositories,
        targetTags: body.targetTags,
        mode: body.mode,
        at: Date.now(),
      });
      const id = `op-${++opCounter}`;
      operations.set(id, {
        polls: 0,
        outcome: !found
          ? {
              code: 'ImportSourceImageNotFound',
              message: `The source image ${body.source.sourceImage} was not found in the source registry.`,
            }
          : failing
            ? { code: 'InternalServerError', message: 'The import failed: the registry could not copy the manifest.' }
            : null,
        apply: () => {
          for (const target of body.untaggedTargetRepositories ?? []) {
            registry.repositories[target] ??= { digests: [], tags: {} };
            const r = registry.repositories[target];
            if (!r.digests.includes(digest!)) r.digests.push(digest!);
          }
        },
      });
      const ops = `${base}${sub}/providers/Microsoft.ContainerRegistry/locations/eastus/operations/${id}?api-version=${record.apiVersion}`;
      const results = `${base}${sub}/providers/Microsoft.ContainerRegistry/locations/eastus/operationResults/${id}?api-version=${record.apiVersion}`;
      return send(res, 202, undefined, { 'azure-asyncoperation': ops, location: results });
    }

    m = new RegExp(`^${sub}/providers/Microsoft\\.ContainerRegistry/locations/eastus/(operations|operationResults)/([^/]+)$`, 'i').exec(
      path,
    );
    if (m && req.method === 'GET') {
      const op = operations.get(m[2]);
      if (!op) return armError(res, 404, 'OperationNotFound', `No operation ${m[2]}.`);
      // The final result when done: 200 without a body (the generated client accepts 200/201/202 here, not 204).
      if (m[1] === 'operationResults') return op.polls > (fixture.pollsBeforeDone ?? 1) && !op.outcome ? send(res, 200) : send(res, 202);
      op.polls++;
      if (op.polls <= (fixture.pollsBeforeDone ?? 1)) return send(res, 200, { id: m[2], status: 'InProgress' });
      if (op.outcome) return send(res, 200, { id: m[2], status: 'Failed', error: op.outcome });
      op.apply();
      return send(res, 200, { id: m[2], status: 'Succeeded' });
    }

    if (path === '/providers/Microsoft.ResourceGraph/resources' && req.method === 'POST') {
      const body = record.body as { query?: string; subscriptions?: string[] };
      const query = body?.query ?? '';
      if (!body?.subscriptions?.includes(fixture.subscriptionId))
        return armError(res, 403, 'AuthorizationFailed', 'The client does not have access to the subscriptions of the query.');
      // This double understands the query shapes aml-preflight sends, nothing else.
      const understood =
        /^securityresources\n\| where type == "microsoft\.security\/assessments\/subassessments"/.test(query) &&
        /summarize lastScan = max\(todatetime\(properties\.timeGenerated\)\), findings = count\(\) by digest$/.test(query);
      const list = /\| where digest in \(([^)]*)\)/.exec(query);
      if (!understood || !list)
        return armError(
          res,
          400,
          'BadRequest',
          'Please provide below info when asking for support: the query is not one this double understands.',
        );
      const digests = [...list[1].matchAll(/"(sha256:[0-9a-f]{64})"/g)].map((x) => x[1]);
      const data = digests
        .filter((d) => fixture.scans?.[d])
        .map((d) => ({ digest: d, lastScan: fixture.scans![d].lastScan, findings: fixture.scans![d].findings }));
      return send(res, 200, { totalRecords: data.length, count: data.length, resultTruncated: 'false', data, facets: [] });
    }

    return armError(res, 404, 'InvalidResourceType', `The resource type could not be found for ${req.method} ${path}.`);
  };

  const server = createServer({ cert: cert.certPem, key: cert.keyPem }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        body = text;
      }
      const record: RecordedRequest = {
        method: req.method ?? '',
        path: new URL(req.url ?? '/', 'https://x').pathname,
        headers: req.headers,
        body,
        status: 0,
      };
      const write = res.writeHead.bind(res);
      res.writeHead = ((status: number, ...rest: unknown[]) => {
        record.status = status;
        return (write as (...a: unknown[]) => ServerResponse)(status, ...rest);
      }) as typeof res.writeHead;
      requests.push(record);
      handle(req, res, record).catch((e) => armError(res, 500, 'InternalServerError', (e as Error).message));
    });
  });
  const listening = await listenOnLoopback(server);
  base = `https://127.0.0.1:${listening.port}`;
  return { url: base, caPem: cert.caPem, requests, imports, fixture, close: listening.close };

  function registryId(r: RegistryFixture) {
    return `/subscriptions/${fixture.subscriptionId}/resourceGroups/${r.resourceGroup}/providers/Microsoft.ContainerRegistry/registries/${r.name}`;
  }
}

/** A GET answered from the resources: one by id, a collection of children, a subscription's list, a dependency list. */
function fromResources(
  resources: ArmResource[],
  path: string,
  url: URL,
  base: string,
  apiVersion: string,
): { status: number; body: unknown } | undefined {
  const key = path.toLowerCase().replace(/\/+$/, '');
  const byId = resources.find((r) => r.id.toLowerCase() === key);
  if (byId) {
    // A dependency list is stored as a pseudo-resource; ARM answers its `value`.
    if (key.endsWith('/outboundnetworkdependenciesendpoints')) return { status: 200, body: { value: byId.properties?.value ?? [] } };
    return { status: 200, body: byId };
  }
  const inSubscription = /^\/subscriptions\/([^/]+)\/providers\/([^/]+)\/([^/]+)$/.exec(key);
  const children = inSubscription
    ? resources.filter(
        (r) =>
          r.type.toLowerCase() === `${inSubscription[2]}/${inSubscription[3]}` &&
          r.id.toLowerCase().startsWith(`/subscriptions/${inSubscription[1]}/`),
      )
    : resources.filter((r) => r.id.toLowerCase().startsWith(`${key}/`) && !r.id.slice(key.length + 1).includes('/'));
  const parent = key.slice(0, key.lastIndexOf('/'));
  const parentKnown = resources.some((r) => r.id.toLowerCase() === parent);
  if (children.length || inSubscription || parentKnown) {
    if (key.endsWith('/outboundnetworkdependenciesendpoints')) return undefined;
    const page = Number(url.searchParams.get('$skiptoken') ?? '0');
    const value = children.slice(page * 2, page * 2 + 2);
    const next = (page + 1) * 2 < children.length ? `${base}${path}?api-version=${apiVersion}&$skiptoken=${page + 1}` : undefined;
    return { status: 200, body: { value, ...(next ? { nextLink: next } : {}) } };
  }
  // A resource id that names nothing: ARM's 404.
  const m = /\/resourcegroups\/([^/]+)\/providers\/([^/]+\/[^/]+)\/([^/]+)/.exec(key);
  if (m && resources.some((r) => r.id.toLowerCase().includes(`/resourcegroups/${m[1]}/`))) {
    const name = path.split('/').pop();
    return {
      status: 404,
      body: {
        error: {
          code: 'ResourceNotFound',
          message: `The Resource '${m[2]}/${name}' under resource group '${m[1]}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
        },
      },
    };
  }
  return undefined;
}

function defaultMessage(fault: ArmFault, path: string): string {
  if (fault.status === 403)
    return `The client 'aml-preflight-tests' with object id '00000000-0000-0000-0000-00000000c0de' does not have authorization to perform action 'read' over scope '${path}' or the scope is invalid. If access was recently granted, please refresh your credentials.`;
  if (fault.status === 429) return 'The request is being throttled.';
  return 'The service failed to process the request.';
}

const loginServerOf = (r: RegistryFixture) => r.loginServer ?? `${r.name.toLowerCase()}.azurecr.io`;
