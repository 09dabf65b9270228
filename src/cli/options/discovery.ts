// The Azure group: start from Azure instead of a typed profile (a workspace and
// its computes, or a managed cluster), read live or from a snapshot file.
import { group } from '../command.ts';

export const DISCOVERY = group('Discovery (read the target from Azure first; -c and the flags above win over it):', {
  workspace: { type: 'string', value: 'ID', help: 'Azure ML workspace resource id (/subscriptions/…/workspaces/NAME)' },
  compute: { type: 'string', value: 'NAME', help: "the workspace's AKS or Kubernetes compute (needed when it has several)" },
  'all-computes': { type: 'boolean', help: 'every AKS or Kubernetes compute of the workspace (check: one report)' },
  cluster: { type: 'string', value: 'ID', help: 'AKS managed cluster resource id, instead of a workspace' },
  'azure-snapshot': { type: 'string', value: 'FILE', help: 'read Azure from this snapshot (discover --save-snapshot) instead of ARM' },
  'arm-endpoint': { type: 'string', value: 'URL', help: 'Resource Manager endpoint', default: 'https://management.azure.com' },
  'azure-timeout': { type: 'string', value: 'MS', help: 'deadline of each ARM request', default: '30000' },
});

export { discoveryOptions } from '../../commands/discovery-flags.ts';
