// Healthy networks made of real components pass: straight through the
// customer's DNS server (unbound), through their egress proxy (squid), with
// NO_PROXY from the environment or the profile deciding who goes direct, a
// proxy that wants credentials, and private endpoints behind privatelink
// CNAMEs (DNS only: nothing connects to their 10.x addresses).
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { runChecker, summary, type CheckerRun } from './support/checker.ts';
import { ACR, BLOB, CLUSTER_FQDN, DEPENDENCY, MCR, TARGET_FLAGS, TARGET_HOSTS, TARGET_YAML, zonesFor } from './support/lab-target.ts';
import { PROXY_CREDENTIALS, startLoopbackWorld, type LoopbackWorld } from './support/loopback-world.ts';
import { missingPrerequisite } from './support/prerequisites.ts';

const TIMEOUT_MS = 3000;
const skip = missingPrerequisite(['unbound', 'squid', 'security_file_certgen', 'openssl']);

/** Every check that can run locally passed; the rest are the in-cluster ones. */
function assertAllPassed(run: CheckerRun): void {
  const shown = `\n${summary(run.report)}\n${run.stderr}`;
  assert.equal(run.code, 0, shown);
  assert.deepEqual(run.report.summary.fail + run.report.summary.warn, 0, shown);
  assert.equal(run.report.rootCause, null);
  for (const c of run.report.checks.filter((c) => c.status === 'skip')) assert.match(c.message, /in-cluster/, shown);
}

/** CONNECT lines squid logged for a host since `from` (a length of the log). */
function tunnels(log: string, host: string): string[] {
  return log.split('\n').filter((line) => line.includes(` CONNECT ${host}:443 `));
}

describe('healthy networks of real components pass', { skip, concurrency: 1 }, () => {
  let w: LoopbackWorld;
  let flags: string[];
  before(async () => {
    w = await startLoopbackWorld({ squid: true });
    flags = [
      ...TARGET_FLAGS,
      '--ca-file',
      w.caFile,
      '--timeout',
      String(TIMEOUT_MS),
      '-o',
      'json',
      '--dependency',
      `https://${DEPENDENCY}`,
    ];
  });
  after(async () => {
    await w?.stop();
  });

  test('straight through the custom DNS server: every host resolves to its origin and answers', { timeout: 60_000 }, async () => {
    const run = await runChecker([...flags, '--dns-server', w.resolver.server]);
    assertAllPassed(run);
    for (const [host] of TARGET_HOSTS) {
      const dns = run.report.checks.find((c) => c.kind === 'dns' && c.host === host)!;
      assert.deepEqual(dns.evidence.addresses, [w.addresses[host]], host);
    }
  });

  test("through the egress proxy: no local DNS checks but the endpoint's own name, every tunnel opened by squid", {
    timeout: 60_000,
  }, async () => {
    const before = w.squid!.accessLog().length;
    const run = await runChecker([...flags, '--dns-server', w.resolver.server, '--proxy', w.squid!.url('open')]);
    assertAllPassed(run);
    // The proxy resolves every host it is asked to tunnel to; the scoring endpoint's name is
    // resolved by its clients, so that DNS-only requirement keeps its local check.
    assert.deepEqual(
      run.report.checks.filter((c) => c.kind === 'dns').map((c) => c.id),
      ['cloudapp/dns'],
    );
    const log = w.squid!.accessLog().slice(before);
    for (const [host] of TARGET_HOSTS.filter(([h]) => !h.includes('cloudapp'))) {
      assert.ok(
        tunnels(log, host).some((l) => /TCP_TUNNEL\/200/.test(l)),
        `squid tunnelled ${host}:\n${log}`,
      );
    }
    assert.equal(run.check('mcr/tcp').evidence.via, `127.0.0.1:${w.squid!.port('open')}`);
  });

  test('NO_PROXY from the environment sends the AKS API server direct, the rest through the proxy', { timeout: 60_000 }, async () => {
    const before = w.squid!.accessLog().length;
    const run = await runChecker([...flags, '--dns-server', w.resolver.server], {
      env: { HTTPS_PROXY: w.squid!.url('open'), NO_PROXY: '.azmk8s.io' },
    });
    assertAllPassed(run);
    assert.equal(run.check('aks-api/dns').status, 'pass');
    assert.equal(run.check('aks-api/tcp').evidence.via, undefined);
    assert.equal(run.check('aks-api/tcp').evidence.address, w.addresses[CLUSTER_FQDN]);
    assert.ok(!run.report.checks.some((c) => c.id === 'mcr/dns'));
    const log = w.squid!.accessLog().slice(before);
    assert.deepEqual(tunnels(log, CLUSTER_FQDN), []);
    assert.ok(tunnels(log, MCR).length > 0);
  });

  test('NO_PROXY from the profile does the same, and wins over the environment', { timeout: 60_000 }, async () => {
    const profile = join(w.dir, 'no-proxy-profile.yaml');
    writeFileSync(profile, `${TARGET_YAML}proxy: { url: "${w.squid!.url('open')}", noProxy: ".azmk8s.io, ${DEPENDENCY}" }\n`);
    const before = w.squid!.accessLog().length;
    const run = await runChecker(
      [
        '-c',
        profile,
        '--ca-file',
        w.caFile,
        '--timeout',
        String(TIMEOUT_MS),
        '-o',
        'json',
        '--dns-server',
        w.resolver.server,
        '--dependency',
        `https://${DEPENDENCY}`,
      ],
      {
        env: { NO_PROXY: '' },
      },
    );
    assertAllPassed(run);
    assert.equal(run.check(`dependency@${DEPENDENCY}:443/dns`).status, 'pass');
    const log = w.squid!.accessLog().slice(before);
    assert.deepEqual(tunnels(log, CLUSTER_FQDN), []);
    assert.deepEqual(tunnels(log, DEPENDENCY), []);
    assert.ok(tunnels(log, MCR).length > 0);
  });

  test('a proxy that wants credentials: the right ones pass, wrong ones are PROXY_DENIED (407), the password is never shown', {
    timeout: 60_000,
  }, async () => {
    const { user, password } = PROXY_CREDENTIALS;
    const good = await runChecker([...flags, '--dns-server', w.resolver.server, '--proxy', w.squid!.url('auth', `${user}:${password}`)]);
    assertAllPassed(good);
    const bad = await runChecker([...flags, '--dns-server', w.resolver.server, '--proxy', w.squid!.url('auth', `${user}:not-${password}`)]);
    assert.equal(bad.code, 1);
    const tcp = bad.report.checks.filter((c) => c.kind === 'tcp' && c.status !== 'skip');
    assert.ok(tcp.length > 0);
    for (const c of tcp) {
      assert.equal(c.code, 'PROXY_DENIED', c.id);
      assert.equal(c.evidence.proxyStatus, 407);
    }
    for (const run of [good, bad]) {
      assert.doesNotMatch(run.stdout, new RegExp(password));
      assert.doesNotMatch(run.stdout, new RegExp(Buffer.from(`${user}:${password}`).toString('base64')));
    }
  });

  test('private endpoints: privatelink CNAMEs to private addresses pass as private endpoints (DNS only)', { timeout: 60_000 }, async () => {
    const addresses = Object.fromEntries(Object.entries(w.addresses).filter(([h]) => h !== ACR && h !== BLOB));
    const resolver = await w.startResolver('private-endpoints', {
      zones: zonesFor(addresses, [
        `${ACR}. IN CNAME demoacr.privatelink.azurecr.io.`,
        'demoacr.privatelink.azurecr.io. IN A 10.1.2.3',
        `${BLOB}. IN CNAME demostore.privatelink.blob.core.windows.net.`,
        'demostore.privatelink.blob.core.windows.net. IN A 10.1.2.4',
      ]),
    });
    try {
      // The TCP/TLS/HTTP checks go to the loopback origins, never to 10.x.
      const run = await runChecker([
        ...flags,
        '--dns-server',
        resolver.server,
        '--connect-to',
        `${ACR}:443:${w.addresses[ACR]}:443`,
        '--connect-to',
        `${BLOB}:443:${w.addresses[BLOB]}:443`,
      ]);
      assertAllPassed(run);
      for (const [id, address, zone] of [
        ['acr@demoacr/dns', '10.1.2.3', 'privatelink.azurecr.io'],
        ['storage-blob@demostore/dns', '10.1.2.4', 'privatelink.blob.core.windows.net'],
      ] as const) {
        const dns = run.check(id);
        assert.match(dns.message, /private endpoint/);
        assert.equal(dns.evidence.privateEndpoint, true);
        assert.deepEqual(dns.evidence.addresses, [address]);
        assert.ok((dns.evidence.cnameChain as string[])[0]!.endsWith(zone));
      }
      assert.equal(run.check('acr@demoacr/tcp').evidence.address, w.addresses[ACR]);
    } finally {
      await resolver.stop();
    }
  });
});
