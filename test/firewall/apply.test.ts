import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import { stringify } from 'yaml';
import { loadCatalog } from '../../src/catalog/load.ts';
import type { Profile } from '../../src/config/profile.ts';
import { applyToPolicy } from '../../src/firewall/apply/apply.ts';
import { runCli } from '../helpers/cli.ts';
import {
  POLICY,
  POLICY_ID,
  RESOURCE_GROUP,
  PLATFORM_GROUP,
  startFirewallPolicyArm,
  SUBSCRIPTION,
  TOKEN,
  type ArmDouble,
} from '../doubles/arm/firewall-policy.ts';
import { demoTarget } from './helpers/demo-target.ts';
import { nonEmpty } from '../helpers/non-empty.ts';

// `firewall apply` through the real @azure/arm-network client and the real
// DefaultAzureCredential (its Azure CLI credential, answered by a stand-in
// `az` on PATH), against a double of the ARM endpoints on 127.0.0.1 whose
// certificate the child trusts through NODE_EXTRA_CA_CERTS.

let dir: string;
let profileFile: string;
let target: Profile;
let arm: ArmDouble;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'amlpf-fw-apply-'));
  target = await demoTarget();
  profileFile = join(dir, 'preflight.yaml');
  writeFileSync(profileFile, stringify(target));
  // What `az account get-access-token --output json --resource …` prints.
  writeFileSync(
    join(dir, 'az'),
    `#!/bin/sh\nprintf '{"accessToken":"%s","expiresOn":"2099-01-01 00:00:00.000000","expires_on":4070908800,"tokenType":"Bearer"}' "\${FAKE_AZ_TOKEN:-${TOKEN}}"\n`,
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

function apply(args: string[], env: Record<string, string> = {}) {
  return runCli(
    ['firewall', 'apply', '-c', profileFile, '--policy', POLICY_ID, '--arm-endpoint', arm.endpoint, '--source', '10.240.0.0/16', ...args],
    {
      env: {
        PATH: `${dir}:${process.env.PATH}`,
        AZURE_TOKEN_CREDENTIALS: 'AzureCliCredential',
        NODE_EXTRA_CA_CERTS: join(dir, 'arm-ca.pem'),
        ...env,
      },
      timeoutMs: 60_000,
    },
  );
}

const puts = () => arm.requests.filter((r) => r.method === 'PUT');
const ours = () => arm.groups.get('aml-preflight');
/** A rule collection of the stored group, as far as these tests read it. */
type StoredCollection = { name: string; rules: { name: string }[] };

describe('firewall apply against the ARM double', () => {
  it('shows the difference and changes nothing without --yes (and with --dry-run)', async () => {
    for (const flags of [[], ['--dry-run']]) {
      const r = await apply(flags);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /^\+ rule collection group aml-preflight \(priority 500\): new$/m);
      assert.match(r.stdout, /^\+ aml-preflight-application\/aks-api: Https:443 from 10\.240\.0\.0\/16 to \*\.hcp\.eastus\.azmk8s\.io$/m);
      assert.match(r.stdout, /^\+ aml-preflight-network\/custom-dns: TCP,UDP 53 from 10\.240\.0\.0\/16 to 198\.18\.0\.53$/m);
      assert.match(r.stdout, /nothing changed: this was a dry run; run again with --yes to apply/);
    }
    assert.equal(puts().length, 0);
    assert.equal(ours(), undefined);
    assert.ok(
      nonEmpty(arm.requests, 'the ARM requests').every((r) => r.headers.authorization === `Bearer ${TOKEN}`),
      'every call carried the credential token',
    );
  });

  it('applies with --yes what `firewall generate --format azure-policy` prints, polls it to completion, touches nothing else', async () => {
    const otherBefore = structuredClone(arm.groups.get('platform-rules'));
    const r = await apply(['--yes']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /applied: 17 added, 0 changed, 0 removed \(provisioning state Succeeded\)/);
    assert.equal(puts().length, 1);
    assert.equal(puts()[0].headers['if-none-match'], '*', 'a new group is created only if nobody created it meanwhile');
    assert.ok(
      arm.requests.some((q) => q.path.includes('/operations/')),
      'the long-running operation was polled',
    );
    const generated = await runCli(['firewall', 'generate', '-c', profileFile, '--format', 'azure-policy', '--source', '10.240.0.0/16']);
    assert.deepEqual(puts()[0].body, JSON.parse(generated.stdout), 'the SDK sent exactly the azure-policy document');
    assert.equal(ours()!.body.provisioningState, 'Succeeded');
    assert.deepEqual(arm.groups.get('platform-rules'), otherBefore);
    assert.ok(nonEmpty(puts(), 'the PUTs').every((p) => p.path.endsWith('/ruleCollectionGroups/aml-preflight')));
  });

  it('is idempotent: a second run reports no change and writes nothing', async () => {
    assert.equal((await apply(['--yes'])).code, 0);
    const r = await apply(['--yes']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /no change: it already holds exactly these rules/);
    assert.equal(puts().length, 1);
  });

  it('updates only what changed, guarded by the etag it read', async () => {
    assert.equal((await apply(['--yes'])).code, 0);
    const etag = ours()!.etag;
    const r = await apply(['--yes', '--storage-account', 'secondstore', '--name', 'aml-preflight']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^\+ aml-preflight-application\/storage-blob-secondstore: /m);
    assert.match(r.stdout, /^- aml-preflight-application\/storage-blob-demostore: /m);
    assert.equal(puts()[1].headers['if-match'], etag);
  });

  it('on a concurrent change (412) re-reads and shows the new difference instead of overwriting', async () => {
    assert.equal((await apply(['--yes'])).code, 0);
    arm.beforeNextPut = () => {
      // Someone else edits the group between our read and our write: a rule removed, the etag new.
      const g = ours()!;
      const app = (g.body.ruleCollections as StoredCollection[]).find((c) => c.name === 'aml-preflight-application')!;
      app.rules = app.rules.filter((x) => x.name !== 'kusto');
      g.etag = 'W/"someone-else"';
    };
    const r = await apply(['--yes', '--storage-account', 'secondstore']);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /changed in Azure while this run was applying \(412, etag mismatch\): nothing was overwritten/);
    assert.match(r.stdout, /^\+ aml-preflight-application\/kusto: /m, 'the new difference includes what the other writer removed');
    assert.equal(ours()!.etag, 'W/"someone-else"');
    assert.ok(!(ours()!.body.ruleCollections as StoredCollection[]).some((c) => c.rules.some((x) => x.name === 'kusto')));
  });

  it('follows a Location header when Azure sends no Azure-AsyncOperation (in process, credential injected)', async () => {
    await arm.stop();
    arm = await startFirewallPolicyArm({ lro: 'location', pollsBeforeDone: 2 });
    const lines: string[] = [];
    const code = await applyToPolicy(target, {
      catalog: loadCatalog(),
      policyId: POLICY_ID,
      yes: true,
      armEndpoint: arm.endpoint,
      deadlineMs: 20_000,
      credential: { getToken: async () => ({ token: TOKEN, expiresOnTimestamp: Date.now() + 3_600_000 }) },
      clientOptions: { tlsOptions: { ca: arm.caPem } },
      pollIntervalMs: 50,
      write: (t) => lines.push(t),
    });
    assert.equal(code, 0, lines.join(''));
    assert.equal(arm.requests.filter((r) => r.path.includes('/operationResults/')).length, 3);
    assert.equal(ours()!.body.provisioningState, 'Succeeded');
  });

  it('says why the policy refuses FQDN network rules when its DNS proxy is off', async () => {
    const r = await apply(['--yes', '--rule-set', 'aml', '--rule-set', 'aks-egress', '--dns-proxy']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^aml-preflight: --dns-proxy: the DNS proxy of firewall policy hub-policy is off/);
    assert.equal(puts().length, 0);
  });
});

describe('firewall apply: Azure errors, one line each', () => {
  const groupPath = /\/ruleCollectionGroups\/aml-preflight$/;
  const cases: { name: string; setup: () => void; args?: string[]; env?: Record<string, string>; exit: number; line: RegExp }[] = [
    {
      name: 'no credential at all (no az on PATH)',
      setup: () => {},
      env: { PATH: '/usr/bin:/bin' },
      exit: 3,
      line: /no usable Azure credential: sign in with az login, .*Azure CLI could not be found/,
    },
    {
      name: '401 from a token Azure does not accept',
      setup: () => {},
      env: { FAKE_AZ_TOKEN: 'expired' },
      exit: 3,
      line: /Azure rejected the credential \(401 InvalidAuthenticationToken\): sign in again \(az login\)/,
    },
    {
      name: '403 without write permission',
      setup: () =>
        arm.faults.push({
          method: 'PUT',
          path: groupPath,
          status: 403,
          code: 'AuthorizationFailed',
          message:
            "The client does not have authorization to perform action 'Microsoft.Network/firewallPolicies/ruleCollectionGroups/write'.",
        }),
      args: ['--yes'],
      exit: 3,
      line: /not allowed \(403 AuthorizationFailed\): the signed-in identity needs Microsoft\.Network\/firewallPolicies\/ruleCollectionGroups\/write on firewall policy hub-policy/,
    },
    {
      name: '404 for a policy that does not exist',
      setup: () => {},
      args: ['--policy', POLICY_ID.replace(POLICY, 'no-such-policy')],
      exit: 2,
      line: /firewall policy no-such-policy \(resource group hub-rg, subscription 00000000-1111-2222-3333-444444444444\) not found \(404 ResourceNotFound\): check --policy/,
    },
    {
      name: '409 while another operation runs on the policy',
      setup: () =>
        arm.faults.push({
          method: 'PUT',
          path: groupPath,
          status: 409,
          code: 'AnotherOperationInProgress',
          message: 'Another operation on this or dependent resource is in progress.\nRetry later.',
        }),
      args: ['--yes'],
      exit: 3,
      line: /Azure refused the change for now \(409 AnotherOperationInProgress\): Another operation on this or dependent resource is in progress\. Retry later\.; another operation/,
    },
    {
      name: '429 with Retry-After, after the SDK has retried',
      setup: () =>
        arm.faults.push({
          method: 'GET',
          path: /firewallPolicies\/hub-policy$/,
          status: 429,
          code: 'TooManyRequests',
          message: 'Too many requests.',
          headers: { 'retry-after': '1' },
        }),
      exit: 3,
      line: /Azure is throttling requests \(429 TooManyRequests\): retry after 1 s/,
    },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      c.setup();
      const r = await apply(c.args ?? [], c.env);
      assert.equal(r.code, c.exit, r.stdout + r.stderr);
      const errors = r.stderr.split('\n').filter((l) => l && !l.startsWith('note: '));
      assert.equal(errors.length, 1, r.stderr);
      assert.match(errors[0], /^aml-preflight: /);
      assert.match(errors[0], c.line);
      assert.doesNotMatch(r.stderr, /^\s+at /m, 'no stack trace');
      assert.equal(ours(), undefined);
    });
  }

  it('gives up at --timeout when the operation never finishes', async () => {
    await arm.stop();
    arm = await startFirewallPolicyArm({ pollsBeforeDone: 1_000_000 });
    writeFileSync(join(dir, 'arm-ca.pem'), arm.caPem);
    const r = await apply(['--yes', '--timeout', '2500']);
    assert.equal(r.code, 3);
    assert.match(r.stderr, /^aml-preflight: Azure did not finish within --timeout 2500 ms; the change may still complete/m);
  });

  it('refuses a malformed --policy, and a missing one, before calling Azure', async () => {
    for (const args of [
      ['--policy', '/subscriptions/x/resourceGroups/rg'],
      ['--policy', `${POLICY_ID}/../../other`],
    ]) {
      const r = await apply(args);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /^aml-preflight: --policy: .* is not a Firewall Policy resource ID/);
    }
    const r = await runCli(['firewall', 'apply', '-c', profileFile]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--policy is required/);
    assert.equal(arm.requests.length, 0);
    assert.ok(SUBSCRIPTION && RESOURCE_GROUP);
  });
});
