// N HTTPS endpoints, each a host name of its own on a loopback address of its
// own, with a DNS server that resolves them all: the model's dependencies at
// scale. Used by the load test and the benchmark.
import https from 'node:https';
import type net from 'node:net';
import { createCa } from '../../../src/lab/ca.ts';
import { startDnsServer } from '../../../src/lab/dns-server.ts';

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
  const servers: https.Server[] = [];
  const sockets = new Set<net.Socket>();
  const urls: string[] = [];
  let accepted = 0;
  const zone: Record<string, { a: string[] }> = {};
  const stop = async (): Promise<void> => {
    for (const s of sockets) s.destroy();
    await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  };
  try {
    for (let i = 0; i < count; i++) {
      const address = `127.${second}.${Math.floor(i / 250)}.${(i % 250) + 1}`;
      const host = `dep-${String(i).padStart(4, '0')}.${LOAD_DOMAIN}`;
      const server = https.createServer({ cert: certPem, key: keyPem }, (_req, res) => res.writeHead(204).end());
      server.on('connection', (socket: net.Socket) => {
        accepted++;
        sockets.add(socket);
        socket.on('close', () => sockets.delete(socket));
        socket.on('error', () => {});
      });
      servers.push(server);
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(0, address, () => resolve());
      });
      zone[host] = { a: [address] };
      urls.push(`https://${host}:${(server.address() as net.AddressInfo).port}/health`);
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
