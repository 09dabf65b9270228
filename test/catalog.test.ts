import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadCatalog, loadRuleFile } from '../src/catalog/load.ts';
import { K8S_CHECKS } from '../src/catalog/types.ts';
import { InputError } from '../src/errors.ts';

const dir = mkdtempSync(join(tmpdir(), 'aml-preflight-rules-'));

test('the built-in catalog loads and covers the eight hosts of the DNS requirements table', () => {
  const catalog = loadCatalog();
  const hosts = [...catalog.byId.values()].map((r) => r.host).filter(Boolean);
  for (const h of [
    '{apiServerFqdn}',
    'mcr.microsoft.com',
    '{acr}.azurecr.io',
    '{storageAccount}.table.core.windows.net',
    '{storageAccount}.blob.core.windows.net',
    'api.azureml.ms',
    'ingest-vienna{region}.kusto.windows.net',
    '{domainLabel}.{region}.cloudapp.azure.com',
  ]) {
    assert.ok(hosts.includes(h), `catalog has ${h}`);
  }
  const sets = catalog.ruleSets.map((s) => s.ruleSet);
  assert.ok(sets.includes('aml') && sets.includes('aks-egress'));
  assert.deepEqual(
    catalog.ruleSets.filter((s) => s.default).map((s) => s.ruleSet),
    ['aml'],
  );
});

const rule = (extra: string) => `ruleSet: custom
title: Custom
requirements:
  - id: thing
    phase: model-serve
    title: A thing
    host: thing.example
    probes: [dns]
    severity: fail
    remediation: open it
    source: test
${extra}`;

const complianceRule = (code: string) =>
  rule('')
    .replace('    host: thing.example\n', '    vantage: cluster\n')
    .replace('[dns]', `[compliance]\n    compliance: { rule: no-hpa-on-models, code: ${code} }`);

const k8sRule = (check: string) =>
  rule('').replace('    host: thing.example\n', '    vantage: cluster\n').replace('[dns]', `[k8s]\n    k8s: { check: ${check} }`);

const BAD: [string, string, RegExp][] = [
  ['unknown key', rule('    colour: blue\n'), /requirements\[0\]\.colour: unknown key/],
  ['bad phase', rule('').replace('model-serve', 'later'), /requirements\[0\]\.phase: must be one of/],
  ['missing remediation', rule('').replace('    remediation: open it\n', ''), /requirements\[0\]\.remediation: is required/],
  [
    'unknown template variable',
    rule('').replace('thing.example', '"{cluster}.example"'),
    /requirements\[0\]\.host: unknown template variable \{cluster\}/,
  ],
  ['shell characters in a host', rule('').replace('thing.example', '"$(id).example"'), /requirements\[0\]\.host: has an invalid value/],
  ['http probe without its proof', rule('').replace('[dns]', '[dns, http]'), /requirements\[0\]\.http: is required/],
  [
    'a compliance code the registry lacks',
    complianceRule('HPA_ON_MODELS'),
    /requirements\[0\]\.compliance\.code: "HPA_ON_MODELS" is not a compliance code of aml-preflight \(known: HPA_ON_MODEL, /,
  ],
  [
    'a network code as a compliance code',
    complianceRule('TCP_TIMEOUT'),
    /requirements\[0\]\.compliance\.code: "TCP_TIMEOUT" is not a compliance code/,
  ],
  ['an in-cluster check no code implements', k8sRule('router-peer-disco'), /requirements\[0\]\.k8s\.check: .*router-peer-discovery/],
];

for (const [name, text, expected] of BAD) {
  test(`a rule file with ${name} is rejected with the file, the path inside it and the reason`, () => {
    const file = join(dir, `${name.replace(/\W/g, '-')}.yaml`);
    writeFileSync(file, text);
    assert.throws(
      () => loadRuleFile(file),
      (e: unknown) => e instanceof InputError && e.message.startsWith(`${file}: `) && expected.test(e.message),
    );
  });
}

test('the schema accepts exactly the in-cluster checks the code implements, and every built-in k8s requirement binds one', () => {
  const schema = JSON.parse(readFileSync(new URL('../schema/rules.schema.json', import.meta.url), 'utf8'));
  assert.deepEqual(schema.definitions.requirement.properties.k8s.properties.check.enum, [...K8S_CHECKS]);
  const k8s = [...loadCatalog().byId.values()].filter((r) => r.probes.includes('k8s'));
  // The two AKS tunnel requirements have no in-cluster check yet: their runs warn that none implements them.
  assert.deepEqual(
    k8s.filter((r) => !r.k8s).map((r) => r.id),
    ['aks-tunnel-udp', 'aks-tunnel-tcp'],
  );
  assert.ok(k8s.length > 8, 'the built-in k8s requirements are found');
});

test('a requirement id defined twice across rule files is rejected', () => {
  const file = join(dir, 'dup.yaml');
  writeFileSync(file, rule('').replace('id: thing', 'id: mcr'));
  assert.throws(() => loadCatalog([file]), /requirements\[0\]\.id: "mcr" is already defined/);
});

test('dependsOn must name an existing requirement', () => {
  const file = join(dir, 'dangling.yaml');
  writeFileSync(file, rule('    dependsOn: [nothing]\n'));
  assert.throws(() => loadCatalog([file]), /requirements\[0\]\.dependsOn\[0\]: no requirement "nothing"/);
});

test('a dependsOn cycle is rejected rather than left to hang the run', () => {
  const file = join(dir, 'cycle.yaml');
  writeFileSync(
    file,
    `${rule('    dependsOn: [other]\n')}  - id: other
    phase: model-serve
    title: Other
    host: other.example
    probes: [dns]
    severity: fail
    remediation: open it
    source: test
    dependsOn: [thing]
`,
  );
  assert.throws(() => loadCatalog([file]), /dependsOn forms a cycle: (thing -> other -> thing|other -> thing -> other)/);
});

test('an unreadable rule file is an input error naming the file, not a crash', () => {
  for (const file of [join(dir, 'missing.yaml'), dir]) {
    assert.throws(
      () => loadCatalog([file]),
      (e: unknown) => e instanceof InputError && e.message.startsWith(`${file}: cannot read the rule file`),
    );
  }
});

test('a compliance rule with a registry code loads', () => {
  const file = join(dir, 'compliance-ok.yaml');
  writeFileSync(file, complianceRule('HPA_ON_MODEL'));
  assert.equal(loadRuleFile(file).requirements[0]!.compliance?.code, 'HPA_ON_MODEL');
});
