/** The target profile: what to check, as the user wrote it (YAML and flags merged). */
export interface Profile {
  cluster?: { apiServerFqdn?: string; name?: string; region?: string; networkPlugin?: 'kubenet' | 'azure' };
  workspace?: { region?: string; id?: string; acr?: string | string[]; storageAccount?: string | string[] };
  endpoint?: { auth?: 'key' | 'token' | 'none'; domainLabel?: string; customDomain?: string };
  dns?: { servers?: string[] };
  proxy?: { url?: string; noProxy?: string };
  tls?: { caFile?: string };
  dependencies?: string[];
  ruleSets?: string[];
  connectTo?: string[];
  timeoutMs?: number;
}
