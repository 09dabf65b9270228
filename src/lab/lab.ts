// A whole fake Azure for a made-up target, on loopback: a custom DNS server
// that sends every host to its own 127.0.0.x address, and there an HTTPS
// endpoint that answers as the real service does, unless told to fail.
import type { Profile } from '../config/profile.ts';
import { createCa } from './ca.ts';
import { startDnsServer } from './dns-server.ts';
import type { DnsBehaviour, DnsZone } from './dns-server.ts';
import { startEndpoint } from './endpoints.ts';
import type { EndpointFault, LabEndpoint } from './endpoints.ts';
import { PLAIN_HTTP_SERVICES, type ServiceKind } from './services.ts';

export const REGION = 'eastus';
const CLUSTER_FQDN = `demo-aks-1a2b3c4d.hcp.${REGION}.azmk8s.io`;
export const ACR = 'demoacr';
export const STORAGE_ACCOUNT = 'demostore';
const DOMAIN_LABEL = 'demo-svc-1a2b';

/** The hosts the target needs (REQUIREMENTS §2), and which service answers each. */
export const LAB_HOSTS: Readonly<Record<string, ServiceKind>> = {
  [CLUSTER_FQDN]: 'aks-api',
  'mcr.microsoft.com': 'mcr',
  [`${REGION}.data.mcr.microsoft.com`]: 'other',
  [`${ACR}.azurecr.io`]: 'acr',
  [`${STORAGE_ACCOUNT}.table.core.windows.net`]: 'storage',
  [`${STORAGE_ACCOUNT}.blob.core.windows.net`]: 'storage',
  'api.azureml.ms': 'azureml',
  [`ingest-vienna${REGION}.kusto.windows.net`]: 'kusto',
  [`${DOMAIN_LABEL}.${REGION}.cloudapp.azure.com`]: 'other',
};

export interface HostFault {
  /** What the custom DNS server answers instead of the host's own 127.0.0.x. */
  dns?: DnsBehaviour;
  endpoint?: EndpointFault;
}

export interface LabOptions {
  /** Host → fault. A host the lab does not serve may only have `dns`: it becomes a DNS-only record. */
  faults?: Record<string, HostFault>;
  /** The model's own dependencies (REQUIREMENTS §3.5): healthy HTTPS endpoints unless `faults` say otherwise. */
  extraHosts?: string[];
  /** The hosts to serve instead of the v1 router's (LAB_HOSTS): another scenario's, such as the extension's. */
  hosts?: Readonly<Record<string, ServiceKind>>;
}

export interface Lab {
  /** "127.0.0.1:port", UDP and TCP. */
  dnsServer: string;
  /** curl --connect-to style "host:443:address:port" (port 80 for plain-HTTP services), one per endpoint. */
  connectTo: string[];
  /** The lab CA's certificate, to trust. */
  caPem: string;
  target: Profile;
  endpoints: Omit<LabEndpoint, 'stop' | 'accepted'>[];
  /** Connections each endpoint has accepted so far, by host. */
  acceptedConnections(): Record<string, number>;
  stop(): Promise<void>;
}

/** DNS only (tests must not connect to 10.x): the ACR is a healthy private
 *  endpoint, its privatelink CNAME leading to a private address; MCR has a
 *  private address without one, a stale or hijacked record. */
export const PRIVATE_ENDPOINT_FAULTS: Readonly<Record<string, HostFault>> = {
  [`${ACR}.azurecr.io`]: { dns: { cname: `${ACR}.privatelink.azurecr.io` } },
  [`${ACR}.privatelink.azurecr.io`]: { dns: { a: ['10.1.2.3'] } },
  'mcr.microsoft.com': { dns: { a: ['10.0.0.7'] } },
};

/** A truncated answer still needs records to give over TCP: the host's own address. */
function withAddress(dns: DnsBehaviour, address: string): DnsBehaviour {
  return 'truncate' in dns && !dns.a ? { truncate: true, a: [address] } : dns;
}

export async function startLab(options: LabOptions = {}): Promise<Lab> {
  const faults = Object.fromEntries(Object.entries(options.faults ?? {}).map(([host, f]) => [host.toLowerCase(), f]));
  const services: Record<string, ServiceKind> = { ...(options.hosts ?? LAB_HOSTS) };
  for (const host of options.extraHosts ?? []) services[host.toLowerCase()] ??= 'other';
  const specs = Object.entries(services).map(([host, service], i) => ({
    host,
    service,
    fault: faults[host]?.endpoint ?? 'ok',
    // One address per host, so nothing but DNS tells the hosts apart.
    address: `127.0.0.${10 + i}`,
  }));

  const zone: DnsZone = {};
  for (const [host, fault] of Object.entries(faults)) {
    if (host in services) continue;
    if (fault.endpoint || !fault.dns) throw new Error(`${host} is not a lab host: add it to extraHosts to give it an endpoint`);
    zone[host] = fault.dns;
  }
  for (const { host, address } of specs) {
    const dns = faults[host]?.dns;
    zone[host] = dns ? withAddress(dns, address) : { a: [address] };
  }

  const ca = await createCa('AML Preflight Lab CA', 'aml-preflight lab');
  const dnsStart = startDnsServer(zone);
  const endpointStarts = specs.map((spec) => startEndpoint(spec, ca));
  const started = await Promise.allSettled([dnsStart, ...endpointStarts]);
  const failure = started.find((s) => s.status === 'rejected');
  if (failure) {
    await Promise.all(started.map((s) => (s.status === 'fulfilled' ? s.value.stop() : undefined)));
    throw failure.reason;
  }
  const dns = await dnsStart;
  const endpoints = await Promise.all(endpointStarts);

  let stopped: Promise<void> | undefined;
  const extraHosts = options.extraHosts ?? [];
  return {
    dnsServer: `${dns.address}:${dns.port}`,
    connectTo: endpoints.map((e) => `${e.host}:${PLAIN_HTTP_SERVICES.includes(services[e.host]) ? 80 : 443}:${e.address}:${e.port}`),
    caPem: ca.certPem,
    target: {
      cluster: { apiServerFqdn: CLUSTER_FQDN, region: REGION, networkPlugin: 'azure' },
      workspace: { region: REGION, acr: ACR, storageAccount: STORAGE_ACCOUNT },
      endpoint: { auth: 'token', domainLabel: DOMAIN_LABEL },
      ...(extraHosts.length ? { dependencies: extraHosts.map((host) => `https://${host}`) } : {}),
    },
    endpoints: endpoints.map(({ host, address, port, fault }) => ({ host, address, port, fault })),
    acceptedConnections: () => Object.fromEntries(endpoints.map((e) => [e.host, e.accepted()])),
    // Safe to call twice (a test's finally and a signal handler, say).
    stop: () => (stopped ??= Promise.all([dns.stop(), ...endpoints.map((e) => e.stop())]).then(() => {})),
  };
}
