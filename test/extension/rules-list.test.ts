import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runCli } from '../helpers/cli.ts';

test("rules list --rule-set aml-extension shows the extension's catalog by its phases, and nothing else", async () => {
  const r = await runCli(['rules', 'list', '--rule-set', 'aml-extension']);
  assert.equal(r.code, 0, r.stderr);
  const phases = r.stdout
    .split('\n')
    .filter((l) => /^ {2}\S/.test(l))
    .map((l) => l.trim());
  assert.deepEqual(
    phases.map((p) => p.split(' (')[0]),
    ['Extension install', 'Extension running', '4. Model deploy', '5. Model serving'],
  );
  for (const id of ['ext-config-dp', 'ext-workspace-api', 'ext-logs-queue', 'ext-acr-data', 'ext-healthcheck', 'ext-model-identity-proxy'])
    assert.match(r.stdout, new RegExp(`^ {4}${id} `, 'm'));
  assert.doesNotMatch(r.stdout, /router-peer|azureml-token|rule set "aml"/);
  const json = JSON.parse((await runCli(['rules', 'list', '--rule-set', 'aml-extension', '--rule-set', 'arc', '-o', 'json'])).stdout);
  assert.deepEqual(json.map((s: { ruleSet: string }) => s.ruleSet).sort(), ['aml-extension', 'arc']);
});

test('rules explain names the documented source; an unknown rule set is one line and exit 2', async () => {
  const r = await runCli(['rules', 'explain', 'ext-workspace-api']);
  assert.match(r.stdout, /target: +\{workspaceId\}\.workspace\.\{workspaceRegion\}\.api\.azureml\.ms:443/);
  assert.match(r.stdout, /source: +\[aml-k8s\] <your workspace ID>\.workspace\.<region>\.api\.azureml\.ms/);
  const bad = await runCli(['rules', 'list', '--rule-set', 'aml-extensions']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /unknown rule set "aml-extensions"/);
});
