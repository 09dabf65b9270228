// One fake HTTPS service on a loopback address, healthy or with one of the
// faults a firewall, proxy or stale DNS record puts between a cluster and Azure.
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { startBlackhole } from './blackhole.ts';
import { createCa } from './ca.ts';
import type { IssuedCert, LabCa } from './ca.ts';
import { PLAIN_HTTP_SERVICES, serviceAnswer } from './services.ts';
import type { HttpAnswer, ServiceKind } from './services.ts';

export type EndpointFault =
  | 'ok'
  | 'refused'
  | 'reset'
  | 'blackhole'
  | 'inspected'
  | 'expired'
  | 'wrong-name'
  | 'silent'
  | 'firewall-deny'
  | 'wrong-service';

export interface EndpointSpec {
  host: string;
  service: ServiceKind;
  fault: EndpointFault;
  /** Any 127.x.y.z works on Linux without root. Default 127.0.0.1. */
  address?: string;
}

export interface LabEndpoint {
  host: string;
  address: string;
  port: number;
  fault: EndpointFault;
  /** Connections this endpoint has accepted so far: a healthy probe opens one per host. */
  accepted(): number;
  stop(): Promise<void>;
}

interface Listener {
  port: number;
  accepted(): number;
  stop(): Promise<void>;
}

const DAY = 86_400_000;

/** Listens on a random port; stop() also ends open connections, which a
 *  silent or blocked peer would otherwise hold forever. */
async function listen(server: net.Server, address: string): Promise<Listener> {
  const sockets = new Set<net.Socket>();
  let accepted = 0;
  server.on('connection', (socket: net.Socket) => {
    accepted++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, address, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as net.AddressInfo;
  const stop = () =>
    new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    });
  return { port, accepted: () => accepted, stop };
}

/** A port nobody listens on, so a connect gets an immediate RST. */
async function reservePort(address: string): Promise<Listener> {
  const { port, stop } = await listen(net.createServer(), address);
  await stop();
  return { port, accepted: () => 0, stop: async () => {} };
}

function certificate(spec: EndpointSpec, ca: LabCa): Promise<IssuedCert> {
  switch (spec.fault) {
    case 'expired':
      return ca.issue([spec.host], { notBefore: new Date(Date.now() - 90 * DAY), notAfter: new Date(Date.now() - DAY) });
    case 'wrong-name':
      return ca.issue(['other-service.contoso.example']);
    case 'inspected':
      // The right name, re-signed by the firewall's own CA, as TLS inspection does.
      return createCa('Contoso TLS Inspection CA', 'Contoso Firewall').then((firewallCa) => firewallCa.issue([spec.host]));
    default:
      return ca.issue([spec.host]);
  }
}

function answer(spec: EndpointSpec, path: string): HttpAnswer {
  switch (spec.fault) {
    case 'firewall-deny':
      // Azure Firewall's own page for a request no application rule allows.
      return {
        status: 470,
        headers: { 'content-type': 'text/plain' },
        body: `HTTP  request from 10.240.0.4:51234 to ${spec.host}:443. Action: Deny. No rule matched. Proceeding with default action`,
      };
    case 'wrong-service':
      // A valid certificate, but some other web server behind it.
      return { status: 200, headers: { 'content-type': 'text/html' }, body: '<html><body><h1>It works!</h1></body></html>' };
    default:
      return serviceAnswer(spec.service, spec.host, path);
  }
}

async function startHttps(spec: EndpointSpec, address: string, ca: LabCa): Promise<Listener> {
  if (PLAIN_HTTP_SERVICES.includes(spec.service)) {
    const server = http.createServer((req, res) => {
      const { status, headers, body } = answer(spec, new URL(req.url ?? '/', 'http://lab').pathname);
      res.writeHead(status, headers).end(body);
    });
    return listen(server, address);
  }
  const { certPem, keyPem } = await certificate(spec, ca);
  const server = https.createServer({ cert: certPem, key: keyPem, ALPNProtocols: ['http/1.1'] }, (req, res) => {
    const { status, headers, body } = answer(spec, new URL(req.url ?? '/', 'https://lab').pathname);
    res.writeHead(status, headers).end(body);
  });
  return listen(server, address);
}

function startListener(spec: EndpointSpec, address: string, ca: LabCa): Promise<Listener> {
  switch (spec.fault) {
    case 'refused':
      return reservePort(address);
    case 'blackhole':
      // It never accepts.
      return startBlackhole(address).then((hole) => ({ ...hole, accepted: () => 0 }));
    case 'reset':
      return listen(
        net.createServer((socket) => socket.resetAndDestroy()),
        address,
      );
    case 'silent':
      // Accepts TCP and never says a word: the TLS handshake waits forever.
      return listen(net.createServer(), address);
    default:
      return startHttps(spec, address, ca);
  }
}

export async function startEndpoint(spec: EndpointSpec, ca: LabCa): Promise<LabEndpoint> {
  const address = spec.address ?? '127.0.0.1';
  const { port, accepted, stop } = await startListener(spec, address, ca);
  return { host: spec.host, address, port, fault: spec.fault, accepted, stop };
}
