// The proof with a real firewall for the Azure ML extension's rule set
// (aml-extension): the rules of `firewall generate --rule-set aml-extension` are
// enough and no more, and every host of the extension's list is opened (helpers/nft-proof.ts).
import { EXTENSION_LAB_HOSTS, EXTENSION_WORKSPACE_ID } from '../../src/lab/extension-scenario.ts';
import { describeNftProof } from './helpers/nft-proof.ts';

describeNftProof({
  title: 'firewall proof, aml-extension: the generated nftables rules are enough and no more',
  tag: 'xe',
  labHosts: EXTENSION_LAB_HOSTS,
  profile: () => ({
    cluster: { region: 'eastus' },
    workspace: { region: 'eastus', id: EXTENSION_WORKSPACE_ID, acr: 'demoacr', storageAccount: 'demostore' },
    ruleSets: ['aml-extension'],
  }),
  // One rule per requirement instance (merged where requirements share an opening).
  expectedRules: [
    'custom-dns',
    'ext-config-dp',
    'ext-mcr',
    'ext-mcr_ext-mcr-data',
    'ext-workspace-api',
    'ext-region-api',
    'ext-experiments',
    'ext-logs-kusto',
    'ext-logs-table-demostore',
    'ext-logs-queue-demostore',
    'ext-acr-demoacr',
    'ext-acr-data-demoacr',
    'ext-blob-demostore',
  ],
  minChecks: 40,
  everyHostOpened: true,
});
