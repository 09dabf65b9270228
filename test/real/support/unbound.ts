// The customer's custom DNS server: a real unbound, configured by the test.
// Azure's DNS (public zones and private DNS zones) is played by auth-zones the
// resolver reaches as if they were upstream, so it recurses, follows CNAME
// chains across zones and caches like the real thing; a root zone of our own
// makes sure no query ever leaves the machine. The customer's own settings
// (overrides, refused zones, forwarders) sit on top, as they would.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startDaemon } from './daemon.ts';
import { findBinary } from './prerequisites.ts';

export interface ResolverConfig {
  /** Zones reached as if on the Internet: zone name → records ("name. TTL IN TYPE data"). */
  zones: Record<string, string[]>;
  /** The customer's local-zone settings: [zone, type] (static, always_refuse…). */
  localZones?: [string, string][];
  /** The customer's own records (overrides, stale entries). */
  localData?: string[];
  /** Conditional forwarders: zone → upstreams ("127.0.0.1@5353"). */
  forwardZones?: { name: string; to: string[] }[];
  /** Client networks allowed besides loopback. */
  allow?: string[];
}

export interface Resolver {
  /** "address:port", as --dns-server takes it. */
  server: string;
  address: string;
  port: number;
  log(): string;
  stop(): Promise<void>;
}

const SOA = 'IN SOA ns1.lab.aml-preflight.example. hostmaster.lab.aml-preflight.example. 1 3600 600 86400 60';

export function zoneFile(name: string, records: string[]): string {
  const origin = name === '.' ? '.' : `${name.replace(/\.$/, '')}.`;
  return [`$ORIGIN ${origin}`, '$TTL 60', `@ ${SOA}`, '@ IN NS ns1.lab.aml-preflight.example.', ...records, ''].join('\n');
}

const quote = (s: string): string => `"${s}"`;

export function unboundConfig(config: ResolverConfig, dir: string, address: string, port: number): string {
  // A conditional forwarder takes its zone away from "Azure": the upstream it names answers instead.
  const forwarded = (name: string): boolean => (config.forwardZones ?? []).some((f) => name === f.name || name.endsWith(`.${f.name}`));
  const zones: Record<string, string[]> = {
    '.': [],
    ...Object.fromEntries(Object.entries(config.zones).filter(([name]) => !forwarded(name))),
  };
  const lines = [
    'server:',
    `  interface: ${address}@${port}`,
    `  port: ${port}`,
    '  do-daemonize: no',
    '  chroot: ""',
    '  username: ""',
    `  directory: ${quote(dir)}`,
    '  pidfile: ""',
    '  use-syslog: no',
    '  logfile: ""',
    '  verbosity: 1',
    '  num-threads: 1',
    '  so-reuseport: no',
    '  do-ip6: no',
    '  outgoing-range: 64',
    '  msg-cache-size: 1m',
    '  rrset-cache-size: 1m',
    // Recursion is played by the auth-zones below; no validator, no trust anchor.
    '  module-config: "iterator"',
    // Forwarders and upstreams of the lab live on loopback.
    '  do-not-query-localhost: no',
    '  access-control: 127.0.0.0/8 allow',
    ...(config.allow ?? []).map((net) => `  access-control: ${net} allow`),
    ...(config.localZones ?? []).map(([zone, type]) => `  local-zone: ${quote(zone)} ${type}`),
    ...(config.localData ?? []).map((rr) => `  local-data: ${quote(rr)}`),
    'remote-control:',
    '  control-enable: no',
  ];
  mkdirSync(join(dir, 'zones'), { recursive: true });
  for (const [name, records] of Object.entries(zones)) {
    const file = join(dir, 'zones', `${name === '.' ? 'root' : name}.zone`);
    writeFileSync(file, zoneFile(name, records));
    lines.push(
      'auth-zone:',
      `  name: ${quote(name === '.' ? '.' : `${name}.`)}`,
      `  zonefile: ${quote(file)}`,
      '  for-upstream: yes',
      '  for-downstream: no',
      '  fallback-enabled: no',
    );
  }
  for (const forward of config.forwardZones ?? []) {
    lines.push(
      'forward-zone:',
      `  name: ${quote(`${forward.name.replace(/\.$/, '')}.`)}`,
      ...forward.to.map((to) => `  forward-addr: ${to}`),
    );
  }
  return `${lines.join('\n')}\n`;
}

/** Starts unbound in `dir` (its config, zone files and log), optionally inside a network namespace. */
export async function startUnbound(
  config: ResolverConfig,
  options: { dir: string; address: string; port: number; netns?: string },
): Promise<Resolver> {
  const unbound = findBinary('unbound');
  if (!unbound) throw new Error('unbound is not installed');
  mkdirSync(options.dir, { recursive: true });
  const conf = join(options.dir, 'unbound.conf');
  writeFileSync(conf, unboundConfig(config, options.dir, options.address, options.port));
  const logFile = join(options.dir, 'unbound.log');
  const [command, args] = options.netns
    ? ['ip', ['netns', 'exec', options.netns, unbound, '-d', '-c', conf]]
    : [unbound, ['-d', '-c', conf]];
  // "start of service" is logged once every socket is bound.
  const daemon = await startDaemon(command, args as string[], { logFile, ready: async () => /start of service/.test(readLog(logFile)) });
  return { server: `${options.address}:${options.port}`, address: options.address, port: options.port, log: daemon.log, stop: daemon.stop };
}

function readLog(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}
