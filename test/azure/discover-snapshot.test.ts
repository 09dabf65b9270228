// The snapshot contract: what --azure-snapshot accepts and how it is looked up.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { InputError } from '../../src/errors.ts';
import { dependencyList, dependencyListOf, parseResourceId, readSnapshot, Snapshot } from '../../src/azure/snapshot.ts';

const dir = mkdtempSync(join(tmpdir(), 'snapshot-'));
const SUB = '00000000-1111-2222-3333-444444444444';
const WS = `/subscriptions/${SUB}/resourceGroups/ml-rg/providers/Microsoft.MachineLearningServices/workspaces/ml-ws`;

test('parseResourceId takes nested types and names apart', () => {
  const id = parseResourceId(`${WS}/computes/aks-prod`);
  assert.deepEqual(id, {
    subscriptionId: SUB,
    resourceGroup: 'ml-rg',
    type: 'Microsoft.MachineLearningServices/workspaces/computes',
    name: 'aks-prod',
    names: ['ml-ws', 'aks-prod'],
  });
  assert.equal(parseResourceId(WS.replace('resourceGroups', 'resourcegroups')).name, 'ml-ws');
});

test('a malformed id is one input error naming the flag', () => {
  for (const bad of [
    '',
    'ml-ws',
    `/subscriptions/not-a-guid/resourceGroups/rg/providers/Microsoft.X/y/z`,
    `${WS}/computes`,
    `/subscriptions/${SUB}/providers/Microsoft.X/y/z/a/b`,
  ]) {
    assert.throws(
      () => parseResourceId(bad, '--workspace'),
      (e: Error) => e instanceof InputError && /^--workspace: .* is not an Azure resource id/.test(e.message) && !e.message.includes('\n'),
      bad,
    );
  }
});

test('lookups ignore case as ARM does', () => {
  const s = new Snapshot([{ id: WS, name: 'ml-ws', type: 'Microsoft.MachineLearningServices/workspaces', properties: {} }]);
  assert.equal(s.byId(WS.toUpperCase())?.name, 'ml-ws');
  assert.equal(s.ofType('microsoft.machinelearningservices/WORKSPACES').length, 1);
  assert.equal(s.ofType('Microsoft.Network/virtualNetworks').length, 0);
  assert.equal(s.byId(undefined), undefined);
});

test('a dependency list is a pseudo-resource under its parent', () => {
  const ws = { id: WS, name: 'ml-ws', type: 'Microsoft.MachineLearningServices/workspaces' };
  const list = dependencyListOf(ws, [{ category: 'x', endpoints: [] }]);
  assert.equal(list.id, `${WS}/outboundNetworkDependenciesEndpoints`);
  assert.deepEqual(dependencyList(new Snapshot([ws, list]), WS.toLowerCase()), [{ category: 'x', endpoints: [] }]);
  assert.equal(dependencyList(new Snapshot([ws]), WS), undefined);
});

test('readSnapshot refuses what is not an array of ARM resources, in one line', () => {
  const cases: [string, RegExp][] = [
    ['{"value": []}', /must be a JSON array of ARM resources \(got object\)/],
    ['[{"id": "x", "name": "y"}]', /\[0\]: missing "type"/],
    ['[1]', /\[0\]: must be an ARM resource object/],
    ['[{"id": "x", "name": "y", "type": "t", "properties": []}]', /"properties" must be an object/],
    ['[not json', /not valid JSON/],
  ];
  for (const [text, expected] of cases) {
    const file = join(dir, 'bad.json');
    writeFileSync(file, text);
    assert.throws(
      () => readSnapshot(file),
      (e: Error) => e instanceof InputError && expected.test(e.message) && e.message.startsWith(file) && !e.message.includes('\n'),
      text,
    );
  }
  assert.throws(() => readSnapshot(join(dir, 'missing.json')), /cannot read the Azure snapshot: ENOENT/);
  const ok = join(dir, 'ok.json');
  writeFileSync(
    ok,
    JSON.stringify([{ id: WS, name: 'ml-ws', type: 'Microsoft.MachineLearningServices/workspaces', location: 'eastus', properties: {} }]),
  );
  assert.equal(readSnapshot(ok).resources.length, 1);
});
