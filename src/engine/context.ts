import type { CheckKind, ResolvedAddress } from '../types.ts';

/** Everything a check runner may use besides its own planned check. */
export interface RunContext {
  timeoutMs: number;
  /** Aborted when the whole run's deadline passes. */
  signal: AbortSignal;
  dnsServers: { address: string; port: number }[];
  /** The proxy a request to `url` goes through, if any. */
  proxyFor: (url: string) => URL | undefined;
  /** Extra trusted CA certificates (PEM), added to the system's roots. */
  ca?: string[];
  /** curl-style overrides: where to connect for host:port. */
  connectTo: Map<string, { address?: string; port: number }>;
  /** Addresses found by each finished DNS check, by check id. */
  addresses: Map<string, ResolvedAddress[]>;
}

/** What the steps of one host share while one worker runs them in a row. */
export interface HostSession {
  /** The connection the TCP step opened (TLS wraps it, HTTP uses it); the engine destroys it when the host is done. */
  connection?: { destroy(): void };
  /** The kinds of this host's steps still to run after the current one. */
  remaining: CheckKind[];
  /** What this host's DNS step found: where its other steps connect. */
  addresses?: ResolvedAddress[];
}
