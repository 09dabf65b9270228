// The matching rules explain's verdicts rest on, table-driven: Azure Firewall's
// FQDN wildcards and FQDN tags, service tags by name, and the NSG's
// VirtualNetwork tag (which holds the subnet's UDR prefixes).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addressMatch, serviceTagMatch } from '../../src/azure/explain/address-match.ts';
import type { Flow } from '../../src/azure/explain/flow.ts';
import { fqdnCovers, fqdnTagCovers } from '../../src/azure/explain/fqdn-match.ts';

test('targetFqdns wildcards as Azure documents them: subdomains, not the apex; * for all', () => {
  const cases: [string, string, boolean][] = [
    ['*.contoso.com', 'api.contoso.com', true],
    ['*.contoso.com', 'a.b.contoso.com', true],
    ['*.contoso.com', 'contoso.com', false],
    ['*.contoso.com', 'evilcontoso.com', false],
    ['*', 'anything.example', true],
    ['API.Contoso.com', 'api.contoso.com', true],
    ['api.contoso.com', 'api.contoso.com.evil.example', false],
    // A requirement known only by its wildcard is covered by the same or a wider wildcard, never by one name.
    ['*.data.mcr.microsoft.com', '*.data.mcr.microsoft.com', true],
    ['*.mcr.microsoft.com', '*.data.mcr.microsoft.com', true],
    ['westeurope.data.mcr.microsoft.com', '*.data.mcr.microsoft.com', false],
  ];
  for (const [pattern, host, want] of cases) assert.equal(fqdnCovers(pattern, host), want, `${pattern} vs ${host}`);
});

test('the AzureKubernetesService FQDN tag covers AKS egress in any region, and nothing of the workload', () => {
  const cases: [string, 'yes' | 'no'][] = [
    ['aks-ml-prod-dns-1a2b3c4d.hcp.westeurope.azmk8s.io', 'yes'],
    ['x.hcp.eastus2.azmk8s.io', 'yes'],
    ['mcr.microsoft.com', 'yes'],
    ['westeurope.data.mcr.microsoft.com', 'yes'],
    ['packages.aks.azure.com', 'yes'],
    ['contosoml.azurecr.io', 'no'],
    ['ingest-viennawesteurope.kusto.windows.net', 'no'],
    ['hcp.westeurope.azmk8s.io', 'no'],
  ];
  for (const [host, want] of cases) assert.equal(fqdnTagCovers('AzureKubernetesService', host), want, host);
  assert.equal(fqdnTagCovers('WindowsUpdate', 'x.windowsupdate.com'), 'unknown', 'a tag this tool does not list is not guessed');
});

const flow = (f: Partial<Flow>): Flow => ({ instance: 'x', requirement: 'x', protocol: 'tcp', port: 443, public: true, ...f });

test('service tags match by name: the global tag holds its regions, another region does not, AzureCloud cannot be told', () => {
  const storage = flow({ host: 'sa.blob.core.windows.net', serviceTag: 'Storage.westeurope' });
  assert.equal(serviceTagMatch('Storage.westeurope', storage).kind, 'yes');
  assert.equal(serviceTagMatch('storage', storage).kind, 'yes');
  assert.equal(serviceTagMatch('Storage.eastus', storage).kind, 'no');
  assert.equal(serviceTagMatch('AzureContainerRegistry', storage).kind, 'no');
  assert.equal(serviceTagMatch('AzureCloud', storage).kind, 'maybe');
  assert.equal(serviceTagMatch('Internet', storage).kind, 'yes');
  assert.equal(
    serviceTagMatch('Internet', flow({ address: '10.1.8.5', public: false })).kind,
    'no',
    'a private endpoint is not on the Internet',
  );
  assert.equal(
    serviceTagMatch('Storage', flow({ address: '10.1.8.7', public: false, serviceTag: 'Storage.westeurope' })).kind,
    'no',
    'a private endpoint is not in a service tag',
  );
});

test("the NSG's VirtualNetwork tag holds the VNet and the subnet's UDR prefixes: a 0.0.0.0/0 UDR puts every address in it", () => {
  const context = { vnetPrefixes: ['10.1.0.0/16'], udrPrefixes: [] as string[] };
  assert.equal(addressMatch('VirtualNetwork', flow({ host: 'mcr.microsoft.com' }), context).kind, 'no');
  assert.equal(addressMatch('VirtualNetwork', flow({ address: '10.1.8.5', public: false }), context).kind, 'yes');
  assert.equal(addressMatch('VirtualNetwork', flow({ host: 'mcr.microsoft.com' }), { ...context, udrPrefixes: ['0.0.0.0/0'] }).kind, 'yes');
  assert.equal(
    addressMatch('10.0.0.0/8', flow({ host: 'mcr.microsoft.com' }), context).kind,
    'no',
    'a public endpoint is never in a private range',
  );
  assert.equal(addressMatch('20.0.0.0/8', flow({ host: 'mcr.microsoft.com' }), context).kind, 'maybe');
  assert.equal(addressMatch('10.1.8.0/24', flow({ address: '10.1.8.5', public: false }), context).kind, 'yes');
});
