// The Target group: the settings of a target profile as flags (flags win over -c).
import { group } from '../command.ts';

export const TARGET = group('Target (a YAML profile, and the same settings as flags; flags win):', {
  config: { type: 'string', short: 'c', multiple: true, value: 'FILE', help: 'target profile (YAML); repeatable, a later file wins key by key' },
  'cluster-fqdn': { type: 'string', value: 'FQDN', help: 'AKS API server FQDN (cluster.apiServerFqdn)' },
  'cluster-name': { type: 'string', value: 'NAME', help: 'cluster name (cluster.name)' },
  region: { type: 'string', value: 'REGION', help: 'cluster region (cluster.region)' },
  'network-plugin': { type: 'string', value: 'P', help: 'kubenet | azure (cluster.networkPlugin)' },
  'workspace-region': { type: 'string', value: 'REGION', help: 'workspace region (workspace.region)' },
  'workspace-id': { type: 'string', value: 'GUID', help: "workspace ID, for the Azure ML extension's hosts (workspace.id)" },
  acr: { type: 'string', multiple: true, value: 'NAME', help: 'workspace container registry, repeatable (workspace.acr)' },
  'storage-account': { type: 'string', multiple: true, value: 'NAME', help: 'workspace storage account, repeatable (workspace.storageAccount)' },
  auth: { type: 'string', value: 'MODE', help: 'key | token | none (endpoint.auth)' },
  'domain-label': { type: 'string', value: 'LABEL', help: 'endpoint domain label (endpoint.domainLabel)' },
  'custom-domain': { type: 'string', value: 'FQDN', help: 'endpoint custom domain (endpoint.customDomain)' },
  'dns-server': { type: 'string', multiple: true, value: 'IP[:PORT]', help: 'DNS server to ask, repeatable (dns.servers)', default: "the system's" },
  proxy: { type: 'string', value: 'URL', help: 'egress proxy (proxy.url)', default: 'HTTPS_PROXY' },
  'no-proxy': { type: 'string', value: 'LIST', help: 'hosts not to proxy (proxy.noProxy)', default: 'NO_PROXY' },
  'ca-file': { type: 'string', value: 'FILE', help: 'extra trusted CA bundle, PEM (tls.caFile)' },
  'connect-to': { type: 'string', multiple: true, value: 'H:P:A:P', help: 'connect to A:P instead of H:P, keeping SNI and Host (as curl)' },
  dependency: { type: 'string', multiple: true, value: 'URL', help: "the model's extra dependency, repeatable (dependencies)" },
  'rule-set': { type: 'string', multiple: true, value: 'NAME', help: 'rule sets to check, repeatable (ruleSets)', default: 'aml' },
});

// Until the flag helpers move here, they are the ones of src/commands/target-flags.ts (same flags, same types).
export { discoveredProfile, profileFromArgs, targetProfileFromArgs, targetsFromArgs } from '../../commands/target-flags.ts';
