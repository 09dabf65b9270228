// The firewall policy in the one ARM double: routes that server.ts serves (with its
// HTTPS server, token check, faults and request log) for what `firewall apply` uses:
// firewall policy GET, rule collection group GET and PUT (etag-guarded with If-Match / If-None-Match, 412 on mismatch), long-running
// PUTs answered 201 + Azure-AsyncOperation (or 202 + Location) and polled to
// completion, and ARM's error bodies for 401, 403, 404, 409 and 429.
import { randomUUID } from 'node:crypto';
import { startArmDouble, type ArmFault, type ArmRequest, type RecordedRequest } from './server.ts';

export const TOKEN = 'test-token-for-the-arm-double';
export const SUBSCRIPTION = '00000000-1111-2222-3333-444444444444';
export const RESOURCE_GROUP = 'hub-rg';
export const POLICY = 'hub-policy';
export const POLICY_ID = `/subscriptions/${SUBSCRIPTION}/resourceGroups/${RESOURCE_GROUP}/providers/Microsoft.Network/firewallPolicies/${POLICY}`;

/** A fault for one method and path (see ArmFault). */
/** A rule collection group the site keeps itself, as a platform team would: never aml-preflight's to replace. */
export const PLATFORM_GROUP = {
  priority: 100,
  ruleCollections: [
    {
      ruleCollectionType: 'FirewallPolicyFilterRuleCollection',
      name: 'platform',
      priority: 100,
      action: { type: 'Allow' },
      rules: [
        {
          ruleType: 'NetworkRule',
          name: 'dns',
          ipProtocols: ['UDP'],
          sourceAddresses: ['*'],
          destinationAddresses: ['168.63.129.16'],
          destinationPorts: ['53'],
        },
      ],
    },
  ],
};

export type Fault = ArmFault & { method: string };

interface StoredGroup {
  body: Record<string, unknown>;
  etag: string;
}

export interface ArmDoubleOptions {
  /** How PUT announces its long-running operation. */
  lro?: 'azure-async-operation' | 'location';
  /** Polls answered "InProgress" before "Succeeded". */
  pollsBeforeDone?: number;
  dnsProxy?: boolean;
}

export interface ArmDouble {
  endpoint: string;
  caPem: string;
  requests: RecordedRequest[];
  groups: Map<string, StoredGroup>;
  faults: Fault[];
  /** Called once when the next PUT arrives, before its etag is checked: a concurrent writer. */
  beforeNextPut?: () => void;
  /** Sets a group as another tool would have written it. */
  putGroup(name: string, properties: Record<string, unknown>): void;
  stop(): Promise<void>;
}

const GROUP_PATH = new RegExp(
  `^/subscriptions/${SUBSCRIPTION}/resourceGroups/${RESOURCE_GROUP}/providers/Microsoft\\.Network/firewallPolicies/${POLICY}/ruleCollectionGroups/([^/?]+)$`,
  'i',
);
const POLICY_PATH = new RegExp(
  `^/subscriptions/${SUBSCRIPTION}/resourceGroups/${RESOURCE_GROUP}/providers/Microsoft\\.Network/firewallPolicies/${POLICY}$`,
  'i',
);
const OPERATION_PATH =
  /^\/subscriptions\/[^/]+\/providers\/Microsoft\.Network\/locations\/eastus\/(operations|operationResults)\/([^/?]+)$/;

const newEtag = () => `W/"${randomUUID()}"`;

/** The ARM double holding one firewall policy (hub-policy), answering the token TOKEN. */
export async function startFirewallPolicyArm(options: ArmDoubleOptions = {}): Promise<ArmDouble> {
  const groups = new Map<string, StoredGroup>();
  const operations = new Map<string, { polls: number; finish: () => void; group: string }>();
  const faults: Fault[] = [];

  const groupResource = (name: string, g: StoredGroup) => ({
    id: `/subscriptions/${SUBSCRIPTION}/resourceGroups/${RESOURCE_GROUP}/providers/Microsoft.Network/firewallPolicies/${POLICY}/ruleCollectionGroups/${name}`,
    name,
    type: 'Microsoft.Network/FirewallPolicies/RuleCollectionGroups',
    etag: g.etag,
    properties: g.body,
  });

  const arm = await startArmDouble({ subscriptionId: SUBSCRIPTION, token: TOKEN, faults, routes: (r) => route(r) });
  const double: ArmDouble = {
    endpoint: arm.url,
    caPem: arm.caPem,
    requests: arm.requests,
    groups,
    faults,
    putGroup(name, properties) {
      groups.set(name.toLowerCase(), { body: { ...properties, provisioningState: 'Succeeded' }, etag: newEtag() });
    },
    stop: arm.close,
  };

  function route({ req, url, body, base, send, error }: ArmRequest): boolean {
    const op = OPERATION_PATH.exec(url.pathname);
    if (op && req.method === 'GET') {
      const o = operations.get(op[2]);
      if (!o) return error(404, 'OperationNotFound', 'no such operation');
      if (o.polls > 0) {
        o.polls--;
        return op[1] === 'operations'
          ? send(200, { status: 'InProgress' }, { 'retry-after': '1' })
          : send(202, undefined, { location: `${base}${url.pathname}?${url.searchParams}`, 'retry-after': '1' });
      }
      o.finish();
      return op[1] === 'operations' ? send(200, { status: 'Succeeded' }) : send(200, groupResource(o.group, groups.get(o.group)!));
    }

    if (POLICY_PATH.test(url.pathname) && req.method === 'GET') {
      return send(200, {
        id: `/subscriptions/${SUBSCRIPTION}/resourceGroups/${RESOURCE_GROUP}/providers/Microsoft.Network/firewallPolicies/${POLICY}`,
        name: POLICY,
        type: 'Microsoft.Network/FirewallPolicies',
        location: 'eastus',
        etag: 'W/"policy"',
        properties: {
          provisioningState: 'Succeeded',
          sku: { tier: 'Standard' },
          dnsSettings: { enableProxy: options.dnsProxy ?? false, servers: [] },
          ruleCollectionGroups: [...groups.keys()].map((g) => ({ id: groupResource(g, groups.get(g)!).id })),
        },
      });
    }
    if (url.pathname.includes('/firewallPolicies/') && !url.pathname.toLowerCase().includes(`/firewallpolicies/${POLICY}`.toLowerCase())) {
      const name = url.pathname.split('/firewallPolicies/')[1].split('/')[0];
      return error(
        404,
        'ResourceNotFound',
        `The Resource 'Microsoft.Network/firewallPolicies/${name}' under resource group '${RESOURCE_GROUP}' was not found.`,
      );
    }

    const m = GROUP_PATH.exec(url.pathname);
    if (m) {
      const name = decodeURIComponent(m[1]).toLowerCase();
      if (req.method === 'GET') {
        const g = groups.get(name);
        return g ? send(200, groupResource(name, g)) : error(404, 'NotFound', `Resource ${url.pathname} not found.`);
      }
      if (req.method === 'PUT') {
        double.beforeNextPut?.();
        double.beforeNextPut = undefined;
        const existing = groups.get(name);
        const ifMatch = req.headers['if-match'];
        const ifNoneMatch = req.headers['if-none-match'];
        if ((ifMatch && ifMatch !== existing?.etag) || (ifNoneMatch === '*' && existing)) {
          return error(412, 'PreconditionFailed', 'The condition specified using HTTP conditional header(s) is not met.');
        }
        const properties = (body as { properties?: Record<string, unknown> })?.properties ?? {};
        const id = randomUUID();
        const pending: StoredGroup = { body: { ...properties, provisioningState: 'Updating' }, etag: newEtag() };
        groups.set(name, pending);
        operations.set(id, {
          polls: options.pollsBeforeDone ?? 1,
          group: name,
          finish: () => {
            pending.body.provisioningState = 'Succeeded';
            pending.etag = newEtag();
          },
        });
        const opsUrl = `${base}/subscriptions/${SUBSCRIPTION}/providers/Microsoft.Network/locations/eastus/${options.lro === 'location' ? 'operationResults' : 'operations'}/${id}?api-version=${url.searchParams.get('api-version')}`;
        if (options.lro === 'location') return send(202, undefined, { location: opsUrl, 'retry-after': '1' });
        return send(existing ? 200 : 201, groupResource(name, pending), { 'azure-asyncoperation': opsUrl, 'retry-after': '1' });
      }
    }
    return false;
  }
  return double;
}
