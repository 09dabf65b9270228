// `firewall apply --name` pointed at a rule collection group that aml-preflight did
// not write must not replace that group's rules, unless --take-over-group says so.
// The real @azure/arm-network client and DefaultAzureCredential against the ARM double.
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import { stringify } from 'yaml';
import { runCli } from '../helpers/cli.ts';
import { PLATFORM_GROUP, POLICY_ID, startFirewallPolicyArm, TOKEN, type ArmDouble } from '../doubles/arm/firewall-policy.ts';
import { demoTarget } from '../firewall/helpers/demo-target.ts';

let dir: string;
let profileFile: string;
let arm: ArmDouble;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'amlpf-takeover-'));
  profileFile = join(dir, 'preflight.yaml');
  writeFileSync(profileFile, stringify(await demoTarget()));
  writeFileSync(
    join(dir, 'az'),
    `#!/bin/sh\nprintf '{"accessToken":"%s","expiresOn":"2099-01-01 00:00:00.000000","expires_on":4070908800,"tokenType":"Bearer"}' "${TOKEN}"\n`,
  );
  chmodSync(join(dir, 'az'), 0o755);
});
after(() => rmSync(dir, { recursive: true, force: true }));
beforeEach(async () => {
  arm = await startFirewallPolicyArm();
  arm.putGroup('platform-rules', PLATFORM_GROUP);
  writeFileSync(join(dir, 'arm-ca.pem'), arm.caPem);
});
afterEach(() => arm.stop());

const apply = (args: string[]) =>
  runCli(
    ['firewall', 'apply', '-c', profileFile, '--policy', POLICY_ID, '--arm-endpoint', arm.endpoint, '--source', '10.240.0.0/16', ...args],
    {
      env: {
        PATH: `${dir}:${process.env.PATH}`,
        AZURE_TOKEN_CREDENTIALS: 'AzureCliCredential',
        NODE_EXTRA_CA_CERTS: join(dir, 'arm-ca.pem'),
      },
      timeoutMs: 60_000,
    },
  );
const puts = () => arm.requests.filter((r) => r.method === 'PUT');

describe('firewall apply --name of a group aml-preflight did not write', () => {
  it('is refused with exit 2 and one line, and the group keeps its rules', { timeout: 90_000 }, async () => {
    const before = structuredClone(arm.groups.get('platform-rules'));
    for (const flags of [['--yes'], ['--dry-run']]) {
      const r = await apply(['--name', 'platform-rules', ...flags]);
      assert.equal(r.code, 2, r.stderr);
      const lines = r.stderr.split('\n').filter((l) => l.startsWith('aml-preflight:'));
      assert.equal(lines.length, 1, r.stderr);
      assert.match(
        lines[0]!,
        /rule collection group platform-rules of firewall policy hub-policy was not written by aml-preflight \(it holds platform\).*--take-over-group/,
      );
    }
    assert.equal(puts().length, 0);
    assert.deepEqual(arm.groups.get('platform-rules'), before);
  });

  it('is replaced with --take-over-group --yes, and is then ours: a second run needs no flag', { timeout: 90_000 }, async () => {
    const r = await apply(['--name', 'platform-rules', '--take-over-group', '--yes']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^- collection platform with 1 rules$/m);
    assert.equal(puts().length, 1);
    const names = (arm.groups.get('platform-rules')!.body as { ruleCollections: { name: string }[] }).ruleCollections
      .map((c) => c.name)
      .sort();
    assert.deepEqual(names, ['platform-rules-application', 'platform-rules-network']);
    const again = await apply(['--name', 'platform-rules', '--yes']);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /no change/);
  });

  it('a group of our own is still updated without the flag', { timeout: 90_000 }, async () => {
    assert.equal((await apply(['--yes'])).code, 0);
    const r = await apply(['--yes', '--storage-account', 'secondstore']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(puts().length, 2);
  });
});
