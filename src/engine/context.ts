import type { ResolvedAddress } from '../types.ts';

/** Everything a check runner may use besides its own planned check. */
export interface RunContext {
  timeoutMs: number;
  /** Aborted when the whole run's deadline passes. */
  signal: AbortSignal;
  dnsServers: { address: string; port: number }[];
  proxyFor: (url: URL) => URL | undefined;
  /** Extra trusted CA certificates (PEM), added to the system's roots. */
  ca?: string[];
  /** curl-style overrides: where to connect for host:port. */
  connectTo: Map<string, { address?: string; port: number }>;
  /** Addresses found by each finished DNS check, by check id. */
  addresses: Map<string, ResolvedAddress[]>;
}
