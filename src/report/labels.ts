import type { PhaseId, Status } from '../types.ts';

export const PHASE_TITLES: Record<PhaseId, string> = {
  'router-deploy': '1. Router deploy (azureml-fe image, AKS API)',
  'router-start': '2. Router start (peer discovery)',
  'router-run': '3. Router running (storage, token auth, telemetry)',
  'arc-connect': 'Arc connection (Arc agents: ARM, Entra ID, identity certificates)',
  'extension-install': 'Extension install (cluster-extension data plane, MCR)',
  'extension-run': 'Extension running (workspace API, storage, telemetry, in-cluster)',
  training: 'Training jobs (Python packages, Ubuntu archives)',
  'model-deploy': '4. Model deploy (ACR image, model blob)',
  'model-serve': '5. Model serving (endpoint, model pods, dependencies)',
};

export const STATUS_WORDS: Record<Status, string> = { pass: 'PASS', warn: 'WARN', fail: 'FAIL', skip: 'SKIP' };
