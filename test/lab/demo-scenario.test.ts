// The demo's lab must break exactly where DEMO_EXPECTED says, as seen by plain
// clients, so a demo verdict of "not as designed" points at the checker.
import assert from 'node:assert/strict';
import { Resolver } from 'node:dns/promises';
import { test } from 'node:test';
import { DEMO_EXPECTED, DEMO_FAULTS } from '../../src/lab/demo-scenario.ts';
import type { ExpectedOutcome } from '../../src/lab/demo-scenario.ts';
import { LAB_HOSTS, startLab } from '../../src/lab/lab.ts';
import type { Lab } from '../../src/lab/lab.ts';
import { tcpOutcome, tlsOutcome } from './clients.ts';

// How the plain clients' errors read as the checker's codes, for the faults the demo plants.
const CODES: Record<string, string> = {
  ENOTFOUND: 'DNS_NXDOMAIN',
  timeout: 'TCP_TIMEOUT',
  ECONNREFUSED: 'TCP_REFUSED',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'TLS_UNTRUSTED',
};

/** The first layer at which `host` fails, or undefined when DNS, TCP and TLS all pass. */
async function firstFailure(lab: Lab, host: string): Promise<Omit<ExpectedOutcome, 'host'> | undefined> {
  const resolver = new Resolver({ timeout: 500, tries: 1 });
  resolver.setServers([lab.dnsServer]);
  let address: string;
  try {
    [address] = await resolver.resolve4(host);
  } catch (error) {
    return { kind: 'dns', code: CODES[(error as NodeJS.ErrnoException).code ?? ''] as ExpectedOutcome['code'] };
  }
  const { port } = lab.endpoints.find((e) => e.host === host)!;
  const tcp = await tcpOutcome(address, port, 1500);
  if (tcp !== 'connected') return { kind: 'tcp', code: CODES[tcp] as ExpectedOutcome['code'] };
  const { outcome } = await tlsOutcome({ host, address, port }, lab.caPem);
  if (outcome !== 'authorized') return { kind: 'tls', code: CODES[outcome] as ExpectedOutcome['code'] };
  return undefined;
}

test('the demo lab fails exactly at the expected hosts, layers and codes', async () => {
  const lab = await startLab({ faults: { ...DEMO_FAULTS } });
  try {
    const hosts = Object.keys(LAB_HOSTS);
    const failures = await Promise.all(hosts.map((host) => firstFailure(lab, host)));
    const observed = hosts.flatMap((host, i) => (failures[i] ? [{ host, ...failures[i] }] : []));
    const byHost = (a: ExpectedOutcome, b: ExpectedOutcome) => a.host.localeCompare(b.host);
    assert.deepEqual(observed.sort(byHost), [...DEMO_EXPECTED].sort(byHost));
  } finally {
    await lab.stop();
  }
});
