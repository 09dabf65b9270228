import assert from 'node:assert/strict';
import { Resolver } from 'node:dns/promises';
import { test } from 'node:test';
import { Packet } from 'dns2';
import { LAB_HOSTS, PRIVATE_ENDPOINT_FAULTS, startLab } from '../../src/lab/lab.ts';
import type { Lab } from '../../src/lab/lab.ts';
import { queryTcp, queryUdp } from './dns-query.ts';
import { tlsOutcome } from './clients.ts';

function resolver(lab: Lab): Resolver {
  const r = new Resolver({ timeout: 500, tries: 1 });
  r.setServers([lab.dnsServer]);
  return r;
}

function dnsServer(lab: Lab) {
  const [address, port] = lab.dnsServer.split(':');
  return { address, port: Number(port) };
}

/** Where connectTo sends `host`:443. */
function connectTarget(lab: Lab, host: string) {
  const entry = lab.connectTo.find((c) => c.startsWith(`${host}:443:`));
  assert.ok(entry, `no connectTo entry for ${host}`);
  const [, , address, port] = entry.split(':');
  return { host, address, port: Number(port) };
}

test('every host resolves to its own loopback address, where TLS for that name is trusted', async () => {
  const lab = await startLab();
  try {
    const addresses = new Set<string>();
    for (const host of Object.keys(LAB_HOSTS)) {
      const [address] = await resolver(lab).resolve4(host);
      const target = connectTarget(lab, host);
      assert.equal(target.address, address, host);
      addresses.add(address);
      assert.equal((await tlsOutcome(target, lab.caPem)).outcome, 'authorized', host);
    }
    assert.equal(addresses.size, Object.keys(LAB_HOSTS).length);
  } finally {
    await lab.stop();
  }
});

test('every host the target implies is one the lab serves', async () => {
  const lab = await startLab();
  await lab.stop();
  const { cluster, workspace, endpoint } = lab.target;
  const expected = [
    cluster?.apiServerFqdn,
    `${workspace?.acr}.azurecr.io`,
    `${workspace?.storageAccount}.blob.core.windows.net`,
    `${endpoint?.domainLabel}.${cluster?.region}.cloudapp.azure.com`,
    `ingest-vienna${workspace?.region}.kusto.windows.net`,
  ];
  for (const host of expected) assert.ok(host && host in LAB_HOSTS, `${host} is not served`);
});

test('faults override DNS and endpoints host by host', async () => {
  const lab = await startLab({
    faults: { 'demoacr.azurecr.io': { dns: { rcode: 'SERVFAIL' } }, 'mcr.microsoft.com': { endpoint: 'expired' } },
  });
  try {
    await assert.rejects(resolver(lab).resolve4('demoacr.azurecr.io'), { code: 'ESERVFAIL' });
    assert.equal(lab.endpoints.find((e) => e.host === 'mcr.microsoft.com')?.fault, 'expired');
    assert.equal((await tlsOutcome(connectTarget(lab, 'mcr.microsoft.com'), lab.caPem)).outcome, 'CERT_HAS_EXPIRED');
  } finally {
    await lab.stop();
  }
});

test('a truncated answer without addresses gives the host its own address over TCP', async () => {
  const lab = await startLab({ faults: { 'demoacr.azurecr.io': { dns: { truncate: true } } } });
  try {
    const answer = await queryTcp(dnsServer(lab), 'demoacr.azurecr.io');
    assert.deepEqual(
      answer?.answers.map((r) => r.address),
      [connectTarget(lab, 'demoacr.azurecr.io').address],
    );
  } finally {
    await lab.stop();
  }
});

test('private endpoint case (DNS only): ACR through its privatelink CNAME, MCR at a bare private address', async () => {
  const lab = await startLab({ faults: { ...PRIVATE_ENDPOINT_FAULTS } });
  try {
    const acr = await queryUdp(dnsServer(lab), 'demoacr.azurecr.io');
    assert.deepEqual(
      acr?.answers.map((r) => [r.type, r.domain ?? r.address]),
      [
        [Packet.TYPE.CNAME, 'demoacr.privatelink.azurecr.io'],
        [Packet.TYPE.A, '10.1.2.3'],
      ],
    );
    const mcr = await queryUdp(dnsServer(lab), 'mcr.microsoft.com');
    assert.deepEqual(
      mcr?.answers.map((r) => [r.type, r.address]),
      [[Packet.TYPE.A, '10.0.0.7']],
    );
  } finally {
    await lab.stop();
  }
});

test('extra hosts become dependencies of the target, each with its own endpoint', async () => {
  const lab = await startLab({ extraHosts: ['db.contoso.example'], faults: { 'db.contoso.example': { endpoint: 'refused' } } });
  try {
    assert.deepEqual(lab.target.dependencies, ['https://db.contoso.example']);
    const [address] = await resolver(lab).resolve4('db.contoso.example');
    assert.equal(connectTarget(lab, 'db.contoso.example').address, address);
    assert.equal(lab.endpoints.find((e) => e.host === 'db.contoso.example')?.fault, 'refused');
  } finally {
    await lab.stop();
  }
});

test('an endpoint fault for a host the lab does not serve is an error', async () => {
  await assert.rejects(startLab({ faults: { 'db.contoso.example': { endpoint: 'reset' } } }), /extraHosts/);
});
