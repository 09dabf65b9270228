// The broken network `aml-preflight demo` shows: a custom DNS server and a
// firewall set up the way real ones often are, with everything else healthy.
// The expected outcomes let the demo say whether the lab behaved as designed.
import type { ProbeCode } from '../codes.ts';
import type { HostFault } from './lab.ts';

export interface ExpectedOutcome {
  host: string;
  kind: 'dns' | 'tcp' | 'tls' | 'http';
  code: ProbeCode;
}

export const DEMO_FAULTS: Readonly<Record<string, HostFault>> = {
  // The custom DNS server has no forwarder for MCR's data endpoints: the
  // router's image manifest resolves, its layers do not.
  'eastus.data.mcr.microsoft.com': { dns: { rcode: 'NXDOMAIN' } },
  // A drop rule: telemetry upload hangs instead of failing fast.
  'ingest-viennaeastus.kusto.windows.net': { endpoint: 'blackhole' },
  // A reject rule in front of the storage account holding the model.
  'demostore.blob.core.windows.net': { endpoint: 'refused' },
  // TLS inspection re-signs the token endpoint with the firewall's own CA.
  'api.azureml.ms': { endpoint: 'inspected' },
};

export const DEMO_EXPECTED: readonly ExpectedOutcome[] = [
  { host: 'eastus.data.mcr.microsoft.com', kind: 'dns', code: 'DNS_NXDOMAIN' },
  { host: 'ingest-viennaeastus.kusto.windows.net', kind: 'tcp', code: 'TCP_TIMEOUT' },
  { host: 'demostore.blob.core.windows.net', kind: 'tcp', code: 'TCP_REFUSED' },
  { host: 'api.azureml.ms', kind: 'tls', code: 'TLS_UNTRUSTED' },
];
