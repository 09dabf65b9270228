// dnsmasq as the customer's DNS forwarder: it forwards to an upstream (BIND,
// unbound) and answers the names its address= lines override by itself.
// Those overrides answer only the address type they give (address=/name/IPv4
// answers A) and forward every other type: the split that lets a stale
// override hide behind a healthy AAAA chain.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startDaemon } from './daemon.ts';
import { findBinary } from './prerequisites.ts';
import type { Resolver } from './unbound.ts';

export interface DnsmasqConfig {
  /** Where everything not overridden goes: "address#port". */
  upstream: string;
  /** address=/name/ip lines: [name, ip]. */
  addresses?: [string, string][];
}

export function dnsmasqConfig(config: DnsmasqConfig, address: string, port: number): string {
  return [
    `port=${port}`,
    `listen-address=${address}`,
    'bind-interfaces',
    // Only what the test configures: no /etc/resolv.conf, no /etc/hosts.
    'no-resolv',
    'no-hosts',
    `server=${config.upstream}`,
    ...(config.addresses ?? []).map(([name, ip]) => `address=/${name}/${ip}`),
    'log-queries',
    'log-facility=-',
    '',
  ].join('\n');
}

export async function startDnsmasq(config: DnsmasqConfig, options: { dir: string; address: string; port: number }): Promise<Resolver> {
  const dnsmasq = findBinary('dnsmasq');
  if (!dnsmasq) throw new Error('dnsmasq is not installed (apt-get install dnsmasq)');
  mkdirSync(options.dir, { recursive: true });
  const conf = join(options.dir, 'dnsmasq.conf');
  writeFileSync(conf, dnsmasqConfig(config, options.address, options.port));
  const logFile = join(options.dir, 'dnsmasq.log');
  // -k: foreground; it logs "started" after binding its sockets.
  const daemon = await startDaemon(dnsmasq, ['-k', '-C', conf], { logFile, ready: async () => /started, version/.test(readLog(logFile)) });
  return { server: `${options.address}:${options.port}`, address: options.address, port: options.port, log: daemon.log, stop: daemon.stop };
}

function readLog(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}
