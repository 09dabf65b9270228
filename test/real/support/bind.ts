// A customer's custom DNS server as BIND: authoritative for the zones the
// test gives (public zones and privatelink zones side by side, the way a
// self-run DNS server holds them) and recursive for its clients, so it
// follows a CNAME from one of its zones into another. A root zone of its own
// answers everything else, so no query ever leaves the machine.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startDaemon } from './daemon.ts';
import { findBinary } from './prerequisites.ts';
import { zoneFile, type Resolver } from './unbound.ts';

export interface BindConfig {
  /** Zone name → records ("name. IN TYPE data"). */
  zones: Record<string, string[]>;
}

// The root zone's name server must have an address inside it, or named refuses to load it.
const ROOT = ['ns1.lab.aml-preflight.example. IN A 127.0.0.1'];

export function namedConfig(config: BindConfig, dir: string, address: string, port: number): string {
  const zones: Record<string, string[]> = { '.': ROOT, ...config.zones };
  mkdirSync(join(dir, 'zones'), { recursive: true });
  const lines = [
    'options {',
    `  directory "${dir}";`,
    `  listen-on port ${port} { ${address}; };`,
    '  listen-on-v6 { none; };',
    '  recursion yes;',
    '  allow-recursion { any; };',
    '  allow-query { any; };',
    '  dnssec-validation no;',
    '  notify no;',
    '  pid-file none;',
    '  session-keyfile none;',
    `  managed-keys-directory "${dir}";`,
    '};',
    // No rndc channel: nothing else listens.
    'controls { };',
  ];
  for (const [name, records] of Object.entries(zones)) {
    const file = join(dir, 'zones', `${name === '.' ? 'root' : name}.zone`);
    writeFileSync(file, zoneFile(name, records));
    lines.push(`zone "${name === '.' ? '.' : name.replace(/\.$/, '')}" { type primary; file "${file}"; };`);
  }
  return `${lines.join('\n')}\n`;
}

/** Starts named in the foreground in `dir` (its config, zone files and log). */
export async function startBind(config: BindConfig, options: { dir: string; address: string; port: number }): Promise<Resolver> {
  const named = findBinary('named');
  if (!named) throw new Error('named is not installed (apt-get install bind9)');
  mkdirSync(options.dir, { recursive: true });
  const conf = join(options.dir, 'named.conf');
  writeFileSync(conf, namedConfig(config, options.dir, options.address, options.port));
  const logFile = join(options.dir, 'named.log');
  // -g: foreground, log to stderr; "running" alone on a line comes once every zone is loaded and every socket bound.
  const daemon = await startDaemon(named, ['-g', '-4', '-c', conf], {
    logFile,
    ready: async () => /^\S+ \S+ running$/m.test(readLog(logFile)),
  });
  return { server: `${options.address}:${options.port}`, address: options.address, port: options.port, log: daemon.log, stop: daemon.stop };
}

function readLog(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}
