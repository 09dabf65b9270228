// Run by stop.test.ts in a child process: a lab with every fault and clients
// left hanging on it, then stop(). The process must then exit by itself.
import { once } from 'node:events';
import net from 'node:net';
import tls from 'node:tls';
import type { EndpointFault } from '../../src/lab/endpoints.ts';
import { LAB_HOSTS, startLab } from '../../src/lab/lab.ts';

const FAULTS: EndpointFault[] = [
  'refused',
  'reset',
  'blackhole',
  'inspected',
  'expired',
  'wrong-name',
  'silent',
  'firewall-deny',
  'wrong-service',
];
const lab = await startLab({
  extraHosts: ['db.contoso.example'],
  faults: Object.fromEntries(Object.keys(LAB_HOSTS).map((host, i) => [host, { endpoint: FAULTS[i] }])),
});

const silent = lab.endpoints.find((e) => e.fault === 'silent')!;
const ok = lab.endpoints.find((e) => e.fault === 'ok')!;
const [dnsAddress, dnsPort] = lab.dnsServer.split(':');
const clients = [
  net.connect(Number(dnsPort), dnsAddress),
  net.connect(silent.port, silent.address),
  tls.connect({ host: ok.address, port: ok.port, servername: ok.host, ca: lab.caPem }),
];
await Promise.all(clients.map((c) => once(c, c instanceof tls.TLSSocket ? 'secureConnect' : 'connect')));
for (const c of clients) c.on('error', () => {});

// The parent times the exit from here.
process.stdout.write('stopping\n');
await lab.stop();
