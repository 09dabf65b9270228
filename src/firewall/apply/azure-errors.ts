import { plainText } from '../safe-values.ts';
import type { PolicyId } from './policy-id.ts';

// Azure's answers as one line each, with the exit code that says who can fix
// it (README "Exit codes"): 2 for what the user's input changes (a policy ID that
// does not exist, a rule Azure rejects), 3 for the environment: no usable
// credential, a permission missing, Azure unreachable, throttling, conflict, outage.

export interface AzureFailure {
  line: string;
  exit: 2 | 3;
}

interface RestErrorLike {
  name?: string;
  statusCode?: number;
  code?: string;
  message?: string;
  response?: { headers?: { get?(name: string): string | undefined } };
}

const clip = (s: string | undefined): string => plainText(s ?? '', 240);

export function describeAzureFailure(
  e: unknown,
  where: { policy: PolicyId; group: string; endpoint: string; deadlineMs: number },
): AzureFailure {
  const err = (e ?? {}) as RestErrorLike & Error;
  const policy = `firewall policy ${where.policy.name} (resource group ${where.policy.resourceGroup}, subscription ${where.policy.subscriptionId})`;
  const code = err.code && err.code !== String(err.statusCode) ? ` ${err.code}` : '';
  if (err.name === 'AbortError' || err.name === 'TimeoutError') {
    return {
      line: `Azure did not finish within --timeout ${where.deadlineMs} ms; the change may still complete: run the same command again to see where it stands`,
      exit: 3,
    };
  }
  if (err.name === 'CredentialUnavailableError' || err.name === 'AggregateAuthenticationError' || err.name === 'AuthenticationError') {
    // A credential chain keeps each credential's own reason: those say what to fix.
    const reasons = ((err as { errors?: Error[] }).errors ?? [err]).map((x) => x.message.split('\n')[0]);
    return {
      line: `no usable Azure credential: sign in with az login, or set AZURE_CLIENT_ID, AZURE_TENANT_ID and AZURE_CLIENT_SECRET (${clip(reasons.join('; '))})`,
      exit: 3,
    };
  }
  switch (err.statusCode) {
    case 401:
      return { line: `Azure rejected the credential (401${code}): sign in again (az login) or check the AZURE_* settings`, exit: 3 };
    case 403:
      return {
        line: `not allowed (403${code}): the signed-in identity needs Microsoft.Network/firewallPolicies/ruleCollectionGroups/write on ${policy}, e.g. the Network Contributor role`,
        exit: 3,
      };
    case 404:
      return { line: `${policy} not found (404${code}): check --policy`, exit: 2 };
    case 409:
      return {
        line: `Azure refused the change for now (409${code}): ${clip(err.message)}; another operation on the policy may be running: try again when it has finished`,
        exit: 3,
      };
    case 429: {
      const after = err.response?.headers?.get?.('retry-after');
      return { line: `Azure is throttling requests (429${code})${after ? `: retry after ${clip(after)} s` : ': retry later'}`, exit: 3 };
    }
  }
  if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
    return { line: `Azure rejected the rule collection group ${where.group} (${err.statusCode}${code}): ${clip(err.message)}`, exit: 2 };
  }
  if (err.statusCode) return { line: `Azure failed (${err.statusCode}${code}): ${clip(err.message)}; try again later`, exit: 3 };
  if (err.code && /^(E[A-Z]+|UNABLE_TO|CERT_|DEPTH_|SELF_SIGNED|ERR_TLS)/.test(err.code)) {
    return { line: `cannot reach Azure Resource Manager at ${where.endpoint}: ${err.code} ${clip(err.message)}`, exit: 3 };
  }
  return { line: `the apply failed: ${clip(err.message ?? String(e))}`, exit: 3 };
}
