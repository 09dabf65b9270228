// Every probe code of the registry (src/codes.ts), produced by a real component set up the
// way customers' networks break: a real unbound as the custom DNS server, a
// real squid as the egress proxy, nftables in network namespaces as the
// firewall. Each row runs the real CLI (-o json) and asserts what a user
// would see: exactly that code on exactly that check, its phase, the checks
// after it blocked by it, and the root cause.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CODES, codesOf, type ProbeCode } from '../../src/codes.ts';
import type { CheckResult, PhaseId } from '../../src/types.ts';
import { startDnsPeer, relay, type DnsPeer } from '../hostile/peers/dns-peer.ts';
import { runChecker, summary, type CheckerRun } from './support/checker.ts';
import { freePort } from './support/free-port.ts';
import {
  ACR,
  BLOB,
  CLUSTER_FQDN,
  DEPENDENCY,
  KUSTO,
  MCR,
  MCR_DATA,
  TABLE,
  TARGET_FLAGS,
  TOKEN,
  laterChecks,
  zonesFor,
} from './support/lab-target.ts';
import { startLoopbackWorld, type LoopbackWorld } from './support/loopback-world.ts';
import { startMitmproxy } from './support/mitmproxy.ts';
import { startNetnsWorld, type NetnsWorld } from './support/netns-world.ts';
import { missingPrerequisite } from './support/prerequisites.ts';
import { startSquid } from './support/squid.ts';
import type { ResolverConfig } from './support/unbound.ts';

const TIMEOUT_MS = 2000;
/** The model's plain-HTTP dependency in the firewall lab. */
const PLAIN = 'plain.contoso.example';
// What AKS users put in NO_PROXY: Azure's own suffixes go direct.
const AZURE_NO_PROXY = '.azmk8s.io,.microsoft.com,.azurecr.io,.core.windows.net,.azureml.ms,.kusto.windows.net,.azure.com';

interface Worlds {
  lw: LoopbackWorld;
  nw: NetnsWorld;
}

interface Row {
  code: ProbeCode;
  /** The real component and the setting that produces the code. */
  how: string;
  check: string;
  phase: PhaseId;
  /** warn codes never fail a check on their own. */
  status?: 'warn';
  /** No Debian component produces this one: a purpose-built peer does (docs/testing.md says why). */
  hostilePeer?: true;
  run(w: Worlds): Promise<CheckerRun>;
  evidence?(check: CheckResult, w: Worlds): void;
}

const common = (caFile: string): string[] => [...TARGET_FLAGS, '--ca-file', caFile, '--timeout', String(TIMEOUT_MS), '-o', 'json'];

/** The loopback world with the customer's DNS server configured by `tweak` (a fresh unbound for this row). */
async function withResolver(
  w: Worlds,
  name: string,
  tweak: (healthy: ResolverConfig) => ResolverConfig,
  flags: string[] = [],
): Promise<CheckerRun> {
  const resolver = await w.lw.startResolver(name, tweak({ zones: w.lw.healthyZones() }));
  try {
    return await runChecker([...common(w.lw.caFile), '--dependency', `https://${DEPENDENCY}`, '--dns-server', resolver.server, ...flags]);
  } finally {
    await resolver.stop();
  }
}

/** Through one of squid's policies (every host proxied: no local DNS checks). */
function throughProxy(w: Worlds, policy: string): Promise<CheckerRun> {
  return runChecker([
    ...common(w.lw.caFile),
    '--dependency',
    `https://${DEPENDENCY}`,
    '--dns-server',
    w.lw.resolver.server,
    '--proxy',
    w.lw.squid!.url(policy),
  ]);
}

/** In the firewall lab, with these nftables rules in front of Azure. */
async function behindFirewall(w: Worlds, rules: (address: Record<string, string>) => string[]): Promise<CheckerRun> {
  await w.nw.ns.setFirewall(rules(w.nw.addresses));
  try {
    return await runChecker([...common(w.nw.caFile), '--dependency', `http://${PLAIN}`, '--dns-server', w.nw.dnsServer], {
      netns: w.nw.ns.client,
    });
  } finally {
    await w.nw.ns.setFirewall([]);
  }
}

/** A squid allows this name, and maps it where nothing listens. */
const GONE = 'gone.contoso.example';
let ownProxies = 0;

/** A proxy of the row's own that only the model's dependency uses (NO_PROXY sends Azure direct). */
async function throughOwnProxy(
  w: Worlds,
  dependency: string,
  start: (dir: string) => Promise<{ url: string; stop(): Promise<void> }>,
): Promise<CheckerRun> {
  const proxy = await start(join(w.lw.dir, `own-proxy-${++ownProxies}`));
  try {
    return await runChecker([...common(w.lw.caFile), '--dependency', dependency, '--dns-server', w.lw.resolver.server], {
      env: { HTTPS_PROXY: proxy.url, NO_PROXY: AZURE_NO_PROXY },
    });
  } finally {
    await proxy.stop();
  }
}

const without = (addresses: Record<string, string>, host: string): Record<string, string> =>
  Object.fromEntries(Object.entries(addresses).filter(([h]) => h !== host));

/** An nftables rule dropping AAAA queries (QTYPE 28) for one name: its QNAME's first 16 bytes, and the QTYPE right after the QNAME. */
function dropAaaaQueries(name: string): string {
  const qname = Buffer.concat([
    ...name.split('.').map((label) => Buffer.concat([Buffer.from([label.length]), Buffer.from(label)])),
    Buffer.from([0]),
  ]);
  const head = qname.subarray(0, 16);
  // The UDP header (8 bytes) and the DNS header (12): the question starts at byte 20 of the transport header.
  return `udp dport 53 @th,160,${head.length * 8} 0x${head.toString('hex')} @th,${(20 + qname.length) * 8},16 28 drop`;
}

const ROWS: Row[] = [
  // ── The custom DNS server (unbound) ─────────────────────────────────────
  {
    code: 'DNS_NXDOMAIN',
    how: "unbound: the blob CNAME leads into the privatelink zone, which lacks the account's record",
    check: 'storage-blob@demostore/dns',
    phase: 'model-deploy',
    run: (w) =>
      withResolver(w, 'nxdomain', () => ({
        zones: zonesFor(without(w.lw.addresses, BLOB), [
          `${BLOB}. IN CNAME demostore.privatelink.blob.core.windows.net.`,
          'other.privatelink.blob.core.windows.net. IN A 10.9.9.9',
        ]),
      })),
    evidence: (c) => {
      const [resolver] = c.evidence.resolvers as { rcode: string; cnameChain: string[] }[];
      assert.equal(resolver!.rcode, 'NXDOMAIN');
      assert.deepEqual(resolver!.cnameChain, ['demostore.privatelink.blob.core.windows.net']);
    },
  },
  {
    code: 'DNS_NODATA',
    how: "unbound: MCR's data endpoint is a CNAME to a name with no A or AAAA record",
    check: 'mcr-data/dns',
    phase: 'router-deploy',
    run: (w) =>
      withResolver(w, 'nodata', () => ({
        zones: zonesFor(without(w.lw.addresses, MCR_DATA), [
          `${MCR_DATA}. IN CNAME mcr-0001.mcr-msedge.net.`,
          'mcr-0001.mcr-msedge.net. IN TXT "edge"',
        ]),
      })),
    evidence: (c) => assert.equal((c.evidence.resolvers as { rcode: string }[])[0]!.rcode, 'NOERROR'),
  },
  {
    code: 'DNS_SERVFAIL',
    how: 'unbound: a conditional forwarder for kusto.windows.net to an upstream that refuses it',
    check: 'kusto/dns',
    phase: 'router-run',
    run: (w) =>
      withResolver(w, 'servfail', (healthy) => ({
        ...healthy,
        forwardZones: [{ name: 'kusto.windows.net', to: [w.lw.upstream.refusing] }],
      })),
    evidence: (c) => assert.equal((c.evidence.resolvers as { rcode: string }[])[0]!.rcode, 'SERVFAIL'),
  },
  {
    code: 'DNS_REFUSED',
    how: 'unbound: local-zone table.core.windows.net always_refuse',
    check: 'storage-table@demostore/dns',
    phase: 'router-run',
    run: (w) => withResolver(w, 'refused', (healthy) => ({ ...healthy, localZones: [['table.core.windows.net.', 'always_refuse']] })),
    evidence: (c) => assert.equal((c.evidence.resolvers as { rcode: string }[])[0]!.rcode, 'REFUSED'),
  },
  {
    code: 'DNS_TIMEOUT',
    how: 'unbound: a conditional forwarder for azureml.ms to an upstream that never answers',
    check: 'azureml-token/dns',
    phase: 'router-run',
    run: (w) =>
      withResolver(w, 'timeout', (healthy) => ({ ...healthy, forwardZones: [{ name: 'azureml.ms', to: [w.lw.upstream.silent] }] })),
    // The checker gives up at its own deadline, not unbound's, and says the resolver may be the one waiting.
    evidence: (c) => {
      assert.ok(c.durationMs <= TIMEOUT_MS + 500, `${c.durationMs} ms`);
      assert.match(c.message, /still waiting on its own upstream or delegated servers/);
    },
  },
  {
    code: 'DNS_MALFORMED',
    how: "a middlebox on port 53 (purpose-built peer) relays unbound's answers and cuts the registry's short",
    check: 'acr@demoacr/dns',
    phase: 'model-deploy',
    hostilePeer: true,
    run: async (w) => {
      const upstream = { address: w.lw.resolver.address, port: w.lw.resolver.port };
      let middlebox: DnsPeer | undefined;
      try {
        middlebox = await startDnsPeer({
          udp: async (query) => {
            const answer = await relay(query, upstream);
            if (!answer) return 'silent';
            return { bytes: query.name === ACR ? answer.subarray(0, answer.length - 3) : answer };
          },
        });
        return await runChecker([...common(w.lw.caFile), '--dependency', `https://${DEPENDENCY}`, '--dns-server', middlebox.server]);
      } finally {
        await middlebox?.close();
      }
    },
  },
  {
    code: 'DNS_INCONSISTENT',
    status: 'warn',
    how: 'two unbound resolvers: the second one still has api.azureml.ms at an old address',
    check: 'azureml-token/dns',
    phase: 'router-run',
    run: async (w) => {
      const stale = await w.lw.startResolver('stale-secondary', {
        zones: zonesFor({ ...w.lw.addresses, [TOKEN]: w.lw.spare.secondToken }),
      });
      try {
        return await runChecker([
          ...common(w.lw.caFile),
          '--dependency',
          `https://${DEPENDENCY}`,
          '--dns-server',
          w.lw.resolver.server,
          '--dns-server',
          stale.server,
        ]);
      } finally {
        await stale.stop();
      }
    },
    evidence: (c, w) =>
      assert.deepEqual([...(c.evidence.addresses as string[])].sort(), [w.lw.addresses[TOKEN], w.lw.spare.secondToken].sort()),
  },
  {
    code: 'DNS_AAAA_DROPPED',
    status: 'warn',
    how: 'nftables: AAAA queries for the Kusto endpoint are dropped on their way to unbound, A queries pass',
    check: 'kusto/dns',
    phase: 'router-run',
    run: (w) => behindFirewall(w, () => [dropAaaaQueries(KUSTO)]),
    evidence: (c, w) => {
      // Given up on after the grace that follows the A answer, not at the deadline; the A answer is still used.
      assert.ok(c.durationMs < TIMEOUT_MS - 500, `${c.durationMs} ms`);
      assert.match(c.message, /glibc/);
      assert.deepEqual(c.evidence.addresses, [w.nw.addresses[KUSTO]]);
    },
  },
  {
    code: 'DNS_SUSPECT_PRIVATE',
    status: 'warn',
    how: 'unbound: a stale local-data record puts mcr.microsoft.com at 10.0.0.7, with no privatelink CNAME',
    check: 'mcr/dns',
    phase: 'router-deploy',
    // DNS only: --connect-to keeps the TCP/TLS/HTTP checks off 10.0.0.7.
    run: (w) =>
      withResolver(w, 'suspect-private', (healthy) => ({ ...healthy, localData: [`${MCR}. 60 IN A 10.0.0.7`] }), [
        '--connect-to',
        `${MCR}:443:${w.lw.addresses[MCR]}:443`,
      ]),
    evidence: (c) => {
      assert.deepEqual(c.evidence.addresses, ['10.0.0.7']);
      assert.equal(c.evidence.privateEndpoint, false);
    },
  },
  {
    code: 'TLS_HOSTNAME_MISMATCH',
    how: "unbound: a stale record sends the registry's name to the blob storage front end",
    check: 'acr@demoacr/tls',
    phase: 'model-deploy',
    run: (w) => withResolver(w, 'hostname-mismatch', (healthy) => ({ ...healthy, localData: [`${ACR}. 60 IN A ${w.lw.addresses[BLOB]}`] })),
    evidence: (c) => assert.match(String(c.evidence.subjectaltname), new RegExp(BLOB.replace(/\./g, '\\.'))),
  },
  {
    code: 'TLS_EXPIRED',
    how: 'unbound: table storage still points at a decommissioned front end whose certificate expired',
    check: 'storage-table@demostore/tls',
    phase: 'router-run',
    run: (w) => withResolver(w, 'expired', (healthy) => ({ ...healthy, localData: [`${TABLE}. 60 IN A ${w.lw.spare.expiredTable}`] })),
    evidence: (c) => assert.ok(Date.parse(String(c.evidence.validTo)) < Date.now()),
  },
  {
    code: 'HTTP_UNEXPECTED_STATUS',
    how: 'unbound: mcr.microsoft.com resolves to a default web server ("It works!") with a valid certificate',
    check: 'mcr/http',
    phase: 'router-deploy',
    run: (w) =>
      withResolver(w, 'wrong-service', (healthy) => ({ ...healthy, localData: [`${MCR}. 60 IN A ${w.lw.spare.wrongServiceMcr}`] })),
    evidence: (c) => assert.equal(c.evidence.status, 200),
  },
  {
    code: 'HTTP_NOT_THE_SERVICE',
    how: "unbound: the API server's name resolves to a default web server whose certificate for that name is trusted; it answers 200 without a Kubernetes signature",
    check: 'aks-api/http',
    phase: 'router-deploy',
    run: (w) =>
      withResolver(w, 'not-the-api-server', (healthy) => ({
        ...healthy,
        localData: [`${CLUSTER_FQDN}. 60 IN A ${w.lw.spare.wrongServiceApi}`],
      })),
    evidence: (c) => assert.equal(c.evidence.status, 200),
  },

  // ── The egress proxy (squid) ────────────────────────────────────────────
  {
    code: 'PROXY_DENIED',
    how: 'squid: the dstdomain allowlist lacks the Kusto endpoint',
    check: 'kusto/tcp',
    phase: 'router-run',
    run: (w) => throughProxy(w, 'strict'),
    evidence: (c) => {
      assert.equal(c.evidence.proxyStatus, 403);
      assert.match(String((c.evidence.proxyHeaders as Record<string, string>)['x-squid-error']), /^ERR_ACCESS_DENIED/);
    },
  },
  {
    code: 'FIREWALL_DENIED',
    how: 'squid as Azure Firewall\'s explicit proxy: deny_info 470 with "Action: Deny" for api.azureml.ms',
    check: 'azureml-token/tcp',
    phase: 'router-run',
    run: (w) => throughProxy(w, 'azfw'),
    evidence: (c) => assert.equal(c.evidence.proxyStatus, 470),
  },
  {
    code: 'TLS_UNTRUSTED',
    how: "squid ssl-bump: api.azureml.ms is inspected and re-signed with the proxy's own CA, the rest spliced",
    check: 'azureml-token/tls',
    phase: 'router-run',
    run: (w) => throughProxy(w, 'inspect'),
    evidence: (c, w) => assert.equal(c.evidence.issuer, w.lw.squid!.inspectionIssuer),
  },
  {
    code: 'PROXY_UNREACHABLE',
    how: "HTTPS_PROXY names a port where nothing listens; NO_PROXY sends Azure direct, so only the model's dependency uses it",
    check: `dependency@${DEPENDENCY}:443/tcp`,
    phase: 'model-serve',
    run: async (w) =>
      runChecker([...common(w.lw.caFile), '--dependency', `https://${DEPENDENCY}`, '--dns-server', w.lw.resolver.server], {
        env: { HTTPS_PROXY: `http://127.0.0.1:${await freePort()}`, NO_PROXY: AZURE_NO_PROXY },
      }),
    evidence: (c) => assert.equal(c.evidence.error, 'ECONNREFUSED'),
  },
  {
    code: 'PROXY_UPSTREAM_UNREACHABLE',
    how: "squid allows the model's dependency but nothing listens where its hosts file puts it (ERR_CONNECT_FAIL); NO_PROXY sends Azure direct",
    check: `dependency@${GONE}:443/tcp`,
    phase: 'model-serve',
    run: (w) =>
      throughOwnProxy(w, `https://${GONE}`, async (dir) => {
        const squid = await startSquid({
          dir,
          hosts: { [GONE]: '127.255.255.254' },
          originCaFile: w.lw.caFile,
          policies: [{ name: 'open', allow: [GONE] }],
        });
        return { url: squid.url('open'), stop: squid.stop };
      }),
    evidence: (c) => assert.match(String((c.evidence.proxyHeaders as Record<string, string>)['x-squid-error']), /^ERR_CONNECT_FAIL/),
  },
  {
    code: 'PROXY_UPSTREAM_DNS',
    how: 'mitmproxy cannot resolve the model\'s dependency ("Name or service not known"); NO_PROXY sends Azure direct',
    check: 'dependency@model-db.invalid:443/tcp',
    phase: 'model-serve',
    run: (w) => throughOwnProxy(w, 'https://model-db.invalid', (dir) => startMitmproxy({ dir, originCaFile: w.lw.caFile })),
    evidence: (c) => assert.equal(c.evidence.proxyStatus, 502),
  },

  // ── The firewall (nftables between two network namespaces) ──────────────
  {
    code: 'TCP_TIMEOUT',
    how: 'nftables: drop to the Kusto endpoint (no answer to the SYN)',
    check: 'kusto/tcp',
    phase: 'router-run',
    run: (w) => behindFirewall(w, (a) => [`ip daddr ${a[KUSTO]} tcp dport 443 drop`]),
    evidence: (c) => assert.ok(c.durationMs <= TIMEOUT_MS + 500, `${c.durationMs} ms`),
  },
  {
    code: 'TCP_REFUSED',
    how: 'nftables: reject with tcp reset to the blob storage (RST to the SYN)',
    check: 'storage-blob@demostore/tcp',
    phase: 'model-deploy',
    run: (w) => behindFirewall(w, (a) => [`ip daddr ${a[BLOB]} tcp dport 443 reject with tcp reset`]),
    evidence: (c) => assert.equal(c.evidence.error, 'ECONNREFUSED'),
  },
  {
    code: 'TCP_UNREACHABLE',
    how: "nftables: reject with icmpx host-unreachable to MCR's data endpoint",
    check: 'mcr-data/tcp',
    phase: 'router-deploy',
    run: (w) => behindFirewall(w, (a) => [`ip daddr ${a[MCR_DATA]} tcp dport 443 reject with icmpx type host-unreachable`]),
    evidence: (c) => assert.equal(c.evidence.error, 'EHOSTUNREACH'),
  },
  {
    code: 'TCP_RESET',
    how: 'nftables: the handshake completes, then ct state established is answered with a tcp reset',
    check: 'acr@demoacr/tcp',
    phase: 'model-deploy',
    run: (w) => behindFirewall(w, (a) => [`ip daddr ${a[ACR]} tcp dport 443 ct state established reject with tcp reset`]),
  },
  {
    code: 'TLS_HANDSHAKE_FAILED',
    how: 'nftables: a TLS record (the ClientHello, as SNI filtering sees it) is answered with a tcp reset',
    check: 'azureml-token/tls',
    phase: 'router-run',
    run: (w) => behindFirewall(w, (a) => [`ip daddr ${a[TOKEN]} tcp dport 443 @ih,0,8 0x16 reject with tcp reset`]),
    evidence: (c) => assert.equal(c.evidence.error, 'ECONNRESET'),
  },
  {
    code: 'TLS_HANDSHAKE_TIMEOUT',
    how: 'nftables: TCP passes, the ClientHello is dropped',
    check: 'storage-table@demostore/tls',
    phase: 'router-run',
    run: (w) => behindFirewall(w, (a) => [`ip daddr ${a[TABLE]} tcp dport 443 @ih,0,8 0x16 drop`]),
    evidence: (c) => assert.ok(c.durationMs <= TIMEOUT_MS + 500, `${c.durationMs} ms`),
  },
  {
    code: 'HTTP_TIMEOUT',
    how: 'nftables: TCP passes, packets carrying "GET " to the model\'s http:// dependency are dropped',
    check: `dependency@${PLAIN}:80/http`,
    phase: 'model-serve',
    run: (w) => behindFirewall(w, (a) => [`ip daddr ${a[PLAIN]} tcp dport 80 @ih,0,32 0x47455420 drop`]),
    evidence: (c) => assert.ok(c.durationMs <= TIMEOUT_MS + 500, `${c.durationMs} ms`),
  },
];

const skip = missingPrerequisite(['unbound', 'squid', 'security_file_certgen', 'ip', 'nft', 'openssl', 'mitmdump']);

describe('fault matrix: every failure code from a real component', { skip, concurrency: 1 }, () => {
  const w = {} as Worlds;
  before(async () => {
    [w.lw, w.nw] = await Promise.all([startLoopbackWorld({ squid: true }), startNetnsWorld('matrix', [PLAIN])]);
  });
  after(async () => {
    await Promise.all([w.lw?.stop(), w.nw?.stop()]);
  });

  test('with an empty firewall, everything in the namespaces passes (the lab itself is sound)', { timeout: 60_000 }, async () => {
    const run = await behindFirewall(w, () => []);
    assert.equal(run.report.summary.fail, 0, summary(run.report));
    assert.equal(run.report.summary.warn, 0, summary(run.report));
    assert.equal(run.code, 0);
  });

  for (const row of ROWS) {
    test(`${row.code}: ${row.how}`, { timeout: 60_000 }, async () => {
      const run = await row.run(w);
      const shown = `\n${summary(run.report)}\n${run.stderr}`;
      const status = row.status ?? 'fail';
      const notable = run.report.checks.filter((c) => c.status === 'fail' || c.status === 'warn');
      assert.deepEqual(
        notable.map((c) => [c.id, c.status, c.code]),
        [[row.check, status, row.code]],
        shown,
      );
      const check = run.check(row.check);
      assert.equal(check.phase, row.phase);
      if (status === 'fail') {
        const later = laterChecks(
          row.check,
          run.report.checks.map((c) => c.id),
        );
        for (const id of later) assert.equal(run.check(id).blockedBy, row.check, `${id} is blocked by ${row.check}${shown}`);
        assert.deepEqual(run.report.rootCause, { phase: row.phase, checks: [row.check] });
        assert.equal(run.code, 1);
      } else {
        // A warning blocks nothing and fails nothing.
        for (const id of laterChecks(
          row.check,
          run.report.checks.map((c) => c.id),
        ))
          assert.equal(run.check(id).status, 'pass', shown);
        assert.equal(run.report.rootCause, null);
        assert.equal(run.code, 0);
      }
      assert.doesNotMatch(run.stderr, /internal error/i);
      row.evidence?.(check, w);
    });
  }
});

test('every probe code of the registry is produced by at least one real-component row', () => {
  // The network's codes; the run's own deadline, our own bugs and the in-cluster (Kubernetes API) codes are not a network component's.
  const network = codesOf('probe');
  assert.ok(network.length >= 20, `found ${network.length} probe codes in the registry`);
  assert.deepEqual(
    network.filter((c) => !ROWS.some((r) => r.code === c)),
    [],
  );
  // Each row expects the status the registry gives its code.
  assert.deepEqual(
    ROWS.filter((r) => (r.status ?? 'fail') !== CODES[r.code].severity).map((r) => r.code),
    [],
  );
  // Purpose-built peers stand in only where no Debian component can produce the code.
  assert.deepEqual(
    ROWS.filter((r) => r.hostilePeer).map((r) => r.code),
    ['DNS_MALFORMED'],
  );
});
