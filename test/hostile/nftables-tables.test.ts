// Loading a generated nftables file must never remove a table aml-preflight did not
// write. A system table's name is refused; any other name becomes a table of our
// own (aml_preflight_<name>, with our comment). Proved with real nft in a network
// namespace of the test's own, beside the site's tables.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { nftTableName } from '../../src/firewall/formats/nftables.ts';
import { runCli } from '../helpers/cli.ts';
import { missingPrerequisite } from '../real/support/prerequisites.ts';

const TARGET = [
  '--cluster-fqdn',
  'myaks-dns-1a2b3c.hcp.eastus.azmk8s.io',
  '--region',
  'eastus',
  '--acr',
  'myacr01',
  '--storage-account',
  'mysa01',
];
const generate = (name: string) =>
  runCli(['firewall', 'generate', ...TARGET, '--format', 'nftables', '--no-resolve', '--source', '10.240.0.0/16', '--name', name]);

for (const name of ['filter', 'nat', 'mangle', 'raw', 'security', 'firewalld', 'FILTER']) {
  test(`--name ${name}: refused with exit 2 and one line, before anything is written`, { timeout: 30_000 }, async () => {
    const run = await generate(name);
    assert.equal(run.code, 2, run.stderr);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, /^aml-preflight: --name: ".*" is the name of a system nftables table/m);
  });
}

test('every other name becomes a table of our own', () => {
  assert.equal(nftTableName('aml-preflight'), 'aml_preflight');
  assert.equal(nftTableName('egress'), 'aml_preflight_egress');
  assert.equal(nftTableName('aml_preflight_egress'), 'aml_preflight_egress');
  assert.equal(nftTableName('my-site.fw'), 'aml_preflight_my_site_fw');
});

const ns = `amlpf-nft-own-${process.pid % 100_000}`;
const nft = (input: string | undefined, ...args: string[]) =>
  spawnSync('ip', ['netns', 'exec', ns, 'nft', ...args], { encoding: 'utf8', input, timeout: 20_000 });

describe("real nft: loading the file twice leaves the site's tables alone", { skip: missingPrerequisite(['ip', 'nft']) }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'amlpf-nft-own-'));
  before(() => {
    spawnSync('ip', ['netns', 'del', ns]);
    assert.equal(spawnSync('ip', ['netns', 'add', ns]).status, 0);
    // The site's own tables: one with the name the user gives, one a system table.
    const site = nft(
      'table inet egress {\n\tchain site {\n\t\ttcp dport 22 accept comment "site rule"\n\t}\n}\ntable ip filter {\n\tchain INPUT {\n\t\ttype filter hook input priority 0; policy accept;\n\t}\n}\n',
      '-f',
      '-',
    );
    assert.equal(site.status, 0, site.stderr);
  });
  after(() => {
    spawnSync('ip', ['netns', 'del', ns]);
    rmSync(dir, { recursive: true, force: true });
  });

  test('--name egress writes inet aml_preflight_egress; inet egress and ip filter survive two loads', { timeout: 60_000 }, async () => {
    const run = await generate('egress');
    assert.equal(run.code, 0, run.stderr);
    const file = join(dir, 'egress.nft');
    writeFileSync(file, run.stdout);
    for (let load = 1; load <= 2; load++) {
      const loaded = nft(undefined, '-f', file);
      assert.equal(loaded.status, 0, `load ${load}: ${loaded.stderr}`);
    }
    const tables = nft(undefined, 'list', 'tables').stdout;
    assert.match(tables, /^table inet egress$/m);
    assert.match(tables, /^table ip filter$/m);
    assert.match(tables, /^table inet aml_preflight_egress$/m);
    assert.match(nft(undefined, 'list', 'table', 'inet', 'egress').stdout, /comment "site rule"/);
    assert.match(
      nft(undefined, 'list', 'table', 'inet', 'aml_preflight_egress').stdout,
      /comment "aml-preflight egress: generated, replaced whole on each load"/,
    );
  });
});
