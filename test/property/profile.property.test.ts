// Random and adversarial profiles always end in a valid plan or in an input
// error that names the file and the key path, never in anything else; host
// names carrying shell or template metacharacters never get past the
// boundary; and through the CLI a bad profile is exit 2, one message, no
// stack trace.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import fc from 'fast-check';
import { loadCatalog } from '../../src/catalog/load.ts';
import { readProfileFile, validateProfile } from '../../src/config/load.ts';
import type { Profile } from '../../src/config/profile.ts';
import { InputError } from '../../src/errors.ts';
import { planChecks } from '../../src/plan/expand.ts';
import { targetOf } from '../../src/plan/target.ts';
import { runCli } from '../helpers/cli.ts';
import { aliasBomb, hostileHost, profileLike, yamlText } from './arbitraries.ts';
import { assertKeyPathError, assertValidPlan } from './plan-checks.ts';

const catalog = loadCatalog();
const dir = mkdtempSync(join(tmpdir(), 'amlpf-property-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const RUNS = Number(process.env.AMLPF_PROPERTY_RUNS ?? 300);

function plan(profile: Profile): void {
  try {
    assertValidPlan(planChecks(catalog, targetOf(profile), { ruleSets: profile.ruleSets, dependencies: profile.dependencies }));
  } catch (e) {
    // The one thing only the catalog can know: which rule sets exist.
    if (e instanceof InputError && /^ruleSets: unknown rule set "/.test(e.message)) return;
    throw e;
  }
}

test('validateProfile: any profile-shaped or JSON value is a profile that plans, or an input error naming the key path', () => {
  fc.assert(
    fc.property(fc.oneof(profileLike, fc.jsonValue()), (data) => {
      let profile: Profile;
      try {
        profile = validateProfile(data, 'p.yaml');
      } catch (e) {
        assertKeyPathError(e, 'p.yaml');
        return;
      }
      plan(profile);
    }),
    { numRuns: RUNS },
  );
});

test('readProfileFile: any YAML text (damaged, binary, aliased) is a profile or an input error naming the file', () => {
  let n = 0;
  fc.assert(
    fc.property(yamlText, (text) => {
      const file = join(dir, `profile-${n++}.yaml`);
      writeFileSync(file, text);
      let profile: Profile;
      try {
        profile = readProfileFile(file);
      } catch (e) {
        if (!(e instanceof InputError)) throw e;
        assert.ok(e.message.startsWith(`${file}: `), e.message);
        return;
      }
      plan(profile);
    }),
    { numRuns: RUNS },
  );
});

test('an alias bomb in a profile is an input error, not a crash', () => {
  const file = join(dir, 'bomb.yaml');
  writeFileSync(file, aliasBomb(6, 9));
  assert.throws(
    () => readProfileFile(file),
    (e: unknown) => e instanceof InputError && e.message.startsWith(`${file}: not valid YAML`),
  );
});

const HOST_KEYS: [string, (host: string) => Record<string, unknown>][] = [
  ['cluster.apiServerFqdn', (h) => ({ cluster: { apiServerFqdn: h } })],
  ['endpoint.customDomain', (h) => ({ endpoint: { customDomain: h } })],
  ['endpoint.domainLabel', (h) => ({ endpoint: { domainLabel: h.split('.')[0] } })],
  ['workspace.acr', (h) => ({ workspace: { acr: h.replace(/[.-]/g, '') } })],
  ['workspace.storageAccount', (h) => ({ workspace: { storageAccount: [h.replace(/[.-]/g, '')] } })],
  ['dependencies[0]', (h) => ({ dependencies: [`https://${h}`] })],
  ['dependencies[0]', (h) => ({ dependencies: [`tcp://${h}:6380`] })],
  ['proxy.url', (h) => ({ proxy: { url: `http://${h}:3128` } })],
  ['connectTo[0]', (h) => ({ connectTo: [`${h}:443:127.0.0.1:8443`] })],
];

for (const [key, place] of HOST_KEYS) {
  test(`a host name with shell or template metacharacters is rejected at ${key}`, () => {
    fc.assert(
      fc.property(hostileHost, (host) => {
        const data = place(host);
        let profile: Profile | undefined;
        try {
          profile = validateProfile(data, 'p.yaml');
        } catch (e) {
          assertKeyPathError(e, 'p.yaml');
          assert.match((e as Error).message, new RegExp(`^p\\.yaml: ${key.replace(/[.[\]]/g, '\\$&')}: `, 'm'));
          return;
        }
        // A URL parser may normalise some input into a plain name (a trailing "." or "@" userinfo):
        // then nothing hostile is left in what gets planned.
        plan(profile);
      }),
      { numRuns: Math.ceil(RUNS / 3) },
    );
  });
}

test('through the CLI, a bad profile exits 2 with an "aml-preflight:" message and no stack trace', { timeout: 120_000 }, async () => {
  const bad = fc.sample(
    yamlText.filter((text) => {
      const file = join(dir, 'probe.yaml');
      writeFileSync(file, text);
      try {
        readProfileFile(file);
        return false;
      } catch {
        return true;
      }
    }),
    { numRuns: 12, seed: 42 },
  );
  bad.push(aliasBomb(6, 9));
  const runs = await Promise.all(
    bad.map(async (text, i) => {
      const file = join(dir, `cli-${i}.yaml`);
      writeFileSync(file, text);
      return { text, run: await runCli(['check', '-c', file, '-o', 'json'], { timeoutMs: 30_000 }) };
    }),
  );
  for (const { text, run } of runs) {
    const shown = `${JSON.stringify(text).slice(0, 200)}\n${run.stderr}`;
    assert.equal(run.code, 2, shown);
    assert.match(run.stderr, /^aml-preflight: /, shown);
    assert.doesNotMatch(run.stderr, /internal error|\n\s+at /, shown);
    assert.equal(run.stdout, '', shown);
  }
});
