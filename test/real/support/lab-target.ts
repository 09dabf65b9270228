// The made-up target every real-component test checks: the demo lab's cluster,
// registry, storage account and endpoint (src/lab/lab.ts), so the names, the
// services that answer them and the expected check ids are the same
// everywhere. What changes between tests is only the network in between.
import { LAB_HOSTS } from '../../../src/lab/lab.ts';
import type { ServiceKind } from '../../../src/lab/services.ts';

export const CLUSTER_FQDN = 'demo-aks-1a2b3c4d.hcp.eastus.azmk8s.io';
export const MCR = 'mcr.microsoft.com';
export const MCR_DATA = 'eastus.data.mcr.microsoft.com';
export const ACR = 'demoacr.azurecr.io';
export const TABLE = 'demostore.table.core.windows.net';
export const BLOB = 'demostore.blob.core.windows.net';
export const TOKEN = 'api.azureml.ms';
export const KUSTO = 'ingest-viennaeastus.kusto.windows.net';
export const CLOUDAPP = 'demo-svc-1a2b.eastus.cloudapp.azure.com';
/** The model's own dependency (REQUIREMENTS §3.5), outside Azure. */
export const DEPENDENCY = 'features.contoso-db.example';

/** The lab's hosts, in a fixed order, with the service answering each. */
export const TARGET_HOSTS: [string, ServiceKind][] = Object.entries(LAB_HOSTS);

export const TARGET_FLAGS = [
  '--cluster-fqdn',
  CLUSTER_FQDN,
  '--region',
  'eastus',
  '--acr',
  'demoacr',
  '--storage-account',
  'demostore',
  '--auth',
  'token',
  '--domain-label',
  'demo-svc-1a2b',
];

/** The same target as a YAML profile, for tests that need the file form. */
export const TARGET_YAML = `cluster: { apiServerFqdn: ${CLUSTER_FQDN}, region: eastus, networkPlugin: azure }
workspace: { region: eastus, acr: demoacr, storageAccount: demostore }
endpoint: { auth: token, domainLabel: demo-svc-1a2b }
`;

// Azure's DNS zones (and the dependency's), most specific first: each host
// lands in the zone that would serve it on the Internet.
const ZONES = [
  'privatelink.azurecr.io',
  'privatelink.blob.core.windows.net',
  'azmk8s.io',
  'mcr-msedge.net',
  'microsoft.com',
  'azurecr.io',
  'core.windows.net',
  'azureml.ms',
  'kusto.windows.net',
  'azure.com',
  'contoso-db.example',
  'contoso.example',
];

export function zoneOf(host: string): string {
  const zone = ZONES.find((z) => host === z || host.endsWith(`.${z}`));
  if (!zone) throw new Error(`no lab zone serves ${host}`);
  return zone;
}

/** Zone → records: every host an A record at its address, plus any extra records. */
export function zonesFor(addresses: Record<string, string>, extra: string[] = []): Record<string, string[]> {
  const zones: Record<string, string[]> = {};
  const add = (owner: string, record: string): void => {
    const zone = zoneOf(owner);
    zones[zone] ??= [];
    zones[zone].push(record);
  };
  for (const [host, address] of Object.entries(addresses)) add(host, `${host}. IN A ${address}`);
  for (const record of extra) add(record.split(/\s+/)[0]!.replace(/\.$/, ''), record);
  return zones;
}

/** The check ids a requirement's failure at `check` should block (the later checks of the same host). */
export function laterChecks(check: string, all: string[]): string[] {
  const prefix = check.slice(0, check.lastIndexOf('/') + 1);
  const order = ['dns', 'tcp', 'tls', 'http'];
  const at = order.indexOf(check.slice(prefix.length));
  return all.filter((id) => id.startsWith(prefix) && order.indexOf(id.slice(prefix.length)) > at);
}
