// One flow the target needs: what a packet (or TLS handshake) looks like when
// it leaves the node subnet. Openings become flows; evaluators judge flows.

export interface Flow {
  /** The requirement instance, as the checks name it: "acr@contosoml". */
  instance: string;
  requirement: string;
  protocol: 'tcp' | 'udp';
  port: number;
  /** HTTP(S) with a name an application rule can read (TLS SNI / Host); absent when the client connects by address. */
  web?: 'Https' | 'Http';
  /** The name asked for; a "*.x" wildcard when no concrete host is known. */
  host?: string;
  /** The destination address, when the snapshot tells it (a private endpoint's record, a DNS server). */
  address?: string;
  /** Inside the cluster's VNet, exact address unknown (a private cluster's API server). */
  inVnet?: boolean;
  /** The service tag that holds the destination (catalog firewall.serviceTag, filled). */
  serviceTag?: string;
  fqdnTag?: string;
  /** Reaches a public endpoint (not a private endpoint, not the VNet). */
  public: boolean;
}

/** The path's facts an address match needs: the VNet's own ranges and the subnet's UDR prefixes. */
export interface AddressContext {
  vnetPrefixes: string[];
  /** NSG's VirtualNetwork tag also holds the prefixes of the subnet's user-defined routes. */
  udrPrefixes: string[];
}
