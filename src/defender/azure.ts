// How the defender command reaches Azure Resource Manager: one credential
// (DefaultAzureCredential unless a test injects one), the ARM endpoint
// (management.azure.com, or a sovereign cloud's), deadlines and bounded
// retries. The Azure SDKs are imported by the functions that use them.
import { InputError } from '../errors.ts';
import { quoted } from '../report/redact.ts';

export type TokenCredential = import('@azure/core-auth').TokenCredential;

export interface AzureConnection {
  credential: TokenCredential;
  subscriptionId: string;
  /** ARM endpoint; default https://management.azure.com. */
  endpoint?: string;
  /** Extra trusted CAs (PEM) for the ARM endpoint, besides Node's (and NODE_EXTRA_CA_CERTS). */
  ca?: string[];
  /** Deadline of each ARM request. */
  timeoutMs: number;
}

export const DEFAULT_ARM_ENDPOINT = 'https://management.azure.com';

export function parseArmEndpoint(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InputError(`--arm-endpoint: must be an https:// URL such as https://management.chinacloudapi.cn (got ${quoted(value)})`);
  }
  if (url.protocol !== 'https:' || url.pathname !== '/' || url.search || url.username)
    throw new InputError(`--arm-endpoint: must be an https:// origin without path, query or credentials (got ${quoted(value)})`);
  return url.origin;
}

export const SUBSCRIPTION_ID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** Options every ARM client here gets: endpoint and token audience together, TLS trust, bounded retries. */
export function clientOptions(conn: AzureConnection) {
  const endpoint = conn.endpoint ?? DEFAULT_ARM_ENDPOINT;
  return {
    endpoint,
    credentials: { scopes: [`${endpoint}/.default`] },
    retryOptions: { maxRetries: 3, retryDelayInMs: 500, maxRetryDelayInMs: 10_000 },
    ...(conn.ca?.length ? { tlsOptions: { ca: conn.ca } } : {}),
    userAgentOptions: { userAgentPrefix: 'aml-preflight' },
  };
}

/** Per-request options: the deadline. */
export const requestOptions = (conn: AzureConnection) => ({ abortSignal: AbortSignal.timeout(conn.timeoutMs) });

/** An Azure failure as one line: what was attempted, HTTP status and ARM error code, the first line of the message. */
export function azureErrorLine(e: unknown, what: string): string {
  const err = e as Error & { statusCode?: number; code?: string; details?: { error?: { code?: string; message?: string } } };
  if (err?.name === 'AbortError' || err?.name === 'TimeoutError') return `${what}: no answer from Azure in time`;
  if (err?.name === 'CredentialUnavailableError' || err?.name === 'AggregateAuthenticationError' || err?.name === 'AuthenticationError') {
    return `${what}: no Azure credential: ${firstLine(err.message)} (sign in with az login, or set AZURE_CLIENT_ID/AZURE_TENANT_ID/AZURE_CLIENT_SECRET, or run with a managed identity)`;
  }
  const code = err?.details?.error?.code ?? err?.code;
  const message = err?.details?.error?.message ?? err?.message ?? String(e);
  return `${what}: ${err?.statusCode ? `HTTP ${err.statusCode} ` : ''}${code && code !== 'REQUEST_SEND_ERROR' ? `${code}: ` : ''}${firstLine(message)}`;
}

const firstLine = (s: string) =>
  s
    .split('\n')
    .map((l) => l.trim())
    .find(Boolean)
    ?.slice(0, 300) ?? '';

export const isAuthFailure = (e: unknown) => {
  const err = e as { name?: string; statusCode?: number };
  // 403 is left out: it may concern one registry only.
  return (
    err?.statusCode === 401 ||
    ['CredentialUnavailableError', 'AggregateAuthenticationError', 'AuthenticationError'].includes(err?.name ?? '')
  );
};

export async function defaultCredential(): Promise<TokenCredential> {
  const { DefaultAzureCredential } = await import('@azure/identity');
  return new DefaultAzureCredential();
}
