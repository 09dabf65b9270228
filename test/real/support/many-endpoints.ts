// N HTTPS endpoints, each a host name of its own on a loopback address of its
// own, with a DNS server that resolves them all: the model's dependencies at
// scale. Used by the load test and the benchmark.
import https from 'node:https';
import { createCa } from '../../../src/lab/ca.ts';
import { startDnsServer } from '../../../src/lab/dns-server.ts';
import { listenOnLoopback, type LoopbackServer } from '../../helpers/loopback-server.ts';

export interface ManyEndpoints {
  urls: string[];
  dnsServer: string;
  caPem: string;
  /** Connections accepted so far, over all endpoints (a healthy run opens one per host). */
  accepted(): number;
  stop(): Promise<void>;
}

export const LOAD_DOMAIN = 'load.aml-preflight.example';

export async function startManyEndpoints(count: number): Promise<ManyEndpoints> {
  const ca = await createCa('AML Preflight Load CA');
  const { certPem, keyPem } = await ca.issue([`*.${LOAD_DOMAIN}`]);
  const second = 100 + Math.floor(Math.random() * 100);
  const listening: LoopbackServer[] = [];
  const urls: string[] = [];
  let accepted = 0;
  const zone: Record<string, { a: string[] }> = {};
  const stop = async (): Promise<void> => {
    await Promise.all(listening.map((l) => l.close()));
  };
  try {
    for (let i = 0; i < count; i++) {
      const address = `127.${second}.${Math.floor(i / 250)}.${(i % 250) + 1}`;
      const host = `dep-${String(i).padStart(4, '0')}.${LOAD_DOMAIN}`;
      const server = https.createServer({ cert: certPem, key: keyPem }, (_req, res) => res.writeHead(204).end());
      server.on('connection', () => accepted++);
      const endpoint = await listenOnLoopback(server, 0, address);
      listening.push(endpoint);
      zone[host] = { a: [address] };
      urls.push(`https://${host}:${endpoint.port}/health`);
    }
    const dns = await startDnsServer(zone);
    return {
      urls,
      dnsServer: `${dns.address}:${dns.port}`,
      caPem: ca.certPem,
      accepted: () => accepted,
      stop: async () => {
        await Promise.all([stop(), dns.stop()]);
      },
    };
  } catch (e) {
    await stop();
    throw e;
  }
}
