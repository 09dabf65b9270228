// Azure, the customer's DNS server and their proxy, on loopback: real origins
// on port 443 of their own 127.x.y.z addresses (one per host, so only DNS
// tells them apart), a real unbound that resolves the target's names to them,
// its upstreams (one that refuses, one that never answers), and a real squid.
import dgram from 'node:dgram';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCa, type LabCa } from '../../../src/lab/ca.ts';
import { freePort } from './free-port.ts';
import { CLUSTER_FQDN, DEPENDENCY, KUSTO, MCR, TABLE, TARGET_HOSTS, TOKEN, zonesFor } from './lab-target.ts';
import { startOrigins, type OriginSpec, type Origins } from './origins.ts';
import { startSquid, type Squid } from './squid.ts';
import { startUnbound, type Resolver, type ResolverConfig } from './unbound.ts';

export interface LoopbackWorld {
  dir: string;
  caFile: string;
  ca: LabCa;
  /** host → the address of its healthy origin. */
  addresses: Record<string, string>;
  /** Origins that are not where DNS sends anyone, until a test's DNS does. */
  spare: { expiredTable: string; wrongServiceMcr: string; secondToken: string; wrongServiceApi: string };
  /** Azure's DNS as it should be: every host at its healthy origin. */
  healthyZones(): Record<string, string[]>;
  /** A healthy custom DNS server, for tests that change something else. */
  resolver: Resolver;
  /** Upstreams for conditional forwarders, as "address@port". */
  upstream: { refusing: string; silent: string };
  squid?: Squid;
  /** A resolver of its own for one test (stopped with the world if the test forgets). */
  startResolver(name: string, config: ResolverConfig): Promise<Resolver>;
  stop(): Promise<void>;
}

/** What the proxy's "auth" policy accepts (a password a report must never show). */
export const PROXY_CREDENTIALS = { user: 'aks-egress', password: 'S3cret-Proxy-Pa55' };

export const ALL_HOSTS = [...TARGET_HOSTS.map(([h]) => h), DEPENDENCY];

function randomBase(): string {
  return `127.${100 + Math.floor(Math.random() * 100)}.${1 + Math.floor(Math.random() * 250)}`;
}

export async function startLoopbackWorld(options: { squid?: boolean } = {}): Promise<LoopbackWorld> {
  const dir = mkdtempSync(join(tmpdir(), 'amlpf-real-'));
  // squid drops to its own user and must reach its files in here.
  chmodSync(dir, 0o755);
  const stops: (() => Promise<void>)[] = [];
  const stop = async (): Promise<void> => {
    for (const s of stops.splice(0).reverse()) await s().catch(() => {});
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const ca = await createCa('AML Preflight Real Lab CA', 'aml-preflight real lab');
    const caFile = join(dir, 'lab-ca.pem');
    writeFileSync(caFile, ca.certPem, { mode: 0o644 });

    // Port 443 on a random 127.x.y.0/24, tried again elsewhere if another test holds it.
    let base = '';
    let origins: Origins | undefined;
    for (let attempt = 0; !origins; attempt++) {
      base = randomBase();
      try {
        origins = await startOrigins(originSpecs(base), ca);
      } catch (e) {
        if (attempt >= 5 || (e as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw e;
      }
    }
    stops.push(origins.stop);
    const addresses = Object.fromEntries(ALL_HOSTS.map((host, i) => [host, `${base}.${10 + i}`]));
    const spare = { expiredTable: `${base}.40`, wrongServiceMcr: `${base}.41`, secondToken: `${base}.42`, wrongServiceApi: `${base}.43` };

    const resolvers = new Set<Resolver>();
    stops.push(async () => {
      await Promise.all([...resolvers].map((r) => r.stop()));
    });
    const startResolver = async (name: string, config: ResolverConfig): Promise<Resolver> => {
      const resolver = await startUnbound(config, { dir: join(dir, `dns-${name}`), address: '127.0.0.1', port: await freePort() });
      resolvers.add(resolver);
      return {
        ...resolver,
        stop: async () => {
          resolvers.delete(resolver);
          await resolver.stop();
        },
      };
    };

    // An upstream that refuses everything makes the resolver answer SERVFAIL.
    const refusing = await startResolver('upstream-refusing', { zones: {}, localZones: [['.', 'refuse']] });
    // An upstream that never answers: a bound socket nobody reads, so not even ICMP comes back.
    const silent = dgram.createSocket('udp4');
    await new Promise<void>((resolve) => silent.bind(0, '127.0.0.1', resolve));
    stops.push(() => new Promise<void>((resolve) => silent.close(() => resolve())));

    const healthyZones = () => zonesFor(addresses);
    const resolver = await startResolver('healthy', { zones: healthyZones() });

    let squid: Squid | undefined;
    if (options.squid) {
      const everything = ALL_HOSTS;
      squid = await startSquid({
        dir: join(dir, 'squid'),
        hosts: addresses,
        originCaFile: caFile,
        policies: [
          { name: 'open', allow: everything },
          { name: 'strict', allow: everything.filter((h) => h !== KUSTO) },
          { name: 'azfw', allow: everything, firewallDeny: [TOKEN] },
          { name: 'inspect', allow: everything, inspect: [TOKEN] },
          { name: 'auth', allow: everything, credentials: PROXY_CREDENTIALS },
        ],
      });
      stops.push(squid.stop);
    }

    return {
      dir,
      caFile,
      ca,
      addresses,
      spare,
      healthyZones,
      resolver,
      upstream: { refusing: `127.0.0.1@${refusing.port}`, silent: `127.0.0.1@${silent.address().port}` },
      squid,
      startResolver,
      stop,
    };
  } catch (e) {
    await stop();
    throw e;
  }
}

function originSpecs(base: string): OriginSpec[] {
  const services = new Map(TARGET_HOSTS);
  const healthy: OriginSpec[] = ALL_HOSTS.map((host, i) => ({
    host,
    service: services.get(host) ?? 'other',
    address: `${base}.${10 + i}`,
  }));
  return [
    ...healthy,
    { host: TABLE, service: 'storage', address: `${base}.40`, fault: 'expired' },
    { host: MCR, service: 'mcr', address: `${base}.41`, fault: 'wrong-service' },
    { host: TOKEN, service: 'azureml', address: `${base}.42` },
    { host: CLUSTER_FQDN, service: 'aks-api', address: `${base}.43`, fault: 'wrong-service' },
  ];
}
