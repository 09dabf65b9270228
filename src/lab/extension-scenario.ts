// The lab `aml-preflight demo --scenario extension` starts: the made-up
// target's hosts as the Azure ML extension (v2) needs them (rules/aml-extension.yaml),
// behind a firewall that was opened for the v1 router and not yet for the
// extension, the way a cluster in the middle of its move often is.
import type { Profile } from '../config/profile.ts';
import type { ExpectedOutcome } from './demo-scenario.ts';
import { ACR, REGION, STORAGE_ACCOUNT, type HostFault } from './lab.ts';
import type { ServiceKind } from './services.ts';

/** The made-up workspace's ID (the portal's Workspace ID). */
export const EXTENSION_WORKSPACE_ID = '1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c5d';

const WORKSPACE_API = `${EXTENSION_WORKSPACE_ID}.workspace.${REGION}.api.azureml.ms`;

/** Every host of the extension's documented list for this target, and which service answers each. */
export const EXTENSION_LAB_HOSTS: Readonly<Record<string, ServiceKind>> = {
  [`${REGION}.dp.kubernetesconfiguration.azure.com`]: 'other',
  'mcr.microsoft.com': 'mcr',
  [`${REGION}.data.mcr.microsoft.com`]: 'other',
  [WORKSPACE_API]: 'azureml',
  [`${REGION}.api.azureml.ms`]: 'azureml',
  [`${REGION}.experiments.azureml.net`]: 'other',
  [`ingest-vienna${REGION}.kusto.windows.net`]: 'kusto',
  [`${STORAGE_ACCOUNT}.table.core.windows.net`]: 'storage',
  [`${STORAGE_ACCOUNT}.queue.core.windows.net`]: 'storage',
  [`${STORAGE_ACCOUNT}.blob.core.windows.net`]: 'storage',
  [`${ACR}.azurecr.io`]: 'acr',
  [`${ACR}.${REGION}.data.azurecr.io`]: 'other',
};

/** The lab's target with the extension's settings: its workspace ID and rule set. */
export function extensionTarget(v1Target: Profile): Profile {
  return { ...v1Target, workspace: { ...v1Target.workspace, id: EXTENSION_WORKSPACE_ID }, ruleSets: ['aml-extension'] };
}

export const EXTENSION_FAULTS: Readonly<Record<string, HostFault>> = {
  // The custom DNS server forwards the zones v1 needed, not kubernetesconfiguration.azure.com: the extension never installs.
  [`${REGION}.dp.kubernetesconfiguration.azure.com`]: { dns: { rcode: 'NXDOMAIN' } },
  // v1 never used queue storage: the firewall drops it, and the log upload hangs.
  [`${STORAGE_ACCOUNT}.queue.core.windows.net`]: { endpoint: 'blackhole' },
  // TLS inspection re-signs the workspace's own API host (v1 exempted only api.azureml.ms).
  [WORKSPACE_API]: { endpoint: 'inspected' },
  // Azure Firewall has no application rule for the experiments service yet.
  [`${REGION}.experiments.azureml.net`]: { endpoint: 'firewall-deny' },
};

export const EXTENSION_EXPECTED: readonly ExpectedOutcome[] = [
  { host: `${REGION}.dp.kubernetesconfiguration.azure.com`, kind: 'dns', code: 'DNS_NXDOMAIN' },
  { host: `${STORAGE_ACCOUNT}.queue.core.windows.net`, kind: 'tcp', code: 'TCP_TIMEOUT' },
  { host: WORKSPACE_API, kind: 'tls', code: 'TLS_UNTRUSTED' },
  { host: `${REGION}.experiments.azureml.net`, kind: 'http', code: 'FIREWALL_DENIED' },
];
