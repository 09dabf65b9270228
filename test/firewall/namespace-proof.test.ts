// The proof with a real firewall for the v1 rule set (aml): the rules of
// `firewall generate --format nftables` are enough and no more (helpers/nft-proof.ts).
import { LAB_HOSTS } from '../../src/lab/lab.ts';
import { describeNftProof } from './helpers/nft-proof.ts';

describeNftProof({
  title: 'firewall proof: the generated nftables rules are enough and no more',
  tag: 'fw',
  labHosts: LAB_HOSTS,
  profile: (hosts) => ({
    cluster: { apiServerFqdn: hosts.find((h) => h.service === 'aks-api')!.host, region: 'eastus' },
    workspace: { region: 'eastus', acr: 'demoacr', storageAccount: 'demostore' },
    endpoint: { auth: 'token', domainLabel: 'demo-svc-1a2b' },
  }),
  expectedRules: [
    'acr-demoacr',
    'aks-api',
    'azureml-token',
    'custom-dns',
    'kusto',
    'mcr',
    'mcr_mcr-data',
    'storage-blob-demostore',
    'storage-table-demostore',
  ],
  minChecks: 25,
});
