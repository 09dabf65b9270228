// firewall generate for the extension: exactly the documented openings, and for the
// transition (both stacks side by side) the union of both, each FQDN once.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { loadCatalog } from '../../src/catalog/load.ts';
import type { Profile } from '../../src/config/profile.ts';
import { generateRules } from '../../src/firewall/generate.ts';
import { runCli } from '../helpers/cli.ts';
import { policyRules } from '../firewall/helpers/demo-target.ts';

const catalog = loadCatalog();
const WORKSPACE_ID = '1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c5d';
const TARGET: Profile = {
  cluster: { apiServerFqdn: 'myaks-dns-1a2b3c.hcp.eastus.azmk8s.io', region: 'eastus' },
  workspace: { region: 'eastus', id: WORKSPACE_ID, acr: 'myacr', storageAccount: 'mysa' },
};

// "Use Kubernetes compute" (inference rows) and AKS "Cluster extensions", for this target.
const EXTENSION_FQDNS = [
  'eastus.dp.kubernetesconfiguration.azure.com',
  'mcr.microsoft.com',
  '*.data.mcr.microsoft.com',
  '*.kusto.windows.net',
  '*.table.core.windows.net',
  '*.queue.core.windows.net',
  'myacr.azurecr.io',
  'myacr.eastus.data.azurecr.io',
  'mysa.blob.core.windows.net',
  `${WORKSPACE_ID}.workspace.eastus.api.azureml.ms`,
  'eastus.experiments.azureml.net',
  'eastus.api.azureml.ms',
];

const fqdnsOf = async (ruleSets: string[], profile: Profile = TARGET) => {
  const rules = policyRules(
    JSON.parse((await generateRules({ ...profile, ruleSets }, { format: 'azure-policy', catalog, resolve: false })).text),
  );
  return { rules, fqdns: rules.flatMap((r) => r.targetFqdns ?? []) as string[] };
};

describe('firewall generate --rule-set aml-extension', () => {
  test("opens exactly the extension's documented hosts, each once, on HTTPS 443, and no network rule", async () => {
    const { rules, fqdns } = await fqdnsOf(['aml-extension']);
    assert.deepEqual([...fqdns].sort(), [...EXTENSION_FQDNS].sort());
    assert.equal(new Set(fqdns).size, fqdns.length);
    assert.ok(rules.length > 0 && rules.every((r) => r.ruleType === 'ApplicationRule'));
    for (const r of rules) assert.deepEqual(r.protocols, [{ protocolType: 'Https', port: 443 }]);
  });

  test('the transition (aml and aml-extension) opens the union of both stacks, each FQDN once', async () => {
    const v1 = await fqdnsOf(['aml'], { ...TARGET, endpoint: { auth: 'token' } });
    const both = await fqdnsOf(['aml', 'aml-extension'], { ...TARGET, endpoint: { auth: 'token' } });
    assert.deepEqual([...both.fqdns].sort(), [...new Set([...v1.fqdns, ...EXTENSION_FQDNS])].sort());
    assert.equal(new Set(both.fqdns).size, both.fqdns.length, 'an FQDN is repeated');
    assert.ok(both.fqdns.includes('api.azureml.ms') && both.fqdns.includes('*.queue.core.windows.net'));
  });

  test('training adds pypi.org on 443 and the Ubuntu archives on HTTP 80, and only when asked', async () => {
    const { rules } = await fqdnsOf(['aml-extension', 'aml-extension-training']);
    const http = rules.filter((r) => r.protocols?.some((p: { port: number }) => p.port === 80));
    assert.deepEqual(http.flatMap((r) => r.targetFqdns).sort(), ['archive.ubuntu.com', 'ppa.launchpad.net', 'security.ubuntu.com']);
    assert.deepEqual(http[0].protocols, [{ protocolType: 'Http', port: 80 }]);
    assert.ok(rules.some((r) => r.targetFqdns?.includes('pypi.org')));
    assert.ok(!(await fqdnsOf(['aml-extension'])).fqdns.includes('pypi.org'));
  });

  test('without --workspace-id the workspace host is left out and the user is told what to set', async () => {
    const generated = await generateRules(
      { ...TARGET, workspace: { ...TARGET.workspace, id: undefined }, ruleSets: ['aml-extension'] },
      { format: 'azure-policy', catalog, resolve: false },
    );
    assert.ok(!generated.text.includes('.workspace.eastus.api.azureml.ms'));
    assert.ok(
      generated.notes.some((n) => /ext-workspace-api: .*workspace\.id \(--workspace-id\)/.test(n)),
      generated.notes.join('\n'),
    );
  });

  test('the CLI: a malformed --workspace-id is one line and exit 2; a good one generates', async () => {
    const bad = await runCli([
      'firewall',
      'generate',
      '--rule-set',
      'aml-extension',
      '--region',
      'eastus',
      '--workspace-id',
      'my-workspace',
    ]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /workspace\.id: must be the workspace ID, a GUID/);
    assert.equal(bad.stderr.trim().split('\n').length, 1);
    const good = await runCli([
      'firewall',
      'generate',
      '--rule-set',
      'aml-extension',
      '--region',
      'eastus',
      '--workspace-id',
      WORKSPACE_ID.toUpperCase(),
      '--acr',
      'myacr',
      '--storage-account',
      'mysa',
    ]);
    assert.equal(good.code, 0, good.stderr);
    assert.ok(good.stdout.includes(`${WORKSPACE_ID}.workspace.eastus.api.azureml.ms`), 'the GUID is lower-cased like every host');
  });
});
