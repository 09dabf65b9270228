// The DNS verdicts on DNS servers nobody here wrote: BIND holding public and
// privatelink zones, dnsmasq overriding a name in front of it, unbound
// recursing through auth-zones. Each test asks the real server through the
// DNS probe and asserts what the user reads: the code, the message, and the
// evidence that says what was compared.
import assert from 'node:assert/strict';
import dgram from 'node:dgram';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parseDnsServer, probeDns, type DnsServer, type ResolverEvidence } from '../../src/probes/dns.ts';
import { startBind } from './support/bind.ts';
import { startDnsmasq } from './support/dnsmasq.ts';
import { freePort } from './support/free-port.ts';
import { missingPrerequisite } from './support/prerequisites.ts';
import { startUnbound, type Resolver } from './support/unbound.ts';

const TIMEOUT_MS = 2000;
const ROUND_ROBIN = ['203.0.113.1', '203.0.113.2', '203.0.113.3', '203.0.113.4'];
const REGISTRY = 'contosoml.azurecr.io';
const REGISTRY_LINK = 'contosoml.privatelink.azurecr.io';
const REGISTRY_PRIVATE = '10.20.0.5';
const STALE_OVERRIDE = '10.66.6.6';

/** Azure's zones as a customer's DNS server holds them: a registry behind its private endpoint, a round-robin name. */
const ZONES: Record<string, string[]> = {
  'azurecr.io': [`${REGISTRY}. IN CNAME ${REGISTRY_LINK}.`],
  'privatelink.azurecr.io': [`${REGISTRY_LINK}. IN A ${REGISTRY_PRIVATE}`],
  'contoso.example': ROUND_ROBIN.map((a) => `rr.contoso.example. IN A ${a}`),
};

// Where the two servers differ on purpose: each region's Front Door edge (a note), and a record one of them holds stale (a warning).
const WEB = 'web.contoso.example';
const API = 'api.contoso.example';
const edge = (name: string, address: string, apiAddress: string): Record<string, string[]> => ({
  'azurefd.net': ['contoso-web.azurefd.net. IN CNAME star-azurefd-prod.trafficmanager.net.'],
  'trafficmanager.net': [`star-azurefd-prod.trafficmanager.net. IN CNAME ${name}.`],
  't-msedge.net': [`${name}. IN A ${address}`],
  'contoso.example': [...ZONES['contoso.example']!, `${WEB}. IN CNAME contoso-web.azurefd.net.`, `${API}. IN A ${apiAddress}`],
});
const BIND_ZONES = { ...ZONES, ...edge('dual.t-0009.t-msedge.net', '13.107.246.1', '203.0.113.10') };
const UNBOUND_ZONES = { ...ZONES, ...edge('dual.t-0001.t-msedge.net', '13.107.213.7', '203.0.113.11') };

const server = (r: Resolver): DnsServer => parseDnsServer(r.server)!;
const resolvers = (evidence: Record<string, unknown>) => evidence.resolvers as ResolverEvidence[];

const skip = missingPrerequisite(['named', 'dnsmasq', 'unbound'], { root: false });

describe('DNS verdicts on BIND, dnsmasq and unbound', { skip, concurrency: 1 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'amlpf-real-dns-'));
  const started: Resolver[] = [];
  let bind: Resolver;
  let unbound: Resolver;
  before(async () => {
    bind = await startBind({ zones: BIND_ZONES }, { dir: join(dir, 'bind'), address: '127.0.0.1', port: await freePort() });
    started.push(bind);
    unbound = await startUnbound({ zones: UNBOUND_ZONES }, { dir: join(dir, 'unbound'), address: '127.0.0.1', port: await freePort() });
    started.push(unbound);
  });
  after(async () => {
    await Promise.all(started.map((r) => r.stop()));
    rmSync(dir, { recursive: true, force: true });
  });

  test('BIND and unbound give the same 4-record round robin in different orders: the same answer, no DNS_INCONSISTENT', async () => {
    // Ask until the two really answer in different orders (BIND rotates its answers), then judge that run.
    let reordered: Awaited<ReturnType<typeof probeDns>> | undefined;
    for (let attempt = 0; attempt < 20 && !reordered; attempt++) {
      const out = await probeDns('rr.contoso.example', { servers: [server(bind), server(unbound)], timeoutMs: TIMEOUT_MS });
      assert.equal(out.status, 'pass', out.message);
      const [b, u] = resolvers(out.evidence);
      assert.deepEqual([...b!.addresses].sort(), ROUND_ROBIN);
      assert.deepEqual([...u!.addresses].sort(), ROUND_ROBIN);
      if (b!.addresses.join() !== u!.addresses.join()) reordered = out;
    }
    assert.ok(reordered, 'in 20 tries BIND and unbound never answered in different orders');
    assert.match(reordered.message, /2 resolvers agree/);
    const comparison = reordered.evidence.comparison as { compared: string; differences: string[] };
    assert.match(comparison.compared, /address sets \(order ignored/);
    assert.deepEqual(comparison.differences, []);
  });

  test('BIND and unbound behind the same Front Door chain get different edges: a note in the evidence, not a warning', async () => {
    const out = await probeDns(WEB, { servers: [server(bind), server(unbound)], timeoutMs: TIMEOUT_MS });
    assert.equal(out.status, 'pass', out.message);
    const [b, u] = resolvers(out.evidence);
    assert.deepEqual([b!.addresses, u!.addresses], [['13.107.246.1'], ['13.107.213.7']]);
    const comparison = out.evidence.comparison as { differences: string[]; notes: string[] };
    assert.deepEqual(comparison.differences, []);
    assert.equal(comparison.notes.length, 1);
    assert.match(comparison.notes[0]!, /same CDN chain \(contoso-web\.azurefd\.net\)/);
    assert.match(out.message, /agree on the CDN chain/);
  });

  test('BIND and unbound give different addresses for a name with no CDN chain: DNS_INCONSISTENT, naming the address only one gives', async () => {
    const out = await probeDns(API, { servers: [server(bind), server(unbound)], timeoutMs: TIMEOUT_MS });
    assert.equal(out.code, 'DNS_INCONSISTENT', out.message);
    assert.equal(out.status, 'warn');
    assert.match(out.message, new RegExp(`203\\.0\\.113\\.10 only from ${bind.server}; 203\\.0\\.113\\.11 only from ${unbound.server}`));
  });

  test('BIND: the registry through its privatelink CNAME to a private address is a private endpoint', async () => {
    const out = await probeDns(REGISTRY, { servers: [server(bind)], timeoutMs: TIMEOUT_MS, privateLinkZone: 'privatelink.azurecr.io' });
    assert.equal(out.status, 'pass', out.message);
    assert.equal(out.evidence.privateEndpoint, true);
    assert.deepEqual(out.evidence.cnameChain, [REGISTRY_LINK]);
    assert.deepEqual(out.addresses, [{ address: REGISTRY_PRIVATE, family: 4 }]);
    assert.match(out.message, /private endpoint/);
  });

  test('dnsmasq address=/contosoml.azurecr.io/10.66.6.6 in front of BIND: the A answer has no privatelink CNAME, so DNS_SUSPECT_PRIVATE', async () => {
    const dnsmasq = await startDnsmasq(
      { upstream: `${bind.address}#${bind.port}`, addresses: [[REGISTRY, STALE_OVERRIDE]] },
      { dir: join(dir, 'dnsmasq'), address: '127.0.0.1', port: await freePort() },
    );
    started.push(dnsmasq);
    const out = await probeDns(REGISTRY, { servers: [server(dnsmasq)], timeoutMs: TIMEOUT_MS, privateLinkZone: 'privatelink.azurecr.io' });
    assert.equal(out.status, 'warn', out.message);
    assert.equal(out.code, 'DNS_SUSPECT_PRIVATE');
    assert.match(out.message, new RegExp(`${STALE_OVERRIDE.replace(/\./g, '\\.')} .* in its A answer`));
    assert.equal(out.evidence.privateEndpoint, false);
    // What fooled the old verdict: dnsmasq forwarded AAAA to BIND, whose answer does carry the privatelink CNAME.
    const [a, aaaa] = resolvers(out.evidence)[0]!.queries!;
    assert.deepEqual(a!.cnameChain, []);
    assert.deepEqual(a!.addresses, [STALE_OVERRIDE]);
    assert.deepEqual(aaaa!.cnameChain, [REGISTRY_LINK]);
    assert.match(dnsmasq.log(), /forwarded contosoml\.azurecr\.io/);
  });

  test('a cold unbound whose delegation is down: DNS_TIMEOUT at our deadline, naming the resolver still waiting on delegated servers', {
    skip: process.getuid?.() === 0 ? false : 'needs root: the dead name server listens on port 53',
  }, async () => {
    // The delegated name server: a UDP socket on port 53 of its own loopback address that never answers.
    const deadAddress = `127.53.${1 + Math.floor(Math.random() * 250)}.1`;
    const dead = dgram.createSocket('udp4');
    await new Promise<void>((resolve, reject) => {
      dead.once('error', reject);
      dead.bind(53, deadAddress, () => resolve());
    });
    const asked: string[] = [];
    dead.on('message', (msg) => asked.push(msg.toString('latin1')));
    try {
      const cold = await startUnbound(
        { zones: { '.': ['delegated.example. IN NS ns1.delegated-dns.example.', `ns1.delegated-dns.example. IN A ${deadAddress}`] } },
        { dir: join(dir, 'unbound-cold'), address: '127.0.0.1', port: await freePort() },
      );
      started.push(cold);
      const startedAt = performance.now();
      const out = await probeDns('api.delegated.example', { servers: [server(cold)], timeoutMs: TIMEOUT_MS });
      assert.equal(out.code, 'DNS_TIMEOUT', out.message);
      assert.match(out.message, /still waiting on its own upstream or delegated servers/);
      assert.ok(performance.now() - startedAt < TIMEOUT_MS + 500, "the checker gives up at its own deadline, not unbound's");
      assert.ok(
        asked.some((q) => q.includes('delegated')),
        'unbound did ask the delegated name server',
      );
    } finally {
      dead.close();
    }
  });
});
