// Host names against Azure Firewall's application-rule targets, and what the
// FQDN tags cover. Wildcards as Azure documents them: "*.contoso.com" matches
// any subdomain of contoso.com but not contoso.com itself; "*" matches all.

const lower = (s: string): string => s.toLowerCase().replace(/\.$/, '');

/**
 * Whether `pattern` (a rule's target) covers `host`. `host` may itself be a
 * wildcard ("*.data.mcr.microsoft.com", a requirement whose concrete host is
 * not known): then every name it stands for must be covered.
 */
export function fqdnCovers(pattern: string, host: string): boolean {
  const p = lower(pattern);
  const h = lower(host);
  if (p === '*') return true;
  if (p === h) return true;
  if (!p.startsWith('*.')) return false;
  const suffix = p.slice(1); // ".contoso.com"
  const name = h.startsWith('*.') ? h.slice(2) : h;
  // "*.contoso.com" covers "a.contoso.com" and, for a wildcard host, "*.a.contoso.com" and "*.contoso.com".
  return h.startsWith('*.') ? `.${name}`.endsWith(suffix) : name.endsWith(suffix) && name.length > suffix.length;
}

/**
 * What the FQDN tags cover. AzureKubernetesService: AKS's required egress FQDNs
 * (Azure docs, outbound-rules-control-egress; REQUIREMENTS.md §6). Region-free
 * patterns, so one list serves every region.
 */
export const FQDN_TAGS: Record<string, string[]> = {
  azurekubernetesservice: [
    '*.hcp.*.azmk8s.io',
    'mcr.microsoft.com',
    '*.data.mcr.microsoft.com',
    'mcr-0001.mcr-msedge.net',
    'management.azure.com',
    'login.microsoftonline.com',
    'packages.microsoft.com',
    'acs-mirror.azureedge.net',
    'packages.aks.azure.com',
  ],
};

/** "*.hcp.*.azmk8s.io": the one pattern with a region in the middle. */
function tagPatternCovers(pattern: string, host: string): boolean {
  if (!pattern.includes('*.', 1)) return fqdnCovers(pattern, host);
  const [head, tail] = pattern.split('.*.');
  const h = lower(host);
  const m = new RegExp(`^(?:[a-z0-9-]+\\.)+${head.slice(2).replace(/\./g, '\\.')}\\.[a-z0-9-]+\\.${tail.replace(/\./g, '\\.')}$`).exec(
    h.replace(/^\*\./, 'x.'),
  );
  return m !== null;
}

/** yes: the tag covers the host; no: Azure's list for it does not; unknown: a tag this tool does not know. */
export function fqdnTagCovers(tag: string, host: string): 'yes' | 'no' | 'unknown' {
  const list = FQDN_TAGS[tag.toLowerCase()];
  if (!list) return 'unknown';
  return list.some((p) => tagPatternCovers(p, host)) ? 'yes' : 'no';
}
