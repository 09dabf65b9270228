// Rule files are data a user may extend (--rules-file): random damage to the
// shipped ones always ends in a rule set that plans valid checks, or in an
// input error naming the file and the path inside it; template and shell
// metacharacters in a host never reach a planned check.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import fc from 'fast-check';
import { parse, stringify } from 'yaml';
import { loadCatalog, loadRuleFile } from '../../src/catalog/load.ts';
import { InputError } from '../../src/errors.ts';
import { planChecks } from '../../src/plan/expand.ts';
import { targetOf } from '../../src/plan/target.ts';
import { aliasBomb, hostileHost, METACHARACTERS } from './arbitraries.ts';
import { assertValidPlan } from './plan-checks.ts';

const RUNS = Number(process.env.AMLPF_PROPERTY_RUNS ?? 300);
const dir = mkdtempSync(join(tmpdir(), 'amlpf-rules-property-'));
const emptyRulesDir = mkdtempSync(join(tmpdir(), 'amlpf-rules-empty-'));
after(() => {
  for (const d of [dir, emptyRulesDir]) rmSync(d, { recursive: true, force: true });
});
const SHIPPED = ['aml-aks.yaml', 'aks-egress.yaml'].map(
  (f) => parse(readFileSync(new URL(`../../rules/${f}`, import.meta.url), 'utf8')) as { requirements: Record<string, unknown>[] },
);

const TARGET = targetOf({
  cluster: { apiServerFqdn: 'myaks-dns-1a2b3c.hcp.eastus.azmk8s.io', region: 'eastus' },
  workspace: { acr: ['myacr1', 'myacr2'], storageAccount: 'mysa' },
  endpoint: { auth: 'token', domainLabel: 'mysvc-ab12' },
});

const KEYS = [
  'id',
  'phase',
  'title',
  'host',
  'each',
  'port',
  'vantage',
  'probes',
  'http',
  'privateLinkZone',
  'when',
  'dependsOn',
  'severity',
  'remediation',
  'firewall',
  'source',
  'unknownKey',
];
const template = fc.oneof(
  hostileHost,
  fc.constantFrom(
    '{acr}.azurecr.io',
    '{nope}.example',
    '{acr',
    'acr}',
    '{{acr}}',
    '*.{region}.example',
    '{region}*.example',
    'a..b',
    '.x',
    'x.',
    '-x.example',
    '{}',
    '{acr}{storageAccount}',
    '',
  ),
  fc.tuple(fc.constantFrom(...METACHARACTERS), fc.constantFrom('{acr}.azurecr.io', 'mcr.microsoft.com')).map(([m, h]) => `${h}${m}`),
);
const anyValue = fc.oneof(fc.jsonValue({ maxDepth: 2 }), template, fc.string({ maxLength: 30 }));

/** One edit to one requirement: a key replaced, removed or added, or its host made hostile. */
const edit = fc.record({
  file: fc.nat({ max: SHIPPED.length - 1 }),
  requirement: fc.nat(),
  key: fc.constantFrom(...KEYS),
  action: fc.constantFrom('replace', 'delete', 'host'),
  value: anyValue,
  host: template,
});

type Edit = typeof edit extends fc.Arbitrary<infer T> ? T : never;

function applyEdits(edits: Edit[]): { text: string } {
  const base = structuredClone(SHIPPED[edits[0]?.file ?? 0]!) as { ruleSet: string; requirements: Record<string, unknown>[] };
  // Its own rule set name, so it can sit beside the shipped ones.
  base.ruleSet = 'extra';
  for (const e of edits) {
    const r = base.requirements[e.requirement % base.requirements.length]!;
    if (e.action === 'delete') delete r[e.key];
    else if (e.action === 'host') r.host = e.host;
    else r[e.key] = e.value;
  }
  return { text: stringify(base) };
}

let n = 0;
function load(text: string): { file: string; set?: ReturnType<typeof loadRuleFile>; error?: InputError } {
  const file = join(dir, `rules-${n++}.yaml`);
  writeFileSync(file, text);
  try {
    return { file, set: loadRuleFile(file) };
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    return { file, error: e };
  }
}

/** Load the damaged set and plan it; undefined when it was (rightly) refused as input. */
function planDamaged(edits: Edit[]): ReturnType<typeof planChecks> | undefined {
  const { file, set, error } = load(applyEdits(edits).text);
  if (error) {
    for (const line of error.message.split('\n'))
      assert.match(
        line,
        new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: (\\(top level\\)|ruleSet|title|requirements\\[\\d+\\]|[a-z]).*: \\S`),
        error.message,
      );
    return undefined;
  }
  try {
    // The edited set alone (cross-checks: duplicate ids, dependsOn, cycles).
    return planChecks(loadCatalog([file], emptyRulesDir), TARGET, { ruleSets: [set!.ruleSet] });
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    assert.ok(e.message.startsWith(`${file}: `) || e.message.startsWith('extra: '), e.message);
    return undefined;
  }
}

test('a damaged rule file loads and plans a well-formed plan, or is an input error naming the file and the path inside it', () => {
  fc.assert(
    fc.property(fc.array(edit, { minLength: 1, maxLength: 3 }), (edits) => {
      const plan = planDamaged(edits);
      if (plan) assertValidPlan(plan, { hostNames: false });
    }),
    { numRuns: RUNS },
  );
});

// Found by this property: host templates that do not expand to a host name ("}x.example", "a..b",
// "*.{region}.example") used to load and be probed; checkTemplates now rejects them.
test("template and shell metacharacters in a rule's host never reach a planned check", () => {
  fc.assert(
    fc.property(fc.array(edit, { minLength: 1, maxLength: 3 }), (edits) => {
      const plan = planDamaged(edits);
      if (plan) assertValidPlan(plan);
    }),
    { numRuns: RUNS },
  );
});

test('any text as a rule file is a rule set or an input error naming the file', () => {
  fc.assert(
    fc.property(
      fc.oneof(
        fc.string({ unit: 'binary', maxLength: 300 }),
        fc.constant(aliasBomb(6, 9)),
        fc.jsonValue().map((v) => stringify(v)),
      ),
      (text) => {
        load(text);
      },
    ),
    { numRuns: RUNS },
  );
});
