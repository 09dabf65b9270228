import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { parse as parseHcl } from '@cdktf/hcl2json';
import fc from 'fast-check';
import type { Catalog, Requirement } from '../../src/catalog/types.ts';
import type { Profile } from '../../src/config/profile.ts';
import { InputError } from '../../src/errors.ts';
import { FIREWALL_FORMATS, generateRules, type FirewallFormat } from '../../src/firewall/generate.ts';
import { plainText } from '../../src/firewall/safe-values.ts';
import { parseBicepLiteral } from './helpers/bicep-literal.ts';

// No text from a rule file or a profile may break out of its quoting, in any
// format: descriptions are escaped (and read back by each format's own rules),
// names, hosts, tags and addresses outside their patterns are refused.

const dir = mkdtempSync(join(tmpdir(), 'amlpf-fw-esc-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const HOSTILE = [
  "'",
  '"',
  '$(id)',
  '`id`',
  '\n',
  '\r\n',
  '}',
  '{',
  '${x}',
  '%{x}',
  '$${',
  '\\',
  '\\"',
  "'\\''",
  '*/',
  '#',
  ';',
  '\u0000',
  '\u2028',
  '\u001b[31m',
  '"; rm -rf / #',
  "'$(touch /tmp/pwned)'",
  '\ud800',
  'é',
  '🔥',
];
const hostileText = fc
  .array(fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ unit: 'binary', maxLength: 12 })), { minLength: 1, maxLength: 8 })
  .map((parts) => parts.join(''));

function catalogWith(why: string, overrides: Partial<Requirement['firewall']> = {}, requirement: Partial<Requirement> = {}): Catalog {
  const requirements: Requirement[] = [
    {
      id: 'web',
      phase: 'router-deploy',
      title: 'web',
      why,
      host: 'web.contoso.example',
      port: 443,
      ...requirement,
      probes: ['dns', 'tcp'],
      severity: 'fail',
      remediation: 'r',
      source: 's',
      firewall: {
        kind: 'application',
        protocol: 'https',
        port: 443,
        fqdns: ['web.contoso.example'],
        serviceTag: 'AzureCloud',
        ...overrides,
      },
    },
    {
      id: 'tunnel',
      phase: 'router-deploy',
      title: 'tunnel',
      why,
      vantage: 'cluster',
      probes: ['k8s'],
      severity: 'warn',
      remediation: 'r',
      source: 's',
      firewall: { kind: 'network', protocol: 'udp', port: 1194, serviceTag: 'AzureCloud.eastus' },
    },
  ];
  return {
    ruleSets: [{ ruleSet: 't', title: 't', default: true, requirements, file: 't.yaml' }],
    byId: new Map(requirements.map((r) => [r.id, { ...r, ruleSet: 't' }])),
  };
}

const profile: Profile = { cluster: { region: 'eastus' } };
const resolver = async (names: string[]) => new Map(names.map((n) => [n, { addresses: ['198.18.5.5'] }]));
const generate = (format: FirewallFormat, catalog: Catalog, p = profile, extra = {}) =>
  generateRules(p, { format, catalog, sources: ['10.240.0.0/16'], resolver, nftHook: 'output', ...extra });

type Described = { description: string };
type PolicyProperties = { ruleCollections: { rules: Described[] }[] };
type ClassicCollection = { properties: { rules: Described[] } };

/** The descriptions each format carries, read back by that format's own quoting rules. */
async function descriptionsOf(format: FirewallFormat, text: string): Promise<string[]> {
  switch (format) {
    case 'azure-policy':
      return (JSON.parse(text) as { properties: PolicyProperties }).properties.ruleCollections.flatMap((c) =>
        c.rules.map((r) => r.description),
      );
    case 'azure-classic': {
      const doc = JSON.parse(text) as { networkRuleCollections: ClassicCollection[]; applicationRuleCollections: ClassicCollection[] };
      return [...doc.networkRuleCollections, ...doc.applicationRuleCollections].flatMap((c) =>
        c.properties.rules.map((r) => r.description),
      );
    }
    case 'nsg':
      return (JSON.parse(text) as { securityRules: { properties: Described }[] }).securityRules.map((r) => r.properties.description);
    case 'terraform': {
      const tf = await parseHcl('main.tf', text);
      const group = tf.resource.azurerm_firewall_policy_rule_collection_group.aml_preflight[0];
      // hcl2json keeps template escapes: "$${" and "%%{" are a literal "${" and "%{".
      const unescapeTemplate = (s: string) => s.replace(/\$\$\{/g, '${').replace(/%%\{/g, '%{');
      return [...group.network_rule_collection[0].rule, ...group.application_rule_collection[0].rule].map((r: Described) =>
        unescapeTemplate(r.description),
      );
    }
    case 'bicep': {
      const literal = text.slice(text.indexOf('  properties: ') + '  properties: '.length, text.lastIndexOf('\n}'));
      return (parseBicepLiteral(literal) as PolicyProperties).ruleCollections.flatMap((c) => c.rules.map((r) => r.description));
    }
    case 'azcli': {
      const file = join(dir, 'script.sh');
      writeFileSync(file, text);
      execFileSync('bash', ['-n', file]);
      const out = execFileSync('bash', ['-c', `az() { printf '%s\\0' "$@"; printf '\\1\\0'; }; source "$1"`, 'runner', file], {
        env: { PATH: process.env.PATH, RESOURCE_GROUP: 'rg', POLICY_NAME: 'p' },
      }).toString('utf8');
      return out
        .split('\u0001\u0000')
        .map((call) => call.split('\u0000'))
        .filter((args) => args.includes('--description'))
        .map((args) => args[args.indexOf('--description') + 1]);
    }
    case 'nftables':
      return text
        .split('\n')
        .filter((l) => l.includes(' accept comment '))
        .map((l) => /comment "([^"\\]*)"$/.exec(l)?.[1] ?? `UNREADABLE: ${l}`);
  }
}

describe('firewall generate: no value breaks out of its quoting', () => {
  for (const format of FIREWALL_FORMATS) {
    it(`${format}: any description text comes back exactly as written, on one line`, async () => {
      const baseline = (await generate(format, catalogWith('plain text'))).text;
      await fc.assert(
        fc.asyncProperty(hostileText, async (why) => {
          const { text } = await generate(format, catalogWith(why));
          const expected = ['tunnel', 'web'].map((id) => plainText(`${id}: ${plainText(why)}`));
          const got = await descriptionsOf(format, text);
          if (format === 'nftables') {
            // nft strings have no escapes: the comment is a printable-ASCII rendering, and never ends early.
            assert.equal(got.length, 1);
            assert.ok(
              Buffer.byteLength(got[0]) <= 127 &&
                /^[\x20-\x7e]*$/.test(got[0]) &&
                got[0] ===
                  `web: ${plainText(why)}`
                    .replace(/[^\x20-\x7e]/g, '?')
                    .replace(/["\\]/g, "'")
                    .slice(0, 127),
              got[0],
            );
          } else {
            assert.deepEqual([...got].sort(), expected.sort());
          }
          assert.equal(text.split('\n').length, baseline.split('\n').length, 'a description added or removed a line');
        }),
        { numRuns: format === 'azcli' ? 40 : 80 },
      );
    });
  }

  it('nftables with hostile descriptions still loads with nft -c (root and nft needed)', async (t) => {
    if (process.getuid?.() !== 0 || spawnSync('sh', ['-c', 'command -v nft']).status !== 0)
      return t.skip('needs root and nft to run nft -c');
    await fc.assert(
      fc.asyncProperty(hostileText, async (why) => {
        const file = join(dir, 'rules.nft');
        writeFileSync(file, (await generate('nftables', catalogWith(why))).text);
        const r = spawnSync('nft', ['-c', '-f', file], { encoding: 'utf8' });
        assert.equal(r.status, 0, r.stderr);
      }),
      { numRuns: 15 },
    );
  });

  const refused = (promise: Promise<unknown>) =>
    assert.rejects(promise, (e: unknown) => e instanceof InputError && !(e as Error).message.includes('\n'));

  it('refuses host names, tags, names and addresses outside their patterns, in every format', async () => {
    const badHost = fc
      .tuple(fc.constantFrom(...HOSTILE.filter((h) => h !== 'é')), fc.constantFrom('web.contoso.example', 'x'))
      .map(([h, base]) => `${base}${h}.example`);
    const badTag = fc.constantFrom(...HOSTILE).map((h) => `AzureCloud${h}`);
    await fc.assert(
      fc.asyncProperty(badHost, badTag, fc.constantFrom(...FIREWALL_FORMATS), async (host, tag, format) => {
        await refused(generate(format, catalogWith('ok', { fqdns: [host] })));
        await refused(generate(format, catalogWith('ok', { fqdnTag: tag })));
        await refused(generate(format, catalogWith('ok'), profile, { name: `aml${HOSTILE[host.length % HOSTILE.length]}x` }));
        await refused(generate(format, catalogWith('ok'), profile, { sources: [`10.0.0.0/8${HOSTILE[tag.length % HOSTILE.length]}`] }));
      }),
      { numRuns: 60 },
    );
  });

  it('refuses profile values that slipped past the profile schema (an ACR name with a quote)', async () => {
    const catalog: Catalog = catalogWith('ok', { fqdns: ['{acr}.azurecr.io'] }, { host: '{acr}.azurecr.io', each: 'acr' });
    for (const format of FIREWALL_FORMATS) {
      await refused(generate(format, catalog, { ...profile, workspace: { acr: 'evil"$(id)' } }));
      await refused(generate(format, catalog, { ...profile, dns: { servers: ['198.18.0.53; rm -rf /'] } }));
    }
  });
});
