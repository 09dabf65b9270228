import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { readProfileFile } from '../src/config/load.ts';
import { InputError } from '../src/errors.ts';
import { runCli } from './helpers/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'aml-preflight-config-'));
const profile = (name: string, text: string) => {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
};

const README_EXAMPLE = `cluster:   { apiServerFqdn: myaks-dns-1a2b3c.hcp.eastus.azmk8s.io, region: eastus, networkPlugin: azure }
workspace: { region: eastus, acr: myacr, storageAccount: mysa }
endpoint:  { auth: token, domainLabel: mysvc-ab12 }
dns:       { servers: [10.0.0.4] }
dependencies: [ "https://features.contoso-db.example", "tcp://cache.contoso.example:6380" ]
`;

test("the README's example profile is valid", () => {
  const p = readProfileFile(profile('ok.yaml', README_EXAMPLE));
  assert.equal(p.cluster?.apiServerFqdn, 'myaks-dns-1a2b3c.hcp.eastus.azmk8s.io');
  assert.deepEqual(p.dependencies?.length, 2);
});

const BAD: [string, string, RegExp][] = [
  ['unknown key', 'cluster: { apiServer: x.example }\n', /cluster\.apiServer: unknown key/],
  ['malformed host name', 'cluster: { apiServerFqdn: "my aks.example" }\n', /cluster\.apiServerFqdn: must be a DNS host name/],
  ['malformed region', 'cluster: { region: "East US" }\n', /cluster\.region: must be an Azure region name/],
  ['malformed URL', 'dependencies: ["ftp://x.example"]\n', /dependencies\[0\]: must be a URL/],
  ['shell metacharacters in a host', 'workspace: { acr: "my$(reboot)" }\n', /workspace\.acr/],
  ['template metacharacters in a label', 'endpoint: { domainLabel: "{region}" }\n', /endpoint\.domainLabel: must be one DNS label/],
  ['wrong type', 'dns: { servers: "10.0.0.4" }\n', /dns\.servers: must be array/],
  ['bad enum', 'endpoint: { auth: jwt }\n', /endpoint\.auth: must be one of "key", "token", "none"/],
  ['bad YAML', 'cluster: [\n', /not valid YAML \(line \d+, column \d+\)/],
  ['duplicate key', 'cluster: {}\ncluster: {}\n', /not valid YAML/],
];

for (const [name, text, expected] of BAD) {
  test(`a profile with a ${name} is rejected with the file, the key path and the reason`, () => {
    const file = profile(`${name.replace(/\W/g, '-')}.yaml`, text);
    assert.throws(
      () => readProfileFile(file),
      (e: unknown) => e instanceof InputError && e.message.startsWith(file) && expected.test(e.message),
    );
  });
}

test('bad input on the command line exits 2 with one line and no stack trace', async () => {
  const file = profile('bad.yaml', 'cluster: { apiServerFqdn: "a..b" }\n');
  const r = await runCli(['check', '-c', file]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /cluster\.apiServerFqdn: must be a DNS host name/);
  assert.doesNotMatch(r.stderr, /\n\s+at /);
  assert.equal(r.stdout, '');
});

test('a malformed flag exits 2 naming the flag', async () => {
  const r = await runCli(['check', '--cluster-fqdn', 'x.example', '--timeout', 'soon']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--timeout: must be a whole number of milliseconds/);
});

test('a missing profile file exits 2', async () => {
  const r = await runCli(['check', '-c', join(dir, 'nope.yaml')]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /nope\.yaml: cannot read the profile: ENOENT/);
});

test('an unknown flag and an unknown command exit 2', async () => {
  assert.equal((await runCli(['check', '--frobnicate'])).code, 2);
  const r = await runCli(['frobnicate']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /unknown command "frobnicate"/);
});

test('a DNS server may be a bare IPv6 address, or one in brackets with a port', () => {
  const p = readProfileFile(profile('v6.yaml', 'dns: { servers: ["fd00::53", "[fd00::54]:5353", "10.0.0.4"] }\n'));
  assert.deepEqual(p.dns?.servers, ['fd00::53', '[fd00::54]:5353', '10.0.0.4']);
  assert.throws(
    () => readProfileFile(profile('v6-bad.yaml', 'dns: { servers: ["fd00::53:5353:zz"] }\n')),
    /dns\.servers\[0\]: must be an IP address/,
  );
});
