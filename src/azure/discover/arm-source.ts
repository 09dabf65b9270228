// Live reads of Azure Resource Manager through the Azure SDKs, kept as ARM
// returned them: a pipeline policy records each response body before the SDK
// maps it to its own models, so the snapshot holds ARM's JSON (properties
// nested, names as ARM spells them), exactly what `az resource show` prints.
// Every call is a GET: discovery never writes to Azure.
import { EnvironmentError } from '../../errors.ts';
import { clientOptions, type AzureConnection } from '../../defender/azure.ts';
import { parseResourceId, type ArmResource } from '../snapshot.ts';

/** What discovery reads. 404 is an answer (undefined / empty), every other failure throws. */
export interface ArmSource {
  get(id: string): Promise<ArmResource | undefined>;
  /** Children of a resource: computes, ruleCollectionGroups, privateDnsZoneGroups, virtualNetworkLinks, A. */
  list(parentId: string, child: string): Promise<ArmResource[]>;
  /** The `value` of a resource's outboundNetworkDependenciesEndpoints list; undefined on 404. */
  dependencies(parentId: string): Promise<unknown[] | undefined>;
  /** Every Azure Firewall of a subscription (a route's next hop names only an IP address). */
  firewallsOf(subscriptionId: string): Promise<ArmResource[]>;
}

/** ARM said 403 for this resource: who may read it is the user's to fix. */
export class ArmForbidden extends Error {
  readonly resourceId: string;
  constructor(resourceId: string, message: string) {
    super(message);
    this.name = 'ArmForbidden';
    this.resourceId = resourceId;
  }
}

type Json = Record<string, unknown>;
type Clients = Awaited<ReturnType<typeof makeClients>>;

/** The live source: one set of SDK clients per subscription, each with the recording policy. */
export function liveArmSource(conn: Omit<AzureConnection, 'subscriptionId'>): ArmSource {
  const byId = new Map<string, Json>();
  const pages = new Map<string, Json[]>();
  const clients = new Map<string, Promise<Clients>>();
  const recorder = {
    name: 'aml-preflight-snapshot-recorder',
    async sendRequest(
      request: { method: string; url: string },
      next: (r: never) => Promise<{ status: number; bodyAsText?: string | null }>,
    ) {
      const response = await next(request as never);
      if (request.method === 'GET' && response.status === 200 && response.bodyAsText) {
        let body: unknown;
        try {
          body = JSON.parse(response.bodyAsText);
        } catch {
          return response;
        }
        const path = new URL(request.url).pathname.toLowerCase();
        if (isObject(body)) {
          pages.set(path, [...(pages.get(path) ?? []), body]);
          if (typeof body.id === 'string') byId.set(body.id.toLowerCase(), body);
          if (Array.isArray(body.value))
            for (const item of body.value) if (isObject(item) && typeof item.id === 'string') byId.set(item.id.toLowerCase(), item);
        }
      }
      return response;
    },
  };
  const credential = sharedToken(conn.credential);
  const clientsOf = (subscriptionId: string) => {
    let c = clients.get(subscriptionId);
    if (!c) {
      c = makeClients({ ...conn, credential, subscriptionId }, recorder);
      clients.set(subscriptionId, c);
    }
    return c;
  };
  const opts = () => ({ abortSignal: AbortSignal.timeout(conn.timeoutMs) });
  const raw = (id: string): ArmResource | undefined =>
    (byId.get(id.toLowerCase()) ?? pages.get(id.toLowerCase())?.[0]) as ArmResource | undefined;
  const items = async (ids: AsyncIterable<{ id?: string }>) => {
    const out: ArmResource[] = [];
    for await (const t of ids) {
      const r = t.id ? (byId.get(t.id.toLowerCase()) as ArmResource | undefined) : undefined;
      if (r) out.push(r);
    }
    return out;
  };

  return {
    async get(id) {
      const p = parseResourceId(id);
      const [a] = p.names;
      return guarded(id, `read ${p.type} ${p.name}`, conn, async () => {
        const c = await clientsOf(p.subscriptionId);
        const read = GETTERS[p.type.toLowerCase()];
        if (!read) throw new Error(`discovery does not read ${p.type}`);
        await read(c, p.resourceGroup, a, opts());
        return raw(id);
      });
    },
    async list(parentId, child) {
      const p = parseResourceId(parentId);
      const what = `${p.type.split('/').pop()}/${child}`.toLowerCase();
      const lister = LISTERS[what];
      if (!lister) throw new Error(`discovery does not list ${p.type}/${child}`);
      return (
        (await guarded(`${parentId}/${child}`, `list the ${child} of ${p.name}`, conn, async () =>
          items(lister(await clientsOf(p.subscriptionId), p.resourceGroup, p.name, opts())),
        )) ?? []
      );
    },
    async dependencies(parentId) {
      const p = parseResourceId(parentId);
      const listId = `${parentId}/outboundNetworkDependenciesEndpoints`;
      return guarded(listId, `list the outbound dependencies of ${p.name}`, conn, async () => {
        const c = await clientsOf(p.subscriptionId);
        if (p.type.toLowerCase() === 'microsoft.machinelearningservices/workspaces')
          await c.ml.workspaces.listOutboundNetworkDependenciesEndpoints(p.resourceGroup, p.name, opts());
        else for await (const _ of c.aks.managedClusters.listOutboundNetworkDependenciesEndpoints(p.resourceGroup, p.name, opts()));
        return [...pages.entries()]
          .filter(([path]) => path === listId.toLowerCase())
          .flatMap(([, bodies]) => bodies.flatMap((b) => (Array.isArray(b.value) ? b.value : [])));
      });
    },
    async firewallsOf(subscriptionId) {
      const listId = `/subscriptions/${subscriptionId}/providers/Microsoft.Network/azureFirewalls`;
      return (
        (await guarded(listId, `list the Azure Firewalls of subscription ${subscriptionId}`, conn, async () =>
          items((await clientsOf(subscriptionId)).net.azureFirewalls.listAll(opts())),
        )) ?? []
      );
    },
  };
}

/** One token for the six clients: each would otherwise ask the credential itself (a new `az` process each, for the CLI credential). */
function sharedToken(credential: AzureConnection['credential']): AzureConnection['credential'] {
  const tokens = new Map<string, { token: ReturnType<AzureConnection['credential']['getToken']>; expires?: number }>();
  return {
    getToken(scopes, options) {
      const key = [scopes].flat().join(' ');
      const cached = tokens.get(key);
      // Kept while it has five minutes left, as the SDK's own refresh margin would want.
      if (cached && (cached.expires === undefined || cached.expires - Date.now() > 300_000)) return cached.token;
      const entry: { token: ReturnType<AzureConnection['credential']['getToken']>; expires?: number } = {
        token: credential.getToken(scopes, options),
      };
      tokens.set(key, entry);
      entry.token.then(
        (t) => (entry.expires = t?.expiresOnTimestamp),
        // A failure is not kept: the next request asks again.
        () => tokens.delete(key),
      );
      return entry.token;
    },
  };
}

async function makeClients(conn: AzureConnection, recorder: object) {
  const [ml, aks, net, dns, acr, st] = await Promise.all([
    import('@azure/arm-machinelearning'),
    import('@azure/arm-containerservice'),
    import('@azure/arm-network'),
    import('@azure/arm-privatedns'),
    import('@azure/arm-containerregistry'),
    import('@azure/arm-storage'),
  ]);
  const options = clientOptions(conn);
  // The older generated client (machine learning) puts the endpoint in $host as well.
  const c = {
    ml: new ml.AzureMachineLearningWorkspaces(conn.credential, conn.subscriptionId, { ...options, $host: options.endpoint }),
    aks: new aks.ContainerServiceClient(conn.credential, conn.subscriptionId, options),
    net: new net.NetworkManagementClient(conn.credential, conn.subscriptionId, options),
    dns: new dns.PrivateDnsManagementClient(conn.credential, conn.subscriptionId, options),
    acr: new acr.ContainerRegistryManagementClient(conn.credential, conn.subscriptionId, options),
    st: new st.StorageManagementClient(conn.credential, conn.subscriptionId, options),
  };
  for (const client of Object.values(c)) (client.pipeline as { addPolicy(p: object): void }).addPolicy(recorder);
  return c;
}

type Opts = { abortSignal: AbortSignal };
const GETTERS: Record<string, (c: Clients, rg: string, name: string, o: Opts) => Promise<unknown>> = {
  'microsoft.machinelearningservices/workspaces': (c, rg, n, o) => c.ml.workspaces.get(rg, n, o),
  'microsoft.containerservice/managedclusters': (c, rg, n, o) => c.aks.managedClusters.get(rg, n, o),
  'microsoft.network/virtualnetworks': (c, rg, n, o) => c.net.virtualNetworks.get(rg, n, o),
  'microsoft.network/networksecuritygroups': (c, rg, n, o) => c.net.networkSecurityGroups.get(rg, n, o),
  'microsoft.network/routetables': (c, rg, n, o) => c.net.routeTables.get(rg, n, o),
  'microsoft.network/azurefirewalls': (c, rg, n, o) => c.net.azureFirewalls.get(rg, n, o),
  'microsoft.network/firewallpolicies': (c, rg, n, o) => c.net.firewallPolicies.get(rg, n, o),
  'microsoft.network/privateendpoints': (c, rg, n, o) => c.net.privateEndpoints.get(rg, n, o),
  'microsoft.network/privatednszones': (c, rg, n, o) => c.dns.privateZones.get(rg, n, o),
  'microsoft.containerregistry/registries': (c, rg, n, o) => c.acr.registries.get(rg, n, o),
  'microsoft.storage/storageaccounts': (c, rg, n, o) => c.st.storageAccounts.getProperties(rg, n, o),
};
const LISTERS: Record<string, (c: Clients, rg: string, parent: string, o: Opts) => AsyncIterable<{ id?: string }>> = {
  'workspaces/computes': (c, rg, p, o) => c.ml.computeOperations.list(rg, p, o),
  'firewallpolicies/rulecollectiongroups': (c, rg, p, o) => c.net.firewallPolicyRuleCollectionGroups.list(rg, p, o),
  'privateendpoints/privatednszonegroups': (c, rg, p, o) => c.net.privateDnsZoneGroups.list(rg, p, o),
  'privatednszones/virtualnetworklinks': (c, rg, p, o) => c.dns.virtualNetworkLinks.list(rg, p, o),
  'privatednszones/a': (c, rg, p, o) => c.dns.recordSets.listByType(rg, p, 'A', o),
};

/** Runs one read; 404 → undefined, 403 → ArmForbidden, anything else → one-line EnvironmentError (exit 3). */
async function guarded<T>(
  id: string,
  what: string,
  conn: Omit<AzureConnection, 'subscriptionId'>,
  read: () => Promise<T>,
): Promise<T | undefined> {
  try {
    return await read();
  } catch (e) {
    const err = e as Error & {
      statusCode?: number;
      code?: string;
      errors?: Error[];
      details?: { error?: { code?: string; message?: string } };
    };
    const armCode = err.details?.error?.code ?? (err.code && err.code !== String(err.statusCode) ? err.code : undefined);
    const said = `${err.statusCode ?? ''}${armCode ? ` ${armCode}` : ''}`.trim();
    if (err.statusCode === 404) return undefined;
    if (err.statusCode === 403)
      throw new ArmForbidden(
        id,
        `not allowed to ${what} (403${armCode ? ` ${armCode}` : ''}): give the signed-in identity the Reader role on ${id} or its resource group`,
      );
    throw new EnvironmentError(describeFailure(err, what, said, conn));
  }
}

const CREDENTIAL_ERRORS = [
  'CredentialUnavailableError',
  'AggregateAuthenticationError',
  'AuthenticationError',
  'AuthenticationRequiredError',
];

function describeFailure(
  err: Error & { statusCode?: number; code?: string; errors?: Error[] },
  what: string,
  said: string,
  conn: Omit<AzureConnection, 'subscriptionId'>,
): string {
  const endpoint = conn.endpoint ?? 'https://management.azure.com';
  if (CREDENTIAL_ERRORS.includes(err.name)) {
    // DefaultAzureCredential is a chain: each credential it tried says why it could not be used.
    const tried = (err.errors ?? [err]).map(credentialName).filter((n, i, all) => all.indexOf(n) === i);
    return `no usable Azure credential to ${what}: DefaultAzureCredential tried ${tried.join(', ')}; sign in with az login, or set AZURE_CLIENT_ID, AZURE_TENANT_ID and AZURE_CLIENT_SECRET, or run with a managed identity`;
  }
  if (err.name === 'AbortError' || err.name === 'TimeoutError')
    return `no answer from Azure Resource Manager (${endpoint}) within --azure-timeout ${conn.timeoutMs} ms to ${what}`;
  const first = (err.message ?? String(err)).split('\n')[0].slice(0, 240);
  if (err.statusCode === 401)
    return `Azure rejected the credential (${said}) to ${what}: sign in again (az login) or check the AZURE_* settings`;
  if (err.statusCode === 429)
    return `Azure Resource Manager kept throttling (${said}) after retries to ${what}: try again in a few minutes`;
  if (err.statusCode) return `Azure Resource Manager failed (${said}) to ${what}: ${first}`;
  return `cannot reach Azure Resource Manager at ${endpoint} to ${what}: ${err.code ? `${err.code} ` : ''}${first}`;
}

/** Which credential of the chain an error came from: its messages name it in prose, not always by class. */
const CREDENTIAL_PHRASES: [RegExp, string][] = [
  [/EnvironmentCredential|AZURE_CLIENT_ID/, 'EnvironmentCredential'],
  [/WorkloadIdentityCredential|federated/i, 'WorkloadIdentityCredential'],
  [/ManagedIdentityCredential|managed identity/i, 'ManagedIdentityCredential'],
  [/Visual Studio Code/, 'VisualStudioCodeCredential'],
  [/Azure Developer CLI|azd/, 'AzureDeveloperCliCredential'],
  [/Azure CLI|az login/, 'AzureCliCredential'],
  [/PowerShell/, 'AzurePowerShellCredential'],
];
const credentialName = (e: Error) =>
  CREDENTIAL_PHRASES.find(([re]) => re.test(e.message))?.[1] ?? /^(\w+Credential)\b/.exec(e.message)?.[1] ?? e.name;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
