// DNS: ask each resolver directly (our own sockets and deadline, dns2 only to
// encode and decode packets) so we can tell NXDOMAIN from SERVFAIL from
// silence, see the CNAME chain, and compare what different resolvers say.

import dgram from 'node:dgram';
import { promises as dnsPromises, getServers } from 'node:dns';
import net from 'node:net';
import { domainToASCII } from 'node:url';
import dns2 from 'dns2';
import type { ProbeOutcome, ResolvedAddress } from '../types.ts';
import type { FailureCode } from './codes.ts';
import { errorCode, errorMessage, startDeadline, type Deadline } from './deadline.ts';

const { Packet } = dns2;
type Packet = InstanceType<typeof Packet>;

export interface DnsServer {
  address: string;
  port: number;
}

export interface DnsProbeOptions {
  /** Resolvers to ask; empty = this machine's resolvers. */
  servers: DnsServer[];
  timeoutMs: number;
  signal?: AbortSignal;
  /** Zone that proves a private endpoint (e.g. "privatelink.azurecr.io"); default: any "privatelink." zone. */
  privateLinkZone?: string;
}

/** What one resolver said, as recorded in `evidence.resolvers`. */
export interface ResolverEvidence {
  server: string;
  transport: 'udp' | 'tcp' | 'system';
  rcode: string | null;
  cnameChain: string[];
  addresses: string[];
  ttl: number | null;
  durationMs: number;
  code?: FailureCode;
  error?: string;
}

export type DnsOutcome = ProbeOutcome & { addresses: ResolvedAddress[] };

const TYPE_A = Packet.TYPE.A;
const TYPE_AAAA = Packet.TYPE.AAAA;
const TYPE_CNAME = Packet.TYPE.CNAME;
const RCODE_NAMES: Record<number, string> = { 0: 'NOERROR', 1: 'FORMERR', 2: 'SERVFAIL', 3: 'NXDOMAIN', 4: 'NOTIMP', 5: 'REFUSED' };
const MAX_TCP_MESSAGE = 65_535;

// Private ranges a private endpoint can use. Loopback and 198.18.0.0/15 are
// left out on purpose: test labs answer with them.
const PRIVATE_RANGES = new net.BlockList();
PRIVATE_RANGES.addSubnet('10.0.0.0', 8, 'ipv4');
PRIVATE_RANGES.addSubnet('172.16.0.0', 12, 'ipv4');
PRIVATE_RANGES.addSubnet('192.168.0.0', 16, 'ipv4');
PRIVATE_RANGES.addSubnet('100.64.0.0', 10, 'ipv4');
PRIVATE_RANGES.addSubnet('fc00::', 7, 'ipv6');

export function isPrivateAddress(address: string): boolean {
  const family = net.isIP(address);
  return family !== 0 && PRIVATE_RANGES.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/** "10.0.0.4", "10.0.0.4:5353", "[fd00::53]:53", "fd00::53" → server; undefined when not an IP. */
export function parseDnsServer(text: string): DnsServer | undefined {
  const entry = text.trim();
  const bracketed = /^\[([^\]]+)\](?::(\d{1,5}))?$/.exec(entry);
  if (bracketed && net.isIPv6(bracketed[1]!)) return { address: bracketed[1]!, port: bracketed[2] ? Number(bracketed[2]) : 53 };
  if (net.isIP(entry)) return { address: entry, port: 53 };
  const withPort = /^([\d.]+):(\d{1,5})$/.exec(entry);
  if (withPort && net.isIPv4(withPort[1]!)) return { address: withPort[1]!, port: Number(withPort[2]) };
  return undefined;
}

export async function probeDns(host: string, opts: DnsProbeOptions): Promise<DnsOutcome> {
  const name = host.trim().replace(/\.$/, '').toLowerCase();
  if (net.isIP(name)) {
    return {
      status: 'pass',
      message: `${name} is an IP address: nothing to resolve`,
      evidence: { host: name, resolvers: [], cnameChain: [], addresses: [name] },
      addresses: [{ address: name, family: net.isIP(name) === 6 ? 6 : 4 }],
    };
  }
  const qname = toQueryName(name);
  if (!qname) {
    return {
      status: 'fail',
      code: 'DNS_NXDOMAIN',
      message: `"${host}" is not a valid DNS name, so it cannot exist in any zone`,
      evidence: { host, resolvers: [], cnameChain: [], addresses: [] },
      addresses: [],
    };
  }

  const deadline = startDeadline(opts.timeoutMs, opts.signal);
  try {
    const servers = opts.servers.length > 0 ? opts.servers : systemServers();
    const results =
      servers.length > 0
        ? await Promise.all(servers.map((server) => askServer(server, qname, deadline)))
        : [await askSystem(qname, deadline)];
    return judge(name, results, opts, deadline);
  } catch (err) {
    return {
      status: 'fail',
      code: 'DNS_SERVFAIL',
      message: `DNS probe of ${name} failed unexpectedly: ${errorMessage(err)}`,
      evidence: { host: name, resolvers: [], cnameChain: [], addresses: [] },
      addresses: [],
    };
  } finally {
    deadline.dispose();
  }
}

// ---------------------------------------------------------------------------
// One resolver: A and AAAA in parallel, UDP first, TCP when truncated.

interface ServerResult {
  label: string;
  transport: 'udp' | 'tcp' | 'system';
  rcode: number | null;
  chain: string[];
  addresses: string[];
  ttl: number | null;
  durationMs: number;
  /** Set when this resolver makes the check fail. */
  failure?: { code: FailureCode; message: string };
  /** Problems worth recording even when the resolver succeeded. */
  notes: string[];
  /** False for getaddrinfo, which hides the CNAME chain. */
  sawChain: boolean;
}

type QueryFailure = { kind: 'timeout' | 'unreachable' | 'malformed'; transport: 'udp' | 'tcp'; detail: string };
type QueryAnswer = { kind: 'answer'; transport: 'udp' | 'tcp'; rcode: number; chain: string[]; addresses: string[]; ttl: number | null };
type QueryResult = QueryAnswer | QueryFailure;

async function askServer(server: DnsServer, qname: string, deadline: Deadline): Promise<ServerResult> {
  const label = net.isIPv6(server.address) ? `[${server.address}]:${server.port}` : `${server.address}:${server.port}`;
  const [a, aaaa] = await Promise.all([query(server, qname, TYPE_A, deadline), query(server, qname, TYPE_AAAA, deadline)]);
  const durationMs = deadline.elapsedMs();
  const answers = [a, aaaa].filter((r): r is QueryAnswer => r.kind === 'answer');
  const result: ServerResult = {
    label,
    transport: [a, aaaa].some((r) => r.transport === 'tcp') ? 'tcp' : 'udp',
    rcode: answers[0]?.rcode ?? null,
    chain: (answers.find((r) => r.chain.length > 0) ?? answers[0])?.chain ?? [],
    addresses: [...(a.kind === 'answer' ? a.addresses : []), ...(aaaa.kind === 'answer' ? aaaa.addresses : [])],
    ttl: minTtl(answers.map((r) => r.ttl)),
    durationMs,
    notes: [],
    sawChain: true,
  };
  for (const [type, r] of [['A', a], ['AAAA', aaaa]] as const) {
    if (r.kind !== 'answer') result.notes.push(`${type}: ${r.detail}`);
    else if (r.rcode !== 0) result.notes.push(`${type}: ${rcodeName(r.rcode)}`);
  }
  if (result.addresses.length === 0) result.failure = classify(label, qname, a, aaaa, deadline);
  return result;
}

/** Why a resolver gave no address: a definitive error code beats silence, silence beats "no data". */
function classify(label: string, qname: string, a: QueryResult, aaaa: QueryResult, deadline: Deadline): { code: FailureCode; message: string } {
  const pair = [['A', a], ['AAAA', aaaa]] as const;
  const who = `resolver ${label}`;
  for (const [, r] of pair) {
    if (r.kind === 'answer' && r.rcode === 3) {
      return { code: 'DNS_NXDOMAIN', message: `${who} answered NXDOMAIN for ${qname}: the name does not exist there (a typo, or a private zone that lacks this record)` };
    }
  }
  for (const [, r] of pair) {
    if (r.kind !== 'answer' || r.rcode === 0) continue;
    if (r.rcode === 5) {
      return { code: 'DNS_REFUSED', message: `${who} REFUSED to resolve ${qname}: it does not serve this client or zone (check its recursion and ACL settings)` };
    }
    return {
      code: 'DNS_SERVFAIL',
      message: `${who} answered ${rcodeName(r.rcode)} for ${qname}: it failed to resolve the name (a broken forwarder, e.g. a custom DNS server that cannot reach 168.63.129.16 or its upstream)`,
    };
  }
  for (const [type, r] of pair) {
    if (r.kind === 'malformed') {
      return { code: 'DNS_MALFORMED', message: `${who} sent an unusable answer to the ${type} query for ${qname} (${r.detail}): a middlebox rewriting DNS, or not a DNS server` };
    }
    if (r.kind === 'unreachable') {
      return { code: 'DNS_TIMEOUT', message: `${who} could not be asked about ${qname} (${r.detail})` };
    }
    if (r.kind === 'timeout') {
      const message =
        deadline.expired() === 'aborted'
          ? `query to ${who} for ${qname} was cancelled after ${deadline.elapsedMs()} ms`
          : `${who} gave no answer to the ${type} query for ${qname} within ${deadline.timeoutMs} ms (${r.detail}: port 53 blocked on the way, or the server is down)`;
      return { code: 'DNS_TIMEOUT', message };
    }
  }
  const chain = a.kind === 'answer' ? a.chain : [];
  const end = chain.length > 0 ? ` at the end of the CNAME chain ${[qname, ...chain].join(' → ')}` : '';
  return { code: 'DNS_NODATA', message: `${who} answered NOERROR for ${qname} but with no A or AAAA record${end} (the record is missing from the zone)` };
}

async function query(server: DnsServer, qname: string, qtype: number, deadline: Deadline): Promise<QueryResult> {
  const udp = await queryUdp(server, qname, qtype, deadline);
  if (udp.kind !== 'packet') return udp;
  if (!udp.packet.header.tc) return readAnswer(udp.packet, qname, qtype, 'udp');
  // The answer did not fit in a datagram: ask again over TCP, as real stub resolvers do.
  const tcp = await queryTcp(server, qname, qtype, deadline);
  if (tcp.kind !== 'packet') return { ...tcp, detail: `answer truncated over UDP, and over TCP: ${tcp.detail}` };
  return readAnswer(tcp.packet, qname, qtype, 'tcp');
}

function queryUdp(server: DnsServer, qname: string, qtype: number, deadline: Deadline): Promise<{ kind: 'packet'; packet: Packet } | QueryFailure> {
  return new Promise((resolve) => {
    const id = Packet.uuid();
    const message = encodeQuery(id, qname, qtype);
    const socket = dgram.createSocket(net.isIPv6(server.address) ? 'udp6' : 'udp4');
    let malformed: string | undefined;
    let settled = false;
    let retransmit: NodeJS.Timeout | undefined;
    let forget = (): void => {};

    const finish = (result: { kind: 'packet'; packet: Packet } | QueryFailure): void => {
      if (settled) return;
      settled = true;
      clearTimeout(retransmit);
      forget();
      try {
        socket.close();
      } catch {
        // already closed
      }
      resolve(result);
    };
    forget = deadline.onCleanup(() =>
      finish(malformed ? { kind: 'malformed', transport: 'udp', detail: malformed } : { kind: 'timeout', transport: 'udp', detail: 'no UDP reply' }),
    );
    const send = (): void => {
      if (!settled) socket.send(message, (err) => err && finish(udpError(err)));
    };
    if (settled) return; // the deadline had already passed
    // One lost datagram should not turn into DNS_TIMEOUT: ask once more halfway.
    if (!settled) retransmit = setTimeout(send, Math.max(1, deadline.remainingMs() / 2));

    socket.on('message', (msg, from) => {
      if (from.port !== server.port || !sameAddress(from.address, server.address)) return;
      const verdict = checkResponse(msg, id, qname, qtype, 'udp');
      if (verdict.kind === 'ignore') return;
      if (verdict.kind === 'malformed') {
        // Keep listening: the real answer may still come.
        malformed = verdict.detail;
        return;
      }
      finish(verdict);
    });
    socket.on('error', (err) => finish(udpError(err)));
    // A connected socket sees ICMP port unreachable as ECONNREFUSED instead of silence.
    socket.connect(server.port, server.address, send);
  });
}

function udpError(err: Error): QueryFailure {
  const code = errorCode(err);
  if (code === 'ECONNREFUSED') return { kind: 'unreachable', transport: 'udp', detail: 'ICMP port unreachable: nothing listens on that UDP port' };
  return { kind: 'unreachable', transport: 'udp', detail: `UDP error ${code ?? errorMessage(err)}` };
}

function queryTcp(server: DnsServer, qname: string, qtype: number, deadline: Deadline): Promise<{ kind: 'packet'; packet: Packet } | QueryFailure> {
  return new Promise((resolve) => {
    const id = Packet.uuid();
    const message = encodeQuery(id, qname, qtype);
    const frame = Buffer.alloc(2 + message.length);
    frame.writeUInt16BE(message.length, 0);
    message.copy(frame, 2);

    const socket = net.connect({ host: server.address, port: server.port });
    let received = Buffer.alloc(0);
    let settled = false;
    let forget = (): void => {};
    const partial = (): string => `connection ended after ${received.length} bytes of the answer`;

    const finish = (result: { kind: 'packet'; packet: Packet } | QueryFailure): void => {
      if (settled) return;
      settled = true;
      forget();
      socket.destroy();
      resolve(result);
    };
    forget = deadline.onCleanup(() =>
      finish(received.length > 0 ? { kind: 'malformed', transport: 'tcp', detail: `${partial()} when the deadline hit` } : { kind: 'timeout', transport: 'tcp', detail: 'no TCP answer' }),
    );

    socket.on('connect', () => socket.write(frame));
    socket.on('data', (chunk: Buffer) => {
      // Answers may trickle in: collect until the 2-byte length is satisfied, never more than one message.
      received = Buffer.concat([received, chunk]);
      if (received.length < 2) return;
      const length = Math.min(received.readUInt16BE(0), MAX_TCP_MESSAGE);
      if (received.length < 2 + length) return;
      const verdict = checkResponse(received.subarray(2, 2 + length), id, qname, qtype, 'tcp');
      finish(verdict.kind === 'packet' ? verdict : { kind: 'malformed', transport: 'tcp', detail: verdict.kind === 'malformed' ? verdict.detail : 'wrong answer id' });
    });
    socket.on('error', (err) => {
      const code = errorCode(err);
      if (received.length > 0) finish({ kind: 'malformed', transport: 'tcp', detail: partial() });
      else if (code === 'ECONNREFUSED') finish({ kind: 'unreachable', transport: 'tcp', detail: 'TCP 53 refused' });
      else finish({ kind: 'unreachable', transport: 'tcp', detail: `TCP error ${code ?? errorMessage(err)}` });
    });
    socket.on('close', () =>
      finish(received.length > 0 ? { kind: 'malformed', transport: 'tcp', detail: partial() } : { kind: 'unreachable', transport: 'tcp', detail: 'the server closed the TCP connection without answering' }),
    );
  });
}

function encodeQuery(id: number, qname: string, qtype: number): Buffer {
  const packet = new Packet();
  packet.header.id = id;
  packet.header.rd = 1;
  packet.questions.push(new Packet.Question(qname, qtype, Packet.CLASS.IN));
  return packet.toBuffer();
}

type Verdict = { kind: 'packet'; packet: Packet } | { kind: 'malformed'; detail: string } | { kind: 'ignore' };

// dns2's parser skips records it cannot decode without saying so; these checks
// turn such silent damage into DNS_MALFORMED instead of a wrong NODATA.
function checkResponse(msg: Buffer, id: number, qname: string, qtype: number, transport: 'udp' | 'tcp'): Verdict {
  if (msg.length < 12) return { kind: 'malformed', detail: `${msg.length}-byte packet, shorter than a DNS header` };
  // Over UDP anyone can send us a datagram; only our id counts.
  if (msg.readUInt16BE(0) !== id) return transport === 'udp' ? { kind: 'ignore' } : { kind: 'malformed', detail: 'answer id does not match the query' };
  const counts = [4, 6, 8, 10].map((offset) => msg.readUInt16BE(offset));
  const [qd, an, ns, ar] = counts as [number, number, number, number];
  // Smallest question is 5 bytes, smallest record 11: more announced than fits is garbage.
  if (qd * 5 + (an + ns + ar) * 11 > msg.length - 12) {
    return { kind: 'malformed', detail: `header announces ${qd + an + ns + ar} entries that do not fit in ${msg.length} bytes` };
  }
  let packet: Packet;
  try {
    packet = Packet.parse(msg);
  } catch (err) {
    return { kind: 'malformed', detail: `unparseable packet (${errorMessage(err)})` };
  }
  const header = packet.header;
  if (header.qr !== 1) return { kind: 'malformed', detail: 'packet is a query, not a response' };
  if (packet.questions.length !== qd || (!header.tc && packet.answers.length !== an)) {
    return { kind: 'malformed', detail: 'records in the packet could not be decoded' };
  }
  const question = packet.questions[0];
  if (question && (normalize(question.name) !== qname || question.type !== qtype)) {
    return { kind: 'malformed', detail: `answer is for another question (${question.name})` };
  }
  return { kind: 'packet', packet };
}

function readAnswer(packet: Packet, qname: string, qtype: number, transport: 'udp' | 'tcp'): QueryResult {
  const ttls: number[] = [];
  const chain: string[] = [];
  const seen = new Set([qname]);
  let current = qname;
  for (;;) {
    const cname = packet.answers.find((r) => r.type === TYPE_CNAME && normalize(r.name) === current);
    if (!cname?.domain) break;
    ttls.push(cname.ttl);
    current = normalize(cname.domain);
    if (seen.has(current)) break; // a CNAME loop ends with no data
    seen.add(current);
    chain.push(current);
  }
  const records = packet.answers.filter((r) => r.type === qtype && normalize(r.name) === current);
  const family = qtype === TYPE_A ? 4 : 6;
  const addresses: string[] = [];
  for (const record of records) {
    if (!record.address || net.isIP(record.address) !== family) {
      return { kind: 'malformed', transport, detail: `invalid ${family === 4 ? 'A' : 'AAAA'} record data "${record.address ?? ''}"` };
    }
    ttls.push(record.ttl);
    if (!addresses.includes(record.address)) addresses.push(record.address);
  }
  return { kind: 'answer', transport, rcode: packet.header.rcode, chain, addresses, ttl: minTtl(ttls) };
}

// ---------------------------------------------------------------------------
// No resolver configured (rare): getaddrinfo, which hides rcode and CNAMEs.

async function askSystem(qname: string, deadline: Deadline): Promise<ServerResult> {
  const base = { label: 'system resolver (getaddrinfo)', transport: 'system' as const, rcode: null, chain: [], ttl: null, notes: [], sawChain: false };
  const lookup = dnsPromises.lookup(qname, { all: true }).then(
    (found) => ({ found }),
    (err: unknown) => ({ err }),
  );
  const outcome = await Promise.race([lookup, deadline.whenExpired.then(() => undefined)]);
  const durationMs = deadline.elapsedMs();
  if (outcome === undefined) {
    return { ...base, addresses: [], durationMs, failure: { code: 'DNS_TIMEOUT', message: `the system resolver gave no answer for ${qname} within ${deadline.timeoutMs} ms` } };
  }
  if ('found' in outcome) return { ...base, addresses: outcome.found.map((f) => f.address), durationMs };
  const code = errorCode(outcome.err);
  const failure: { code: FailureCode; message: string } =
    code === 'ENOTFOUND'
      ? { code: 'DNS_NXDOMAIN', message: `the system resolver says ${qname} does not exist (ENOTFOUND)` }
      : code === 'ENODATA'
        ? { code: 'DNS_NODATA', message: `the system resolver has no address for ${qname} (ENODATA)` }
        : code === 'EAI_AGAIN'
          ? { code: 'DNS_TIMEOUT', message: `the system resolver could not get an answer for ${qname} (EAI_AGAIN: resolver unreachable or failing)` }
          : { code: 'DNS_SERVFAIL', message: `the system resolver failed for ${qname} (${code ?? errorMessage(outcome.err)})` };
  return { ...base, addresses: [], durationMs, failure };
}

function systemServers(): DnsServer[] {
  return getServers()
    .map(parseDnsServer)
    .filter((s): s is DnsServer => s !== undefined);
}

// ---------------------------------------------------------------------------
// Across resolvers: first failure wins; then private-endpoint sense; then agreement.

function judge(host: string, results: ServerResult[], opts: DnsProbeOptions, deadline: Deadline): DnsOutcome {
  const resolvers: ResolverEvidence[] = results.map((r) => {
    const entry: ResolverEvidence = {
      server: r.label,
      transport: r.transport,
      rcode: r.rcode === null ? null : rcodeName(r.rcode),
      cnameChain: r.chain,
      addresses: sortAddresses(r.addresses),
      ttl: r.ttl,
      durationMs: r.durationMs,
    };
    if (r.failure) entry.code = r.failure.code;
    if (r.failure || r.notes.length > 0) entry.error = r.failure?.message ?? r.notes.join('; ');
    return entry;
  });

  const all = sortAddresses([...new Set(results.flatMap((r) => r.addresses))]);
  const first = results.find((r) => !r.failure) ?? results[0];
  const evidence: Record<string, unknown> = {
    host,
    resolvers,
    cnameChain: first?.chain ?? [],
    addresses: all,
    durationMs: deadline.elapsedMs(),
  };
  const addresses: ResolvedAddress[] = all.map((address) => ({ address, family: net.isIPv6(address) ? 6 : 4 }));
  const outcome = (status: DnsOutcome['status'], message: string, code?: FailureCode): DnsOutcome =>
    code ? { status, code, message, evidence, addresses } : { status, message, evidence, addresses };

  const failed = results.filter((r) => r.failure);
  if (failed[0]?.failure) {
    const others = failed.length > 1 ? ` (${failed.length - 1} other resolver${failed.length > 2 ? 's' : ''} failed too)` : '';
    return outcome('fail', failed[0].failure.message + others, failed[0].failure.code);
  }

  // Private addresses are healthy only behind a privatelink CNAME.
  let privateEndpoint = false;
  for (const r of results) {
    const privates = r.addresses.filter(isPrivateAddress);
    if (privates.length === 0 || !r.sawChain) continue;
    if ([host, ...r.chain].some((name) => isPrivateLinkName(name, opts.privateLinkZone))) {
      privateEndpoint = true;
      continue;
    }
    evidence.privateEndpoint = false;
    return outcome(
      'warn',
      `resolver ${r.label} answered private address ${privates.join(', ')} for ${host} without a ${opts.privateLinkZone ?? 'privatelink'} CNAME: a hijacked or stale DNS entry (hosts file, custom zone, conditional forwarder) rather than a private endpoint`,
      'DNS_SUSPECT_PRIVATE',
    );
  }
  evidence.privateEndpoint = privateEndpoint;

  const sets = results.map((r) => sortAddresses(r.addresses).join(','));
  if (new Set(sets).size > 1) {
    const views = results.map((r) => `${r.label} says ${shortList(sortAddresses(r.addresses))}`).join(', ');
    return outcome('warn', `resolvers disagree about ${host}: ${views} (split-horizon DNS or a stale forwarder: pods may get either answer)`, 'DNS_INCONSISTENT');
  }

  const via = results.length > 1 ? `${results.length} resolvers agree` : `resolver ${results[0]?.label ?? 'system'}`;
  const chain = first && first.chain.length > 0 ? ` through CNAME ${first.chain.join(' → ')}` : '';
  if (privateEndpoint) {
    return outcome('pass', `${host} resolves to private endpoint ${shortList(all)}${chain} (${via})`);
  }
  return outcome('pass', `${host} resolves to ${shortList(all)}${chain} (${via})`);
}

function isPrivateLinkName(name: string, zone: string | undefined): boolean {
  if (zone) {
    const z = normalize(zone);
    return name === z || name.endsWith(`.${z}`);
  }
  return /(^|\.)privatelink\.[a-z0-9-]/.test(name);
}

// ---------------------------------------------------------------------------
// Small helpers.

/** ASCII form of a name we can put in a question, or undefined if it cannot be one. */
function toQueryName(name: string): string | undefined {
  const ascii = domainToASCII(name);
  if (!ascii || ascii.length > 253) return undefined;
  const labels = ascii.split('.');
  return labels.every((label) => label.length > 0 && label.length <= 63) ? ascii.toLowerCase() : undefined;
}

function normalize(name: string): string {
  return name.replace(/\.$/, '').toLowerCase();
}

function sameAddress(a: string, b: string): boolean {
  if (a === b) return true;
  try {
    // Same IPv6 address written two ways; the socket is connected, so the kernel already filtered.
    return net.isIPv6(a) && net.isIPv6(b) && new URL(`http://[${a}]`).hostname === new URL(`http://[${b}]`).hostname;
  } catch {
    return true;
  }
}

function sortAddresses(addresses: string[]): string[] {
  return [...addresses].sort((x, y) => (net.isIPv6(x) ? 1 : 0) - (net.isIPv6(y) ? 1 : 0));
}

function shortList(addresses: string[]): string {
  if (addresses.length === 0) return 'nothing';
  return addresses.length <= 4 ? addresses.join(', ') : `${addresses.slice(0, 4).join(', ')} and ${addresses.length - 4} more`;
}

function minTtl(ttls: (number | null)[]): number | null {
  const known = ttls.filter((t): t is number => typeof t === 'number');
  return known.length > 0 ? Math.min(...known) : null;
}

function rcodeName(rcode: number): string {
  return RCODE_NAMES[rcode] ?? `RCODE${rcode}`;
}
