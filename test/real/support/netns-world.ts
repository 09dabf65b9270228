// The firewall lab: the checker in the node's namespace, Azure (origins and
// the custom DNS server, a real unbound on port 53) in the other, and
// nftables rules in front of Azure that each test sets.
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startDaemon } from './daemon.ts';
import { TARGET_HOSTS, zonesFor } from './lab-target.ts';
import { AZURE_PREFIX, CLIENT_ADDRESS, createNamespaces, type Namespaces } from './netns.ts';
import type { OriginSpec } from './origins.ts';
import { startUnbound } from './unbound.ts';

export interface NetnsWorld {
  ns: Namespaces;
  caFile: string;
  /** "198.18.0.53:53". */
  dnsServer: string;
  addresses: Record<string, string>;
  stop(): Promise<void>;
}

export const DNS_ADDRESS = `${AZURE_PREFIX}.53`;
const AZURE_SIDE = fileURLToPath(new URL('./azure-side.ts', import.meta.url));

/** `extraHttpHosts`: plain-HTTP origins on port 80 (a model's http:// dependency). */
export async function startNetnsWorld(tag: string, extraHttpHosts: string[] = []): Promise<NetnsWorld> {
  const dir = mkdtempSync(join(tmpdir(), 'amlpf-real-netns-'));
  chmodSync(dir, 0o755);
  const origins: OriginSpec[] = [
    ...TARGET_HOSTS.map(([host, service], i): OriginSpec => ({ host, service, address: `${AZURE_PREFIX}.${10 + i}` })),
    ...extraHttpHosts.map((host, i): OriginSpec => ({ host, service: 'other', address: `${AZURE_PREFIX}.${40 + i}`, scheme: 'http' })),
  ];
  const addresses = Object.fromEntries(origins.map((o) => [o.host, o.address]));
  const stops: (() => Promise<void>)[] = [];
  const stop = async (): Promise<void> => {
    for (const s of stops.splice(0).reverse()) await s().catch(() => {});
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const ns = await createNamespaces(tag, [...origins.map((o) => o.address), DNS_ADDRESS]);
    stops.push(ns.destroy);
    const caFile = join(dir, 'lab-ca.pem');
    const specFile = join(dir, 'azure-side.json');
    writeFileSync(specFile, JSON.stringify({ caFile, origins }));
    const logFile = join(dir, 'azure-side.log');
    const side = await startDaemon('ip', ['netns', 'exec', ns.azure, process.execPath, AZURE_SIDE, specFile], {
      logFile,
      ready: async () => readFileSync(logFile, 'utf8').includes('ready'),
      readyTimeoutMs: 20_000,
    });
    stops.push(side.stop);
    const dns = await startUnbound(
      { zones: zonesFor(addresses), allow: [`${CLIENT_ADDRESS}/32`] },
      { dir: join(dir, 'dns'), address: DNS_ADDRESS, port: 53, netns: ns.azure },
    );
    stops.push(dns.stop);
    return { ns, caFile, dnsServer: `${DNS_ADDRESS}:53`, addresses, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}
