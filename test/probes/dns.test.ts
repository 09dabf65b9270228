import assert from 'node:assert/strict';
import dgram from 'node:dgram';
import net from 'node:net';
import { after, describe, it } from 'node:test';
import dns2 from 'dns2';
import { AAAA_GRACE_MS, parseDnsServer, probeDns, type DnsServer, type ResolverEvidence } from '../../src/probes/dns.ts';

const { Packet } = dns2;
type Packet = InstanceType<typeof Packet>;
type Resource = Packet['answers'][number];

// ---------------------------------------------------------------------------
// A fake resolver on 127.0.0.1: `answer` decides what each query gets.

type Answer = Buffer | undefined; // undefined = stay silent
const open: (() => void)[] = [];
after(() => {
  for (const close of open) close();
});

async function fakeResolver(udp: (q: Packet) => Answer, tcp?: (q: Packet) => Answer): Promise<DnsServer> {
  const socket = dgram.createSocket('udp4');
  socket.on('message', (msg, from) => {
    const reply = udp(Packet.parse(msg));
    if (reply) socket.send(reply, from.port, from.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const port = socket.address().port;
  open.push(() => socket.close());
  if (tcp) {
    const server = net.createServer((conn) => {
      conn.once('data', async (data) => {
        const reply = tcp(Packet.parse(data.subarray(2)));
        if (!reply) return;
        const frame = Buffer.concat([Buffer.from([reply.length >> 8, reply.length & 0xff]), reply]);
        // Trickle the answer a few bytes at a time, as a slow link would (the pause is the behaviour under test, not a wait).
        for (let i = 0; i < frame.length; i += 7) {
          conn.write(frame.subarray(i, i + 7));
          await new Promise((r) => setTimeout(r, 2));
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    open.push(() => server.close());
  }
  return { address: '127.0.0.1', port };
}

function reply(q: Packet, opts: { rcode?: number; tc?: boolean; records?: Resource[] } = {}): Buffer {
  const res = Packet.createResponseFromRequest(q);
  res.header.rcode = opts.rcode ?? 0;
  res.header.tc = opts.tc ? 1 : 0;
  res.header.ra = 1;
  // Real servers only return the records of the asked type (plus the CNAMEs leading to them).
  const type = q.questions[0]!.type;
  res.answers = (opts.records ?? []).filter((r) => r.type === type || r.type === Packet.TYPE.CNAME);
  return res.toBuffer();
}

const rr = {
  a: (name: string, address: string, ttl = 60) => ({ name, type: Packet.TYPE.A, class: Packet.CLASS.IN, ttl, address }) as Resource,
  aaaa: (name: string, address: string, ttl = 60) => ({ name, type: Packet.TYPE.AAAA, class: Packet.CLASS.IN, ttl, address }) as Resource,
  cname: (name: string, domain: string, ttl = 60) => ({ name, type: Packet.TYPE.CNAME, class: Packet.CLASS.IN, ttl, domain }) as Resource,
};

const fixed = (records: Resource[]) => (q: Packet) => reply(q, { records });
const resolvers = (outcome: { evidence: Record<string, unknown> }) => outcome.evidence.resolvers as ResolverEvidence[];
const FAST = 400;

// ---------------------------------------------------------------------------

describe('probeDns: answers', () => {
  it('passes with IPv4 addresses first and records rcode, transport and the smallest TTL', async () => {
    const server = await fakeResolver(
      fixed([rr.aaaa('mcr.microsoft.com', '2001:db8::5', 30), rr.a('mcr.microsoft.com', '203.0.113.5', 300)]),
    );
    const out = await probeDns('mcr.microsoft.com', { servers: [server], timeoutMs: FAST });
    assert.equal(out.status, 'pass');
    assert.equal(out.code, undefined);
    assert.deepEqual(out.addresses, [
      { address: '203.0.113.5', family: 4 },
      { address: '2001:db8::5', family: 6 },
    ]);
    const [entry] = resolvers(out);
    assert.equal(entry!.server, `127.0.0.1:${server.port}`);
    assert.equal(entry!.transport, 'udp');
    assert.equal(entry!.rcode, 'NOERROR');
    assert.equal(entry!.ttl, 30);
  });

  it('follows the CNAME chain and reports it', async () => {
    const server = await fakeResolver(fixed([rr.cname('myacr.azurecr.io', 'eus.fe.azcr.io'), rr.a('eus.fe.azcr.io', '203.0.113.9')]));
    const out = await probeDns('myacr.azurecr.io', { servers: [server], timeoutMs: FAST });
    assert.equal(out.status, 'pass');
    assert.deepEqual(out.evidence.cnameChain, ['eus.fe.azcr.io']);
    assert.match(out.message, /203\.0\.113\.9/);
  });

  it('answers an IP literal without asking anyone', async () => {
    const out = await probeDns('10.1.2.3', { servers: [], timeoutMs: FAST });
    assert.equal(out.status, 'pass');
    assert.deepEqual(out.addresses, [{ address: '10.1.2.3', family: 4 }]);
  });

  it('retries over TCP when the UDP answer is truncated, reading a trickled answer', async () => {
    const records = [rr.a('big.blob.core.windows.net', '203.0.113.20')];
    const server = await fakeResolver(
      (q) => reply(q, { tc: true }),
      (q) => reply(q, { records }),
    );
    const out = await probeDns('big.blob.core.windows.net', { servers: [server], timeoutMs: 1000 });
    assert.equal(out.status, 'pass', out.message);
    assert.equal(resolvers(out)[0]!.transport, 'tcp');
    assert.deepEqual(out.addresses, [{ address: '203.0.113.20', family: 4 }]);
  });

  it('reports DNS_TIMEOUT when the answer is truncated and TCP 53 is closed', async () => {
    const server = await fakeResolver((q) => reply(q, { tc: true }));
    const out = await probeDns('big.blob.core.windows.net', { servers: [server], timeoutMs: FAST });
    assert.equal(out.code, 'DNS_TIMEOUT');
    assert.match(out.message, /truncated over UDP/);
  });
});

describe('probeDns: failures', () => {
  const cases = [
    { name: 'NXDOMAIN', rcode: 3, code: 'DNS_NXDOMAIN' },
    { name: 'SERVFAIL', rcode: 2, code: 'DNS_SERVFAIL' },
    { name: 'REFUSED', rcode: 5, code: 'DNS_REFUSED' },
  ];
  for (const c of cases) {
    it(`maps ${c.name} to ${c.code} and names the resolver`, async () => {
      const server = await fakeResolver((q) => reply(q, { rcode: c.rcode }));
      const out = await probeDns('myacr.azurecr.io', { servers: [server], timeoutMs: FAST });
      assert.equal(out.status, 'fail');
      assert.equal(out.code, c.code);
      assert.match(out.message, new RegExp(`127\\.0\\.0\\.1:${server.port}`));
      assert.equal(resolvers(out)[0]!.rcode, c.name);
    });
  }

  it('reports DNS_NODATA when the CNAME chain ends without an address', async () => {
    const server = await fakeResolver(fixed([rr.cname('myacr.azurecr.io', 'myacr.privatelink.azurecr.io')]));
    const out = await probeDns('myacr.azurecr.io', { servers: [server], timeoutMs: FAST });
    assert.equal(out.code, 'DNS_NODATA');
    assert.match(out.message, /myacr\.privatelink\.azurecr\.io/);
  });

  it('reports DNS_TIMEOUT from a silent resolver, within the deadline', async () => {
    const server = await fakeResolver(() => undefined);
    const started = performance.now();
    const out = await probeDns('mcr.microsoft.com', { servers: [server], timeoutMs: 300 });
    const took = performance.now() - started;
    assert.equal(out.code, 'DNS_TIMEOUT');
    assert.ok(took >= 290 && took < 450, `took ${took} ms`);
  });

  it('reports DNS_TIMEOUT at once when nothing listens on the resolver port', async () => {
    const server = await fakeResolver(() => undefined);
    open.pop()!(); // close it: the kernel now answers ICMP port unreachable
    const started = performance.now();
    const out = await probeDns('mcr.microsoft.com', { servers: [server], timeoutMs: 2000 });
    assert.equal(out.code, 'DNS_TIMEOUT');
    assert.match(out.message, /port unreachable/);
    assert.ok(performance.now() - started < 1000);
  });

  it('reports DNS_MALFORMED when only garbage comes back from the resolver', async () => {
    const server = await fakeResolver((q) => {
      const garbage = Buffer.from('\x00\x00\x81\x80\x00\x01\x00\x03\x00\x00\x00\x00\x05hello', 'latin1');
      garbage.writeUInt16BE(q.header.id, 0);
      return garbage;
    });
    const out = await probeDns('mcr.microsoft.com', { servers: [server], timeoutMs: FAST });
    assert.equal(out.code, 'DNS_MALFORMED');
  });

  it('ignores answers carrying another query id (spoofing or a stale reply)', async () => {
    const server = await fakeResolver((q) => {
      const answer = reply(q, { records: [rr.a('mcr.microsoft.com', '198.51.100.66')] });
      answer.writeUInt16BE((q.header.id + 1) & 0xffff, 0);
      return answer;
    });
    const out = await probeDns('mcr.microsoft.com', { servers: [server], timeoutMs: FAST });
    assert.equal(out.code, 'DNS_TIMEOUT');
    assert.deepEqual(out.addresses, []);
  });

  it('gives up when the caller aborts, and says so', async () => {
    const controller = new AbortController();
    // Abort once the query is on the wire (the server has it), not after a guessed time.
    const server = await fakeResolver(() => {
      controller.abort();
      return undefined;
    });
    const started = performance.now();
    const out = await probeDns('mcr.microsoft.com', { servers: [server], timeoutMs: 5000, signal: controller.signal });
    assert.equal(out.code, 'DNS_TIMEOUT');
    assert.match(out.message, /cancelled/);
    assert.ok(performance.now() - started < 500);
  });
});

describe('probeDns: private endpoints', () => {
  it('passes a private address reached through a privatelink CNAME', async () => {
    const server = await fakeResolver(
      fixed([rr.cname('myacr.azurecr.io', 'myacr.privatelink.azurecr.io'), rr.a('myacr.privatelink.azurecr.io', '10.1.2.3')]),
    );
    const out = await probeDns('myacr.azurecr.io', { servers: [server], timeoutMs: FAST });
    assert.equal(out.status, 'pass');
    assert.equal(out.evidence.privateEndpoint, true);
    assert.match(out.message, /private endpoint/);
  });

  it('warns DNS_SUSPECT_PRIVATE for a bare private address (hijacked or stale entry)', async () => {
    const server = await fakeResolver(fixed([rr.a('mcr.microsoft.com', '10.9.9.9')]));
    const out = await probeDns('mcr.microsoft.com', { servers: [server], timeoutMs: FAST });
    assert.equal(out.status, 'warn');
    assert.equal(out.code, 'DNS_SUSPECT_PRIVATE');
    assert.deepEqual(out.addresses, [{ address: '10.9.9.9', family: 4 }]);
  });

  it('requires the given privateLinkZone when there is one', async () => {
    const server = await fakeResolver(
      fixed([
        rr.cname('myacr.azurecr.io', 'other.privatelink.blob.core.windows.net'),
        rr.a('other.privatelink.blob.core.windows.net', '172.16.0.4'),
      ]),
    );
    const out = await probeDns('myacr.azurecr.io', { servers: [server], timeoutMs: FAST, privateLinkZone: 'privatelink.azurecr.io' });
    assert.equal(out.code, 'DNS_SUSPECT_PRIVATE');
  });

  it('does not treat loopback or 198.18.0.0/15 (test labs) as private', async () => {
    const server = await fakeResolver(fixed([rr.a('mcr.microsoft.com', '127.0.0.7'), rr.a('mcr.microsoft.com', '198.19.0.1')]));
    const out = await probeDns('mcr.microsoft.com', { servers: [server], timeoutMs: FAST });
    assert.equal(out.status, 'pass');
    assert.equal(out.evidence.privateEndpoint, false);
  });
});

describe('probeDns: several resolvers', () => {
  it('warns DNS_INCONSISTENT when resolvers disagree', async () => {
    const one = await fakeResolver(fixed([rr.a('mcr.microsoft.com', '203.0.113.1')]));
    const two = await fakeResolver(fixed([rr.a('mcr.microsoft.com', '203.0.113.2')]));
    const out = await probeDns('mcr.microsoft.com', { servers: [one, two], timeoutMs: FAST });
    assert.equal(out.status, 'warn');
    assert.equal(out.code, 'DNS_INCONSISTENT');
    assert.equal(resolvers(out).length, 2);
    assert.deepEqual(out.evidence.addresses, ['203.0.113.1', '203.0.113.2']);
  });

  it("fails with the failing resolver's code and names it", async () => {
    const good = await fakeResolver(fixed([rr.a('mcr.microsoft.com', '203.0.113.1')]));
    const bad = await fakeResolver((q) => reply(q, { rcode: 3 }));
    const out = await probeDns('mcr.microsoft.com', { servers: [good, bad], timeoutMs: FAST });
    assert.equal(out.code, 'DNS_NXDOMAIN');
    assert.match(out.message, new RegExp(`:${bad.port}`));
  });

  it('passes when all resolvers agree', async () => {
    const records = [rr.a('mcr.microsoft.com', '203.0.113.1')];
    const out = await probeDns('mcr.microsoft.com', {
      servers: [await fakeResolver(fixed(records)), await fakeResolver(fixed(records))],
      timeoutMs: FAST,
    });
    assert.equal(out.status, 'pass');
    assert.match(out.message, /2 resolvers agree/);
  });
});

describe('probeDns: what several resolvers must agree on', () => {
  const roundRobin = ['203.0.113.1', '203.0.113.2', '203.0.113.3', '203.0.113.4'];

  it('passes round-robin: the same four addresses in another order are the same answer, and says what it compared', async () => {
    const name = 'rr.contoso.example';
    const one = await fakeResolver(fixed(roundRobin.map((a) => rr.a(name, a))));
    const two = await fakeResolver(fixed([...roundRobin].reverse().map((a) => rr.a(name, a))));
    const out = await probeDns(name, { servers: [one, two], timeoutMs: FAST });
    assert.equal(out.status, 'pass', out.message);
    assert.deepEqual(
      resolvers(out).map((r) => r.addresses),
      [roundRobin, [...roundRobin].reverse()],
      'the two resolvers really answered in different orders',
    );
    const comparison = out.evidence.comparison as { compared: string; differences: string[]; notes: string[] };
    assert.match(comparison.compared, /order ignored/);
    assert.deepEqual(comparison.differences, []);
  });

  it('notes, without warning, the different edges two resolvers get behind the same Front Door chain', async () => {
    const name = 'contoso-web.example';
    const chain = (edge: string, address: string) => [
      rr.cname(name, 'contoso-web.azurefd.net'),
      rr.cname('contoso-web.azurefd.net', edge),
      rr.a(edge, address),
    ];
    const west = await fakeResolver(fixed(chain('dual.t-0009.t-msedge.net', '13.107.246.1')));
    const east = await fakeResolver(fixed(chain('dual.t-0001.t-msedge.net', '13.107.213.7')));
    const out = await probeDns(name, { servers: [west, east], timeoutMs: FAST });
    assert.equal(out.status, 'pass', out.message);
    const comparison = out.evidence.comparison as { differences: string[]; notes: string[] };
    assert.deepEqual(comparison.differences, []);
    assert.equal(comparison.notes.length, 1);
    assert.match(comparison.notes[0]!, /contoso-web\.azurefd\.net.*13\.107\.246\.1.*13\.107\.213\.7/);
    assert.match(out.message, /2 resolvers agree on the CDN chain; each gets its own edge addresses/);
  });

  const warns: { what: string; one: Resource[]; two: Resource[]; says: RegExp }[] = [
    {
      what: 'an address only one resolver gives, for a name with no CDN chain',
      one: [rr.a('api.contoso.example', '203.0.113.1'), rr.a('api.contoso.example', '203.0.113.2')],
      two: [rr.a('api.contoso.example', '203.0.113.1')],
      says: /203\.0\.113\.2 only from 127\.0\.0\.1:\d+/,
    },
    {
      what: 'private on one resolver, public on the other',
      one: [rr.cname('api.contoso.example', 'api.privatelink.contoso.example'), rr.a('api.privatelink.contoso.example', '10.1.2.3')],
      two: [rr.a('api.contoso.example', '203.0.113.1')],
      says: /gives private 10\.1\.2\.3.*gives public 203\.0\.113\.1/,
    },
    {
      what: 'the same address through another canonical name',
      one: [rr.cname('api.contoso.example', 'eus.contoso.example'), rr.a('eus.contoso.example', '203.0.113.1')],
      two: [rr.cname('api.contoso.example', 'wus.contoso.example'), rr.a('wus.contoso.example', '203.0.113.1')],
      says: /different CNAME chains/,
    },
    {
      what: 'an AAAA answer on one resolver, NODATA on the other',
      one: [rr.a('api.contoso.example', '203.0.113.1'), rr.aaaa('api.contoso.example', '2001:db8::1')],
      two: [rr.a('api.contoso.example', '203.0.113.1')],
      says: /AAAA: 127\.0\.0\.1:\d+ gives addresses, 127\.0\.0\.1:\d+ says NODATA/,
    },
  ];
  for (const c of warns) {
    it(`warns DNS_INCONSISTENT for ${c.what}`, async () => {
      const out = await probeDns('api.contoso.example', {
        servers: [await fakeResolver(fixed(c.one)), await fakeResolver(fixed(c.two))],
        timeoutMs: FAST,
      });
      assert.equal(out.code, 'DNS_INCONSISTENT', out.message);
      assert.equal(out.status, 'warn');
      assert.match(out.message, c.says);
    });
  }

  it('warns DNS_INCONSISTENT when one resolver fails AAAA while the other answers it', async () => {
    const name = 'api.contoso.example';
    const records = [rr.a(name, '203.0.113.1'), rr.aaaa(name, '2001:db8::1')];
    const failingAaaa = await fakeResolver((q) =>
      q.questions[0]!.type === Packet.TYPE.AAAA ? reply(q, { rcode: 2 }) : reply(q, { records }),
    );
    const out = await probeDns(name, { servers: [await fakeResolver(fixed(records)), failingAaaa], timeoutMs: FAST });
    assert.equal(out.code, 'DNS_INCONSISTENT', out.message);
    assert.match(out.message, /AAAA: .* gives addresses, .* says SERVFAIL/);
  });
});

describe('probeDns: each answer vouches only for its own addresses', () => {
  it('warns DNS_SUSPECT_PRIVATE for a private A with no CNAME even when the AAAA answer goes through privatelink', async () => {
    // dnsmasq address=/contosoml.azurecr.io/10.66.6.6 answers A itself and forwards AAAA upstream.
    const name = 'contosoml.azurecr.io';
    const server = await fakeResolver((q) =>
      q.questions[0]!.type === Packet.TYPE.A
        ? reply(q, { records: [rr.a(name, '10.66.6.6')] })
        : reply(q, { records: [rr.cname(name, 'contosoml.privatelink.azurecr.io')] }),
    );
    const out = await probeDns(name, { servers: [server], timeoutMs: FAST, privateLinkZone: 'privatelink.azurecr.io' });
    assert.equal(out.code, 'DNS_SUSPECT_PRIVATE', out.message);
    assert.match(out.message, /10\.66\.6\.6 .* in its A answer .*AAAA answer does go through contosoml\.privatelink\.azurecr\.io/);
    assert.equal(out.evidence.privateEndpoint, false);
    const [a, aaaa] = resolvers(out)[0]!.queries!;
    assert.deepEqual([a!.type, a!.cnameChain, aaaa!.type, aaaa!.cnameChain], ['A', [], 'AAAA', ['contosoml.privatelink.azurecr.io']]);
  });
});

describe('probeDns: a resolver that never answers AAAA', () => {
  const dropsAaaa = (records: Resource[]) => (q: Packet) => (q.questions[0]!.type === Packet.TYPE.AAAA ? undefined : reply(q, { records }));

  it(`warns DNS_AAAA_DROPPED, names the stall, and gives up on AAAA ${AAAA_GRACE_MS} ms after A instead of at the deadline`, async () => {
    const server = await fakeResolver(dropsAaaa([rr.a('mcr.microsoft.com', '203.0.113.5')]));
    const started = performance.now();
    const out = await probeDns('mcr.microsoft.com', { servers: [server], timeoutMs: 5000 });
    const took = performance.now() - started;
    assert.equal(out.status, 'warn');
    assert.equal(out.code, 'DNS_AAAA_DROPPED', out.message);
    assert.match(out.message, /glibc.*stalls.*exit 50.*AgentBaker#497/);
    assert.deepEqual(out.addresses, [{ address: '203.0.113.5', family: 4 }], 'the A answer is still used');
    assert.ok(took >= AAAA_GRACE_MS - 10 && took < 2500, `took ${Math.round(took)} ms of a 5000 ms deadline`);
    assert.match(resolvers(out)[0]!.queries![1]!.error ?? '', /given up \d+ ms after the A answer/);
  });

  it('asks AAAA again halfway through the grace, so one lost AAAA datagram is not a drop', async () => {
    let aaaaQueries = 0;
    const records = [rr.a('mcr.microsoft.com', '203.0.113.5'), rr.aaaa('mcr.microsoft.com', '2001:db8::5')];
    const server = await fakeResolver((q) =>
      q.questions[0]!.type === Packet.TYPE.AAAA && ++aaaaQueries === 1 ? undefined : reply(q, { records }),
    );
    const started = performance.now();
    const out = await probeDns('mcr.microsoft.com', { servers: [server], timeoutMs: 5000 });
    assert.equal(out.status, 'pass', out.message);
    assert.equal(aaaaQueries, 2);
    assert.deepEqual(out.evidence.addresses, ['203.0.113.5', '2001:db8::5']);
    assert.ok(performance.now() - started < AAAA_GRACE_MS, 'answered by the second AAAA query, not the halfway retransmission');
  });

  it('does not call AAAA dropped when the deadline, not the grace, cut it short', async () => {
    const server = await fakeResolver(dropsAaaa([rr.a('mcr.microsoft.com', '203.0.113.5')]));
    const out = await probeDns('mcr.microsoft.com', { servers: [server], timeoutMs: AAAA_GRACE_MS / 2 });
    assert.equal(out.status, 'pass', out.message);
    assert.match(resolvers(out)[0]!.error ?? '', /AAAA: no UDP reply/);
  });

  it('fails DNS_TIMEOUT (naming the dropped AAAA) when the A answer had no address either', async () => {
    const server = await fakeResolver(dropsAaaa([]));
    const out = await probeDns('v6only.contoso.example', { servers: [server], timeoutMs: 3000 });
    assert.equal(out.code, 'DNS_TIMEOUT', out.message);
    assert.match(out.message, /never answered AAAA/);
  });

  it("a silent resolver's DNS_TIMEOUT also names a resolver still waiting on its own upstream or delegated servers", async () => {
    const out = await probeDns('mcr.microsoft.com', { servers: [await fakeResolver(() => undefined)], timeoutMs: 200 });
    assert.equal(out.code, 'DNS_TIMEOUT');
    assert.match(out.message, /still waiting on its own upstream or delegated servers/);
  });
});

describe('probeDns: one UDP socket per resolver', () => {
  it('asks every question in flight to a resolver from one socket, and each name still gets its own answer', async () => {
    const ports = new Set<number>();
    const socket = dgram.createSocket('udp4');
    socket.on('message', (msg, from) => {
      ports.add(from.port);
      const q = Packet.parse(msg);
      // Every name gets an address of its own, so an answer given to the wrong question would show.
      const n = Number(/^host-(\d+)\./.exec(q.questions[0]!.name)![1]);
      socket.send(reply(q, { records: [rr.a(q.questions[0]!.name, `192.0.2.${n}`)] }), from.port, from.address);
    });
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
    open.push(() => socket.close());
    const server = { address: '127.0.0.1', port: socket.address().port };

    const names = Array.from({ length: 20 }, (_, i) => `host-${i + 1}.example`);
    const outcomes = await Promise.all(names.map((name) => probeDns(name, { servers: [server], timeoutMs: FAST })));
    assert.deepEqual(
      outcomes.map((o) => o.addresses.map((a) => a.address)),
      names.map((_, i) => [`192.0.2.${i + 1}`]),
    );
    assert.equal(ports.size, 1, `40 questions came from ${ports.size} source ports`);
  });
});

describe('parseDnsServer', () => {
  it('reads the forms dns.getServers() and users write', () => {
    assert.deepEqual(parseDnsServer('10.0.0.4'), { address: '10.0.0.4', port: 53 });
    assert.deepEqual(parseDnsServer('10.0.0.4:5353'), { address: '10.0.0.4', port: 5353 });
    assert.deepEqual(parseDnsServer('[fd00::53]:5353'), { address: 'fd00::53', port: 5353 });
    assert.deepEqual(parseDnsServer('fd00::53'), { address: 'fd00::53', port: 53 });
    assert.equal(parseDnsServer('dns.example'), undefined);
  });
});
