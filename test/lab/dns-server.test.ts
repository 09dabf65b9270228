import assert from 'node:assert/strict';
import { Resolver } from 'node:dns/promises';
import { after, before, test } from 'node:test';
import { Packet } from 'dns2';
import { startDnsServer } from '../../src/lab/dns-server.ts';
import type { LabDnsServer } from '../../src/lab/dns-server.ts';
import { queryTcp, queryUdp } from './dns-query.ts';

const { A, AAAA, CNAME } = Packet.TYPE;
let server: LabDnsServer;

before(async () => {
  server = await startDnsServer({
    'api.azureml.ms': { a: ['127.0.0.10', '127.0.0.11'] },
    'demoacr.azurecr.io': { cname: 'demoacr.privatelink.azurecr.io' },
    'demoacr.privatelink.azurecr.io': { cname: 'api.azureml.ms' },
    'dangling.azurecr.io': { cname: 'missing.privatelink.azurecr.io' },
    'loop.azurecr.io': { cname: 'loop.azurecr.io' },
    'nx.example': { rcode: 'NXDOMAIN' },
    'servfail.example': { rcode: 'SERVFAIL' },
    'refused.example': { rcode: 'REFUSED' },
    'drop.example': { drop: true },
    'nodata.example': { nodata: true },
    'big.example': { truncate: true, a: ['127.0.0.12'] },
  });
});
after(() => server.stop());

test('an A record comes back with TTL 60, as a recursive resolver answers', async () => {
  const answer = await queryUdp(server, 'API.AzureML.ms');
  assert.ok(answer);
  assert.equal(answer.header.rcode, 0);
  assert.equal(answer.header.ra, 1);
  assert.deepEqual(
    answer.answers.map((r) => [r.type, r.address, r.ttl]),
    [
      [A, '127.0.0.10', 60],
      [A, '127.0.0.11', 60],
    ],
  );
});

test('AAAA for a name with only A records is NOERROR and empty', async () => {
  const answer = await queryUdp(server, 'api.azureml.ms', AAAA);
  assert.equal(answer?.header.rcode, 0);
  assert.deepEqual(answer?.answers, []);
});

test('a CNAME chain comes back whole, with the A records at its end', async () => {
  const answer = await queryUdp(server, 'demoacr.azurecr.io');
  assert.deepEqual(
    answer?.answers.map((r) => [r.name, r.type, r.domain ?? r.address]),
    [
      ['demoacr.azurecr.io', CNAME, 'demoacr.privatelink.azurecr.io'],
      ['demoacr.privatelink.azurecr.io', CNAME, 'api.azureml.ms'],
      ['api.azureml.ms', A, '127.0.0.10'],
      ['api.azureml.ms', A, '127.0.0.11'],
    ],
  );
});

test('a chain ending outside the zone is NXDOMAIN, and a CNAME loop SERVFAIL', async () => {
  const dangling = await queryUdp(server, 'dangling.azurecr.io');
  assert.equal(dangling?.header.rcode, 3);
  assert.equal(dangling?.answers[0].domain, 'missing.privatelink.azurecr.io');
  assert.equal((await queryUdp(server, 'loop.azurecr.io'))?.header.rcode, 2);
});

for (const [name, rcode] of [
  ['nx.example', 3],
  ['servfail.example', 2],
  ['refused.example', 5],
  ['not-in-zone.example', 3],
  ['nodata.example', 0],
] as const) {
  test(`${name} answers rcode ${rcode} with no records`, async () => {
    const answer = await queryUdp(server, name);
    assert.equal(answer?.header.rcode, rcode);
    assert.deepEqual(answer?.answers, []);
  });
}

test('a dropped name gets no answer, over UDP or TCP', async () => {
  assert.equal(await queryUdp(server, 'drop.example', A, 300), undefined);
  assert.equal(await queryTcp(server, 'drop.example', A, 300), undefined);
});

test('a truncated name sets TC over UDP and answers in full over TCP', async () => {
  const udp = await queryUdp(server, 'big.example');
  assert.equal(udp?.header.tc, 1);
  assert.deepEqual(udp?.answers, []);
  const tcp = await queryTcp(server, 'big.example');
  assert.equal(tcp?.header.tc, 0);
  assert.deepEqual(
    tcp?.answers.map((r) => r.address),
    ['127.0.0.12'],
  );
});

test('a real stub resolver gets through: c-ares retries the truncated answer over TCP', async () => {
  const resolver = new Resolver({ timeout: 1000, tries: 1 });
  resolver.setServers([`${server.address}:${server.port}`]);
  assert.deepEqual(await resolver.resolve4('big.example'), ['127.0.0.12']);
  assert.deepEqual(await resolver.resolve4('demoacr.azurecr.io'), ['127.0.0.10', '127.0.0.11']);
});
