// The Azure services themselves, as seen from the cluster: HTTPS (or plain
// HTTP) servers on fixed addresses and ports (443 and 80, as the catalog and
// a proxy expect), each answering as the real service does (src/lab/services.ts).
// The faults here are the ones that belong to the server: a certificate that
// expired, or a web server that is not the service at all.
import http from 'node:http';
import https from 'node:https';
import type net from 'node:net';
import type { LabCa } from '../../../src/lab/ca.ts';
import { serviceAnswer, type HttpAnswer, type ServiceKind } from '../../../src/lab/services.ts';
import { listenOnLoopback } from '../../helpers/loopback-server.ts';

export interface OriginSpec {
  host: string;
  service: ServiceKind;
  address: string;
  port?: number;
  scheme?: 'https' | 'http';
  /** expired: the certificate's notAfter is past. wrong-service: a default web server page, not the service. */
  fault?: 'expired' | 'wrong-service';
}

export interface Origins {
  stop(): Promise<void>;
}

const DAY = 86_400_000;

function answer(spec: OriginSpec, path: string): HttpAnswer {
  if (spec.fault === 'wrong-service')
    return {
      status: 200,
      headers: { 'content-type': 'text/html', server: 'Apache/2.4.57 (Debian)' },
      body: '<html><body><h1>It works!</h1></body></html>',
    };
  return serviceAnswer(spec.service, spec.host, path);
}

async function startOne(spec: OriginSpec, ca: LabCa): Promise<() => Promise<void>> {
  const handler: http.RequestListener = (req, res) => {
    const { status, headers, body } = answer(spec, new URL(req.url ?? '/', 'http://origin').pathname);
    res.writeHead(status, headers).end(body);
  };
  let server: net.Server;
  if (spec.scheme === 'http') {
    server = http.createServer(handler);
  } else {
    const validity = spec.fault === 'expired' ? { notBefore: new Date(Date.now() - 90 * DAY), notAfter: new Date(Date.now() - DAY) } : {};
    const { certPem, keyPem } = await ca.issue([spec.host], validity);
    server = https.createServer({ cert: certPem, key: keyPem, ALPNProtocols: ['http/1.1'] }, handler);
  }
  const port = spec.port ?? (spec.scheme === 'http' ? 80 : 443);
  return (await listenOnLoopback(server, port, spec.address)).close;
}

export async function startOrigins(specs: OriginSpec[], ca: LabCa): Promise<Origins> {
  const started = await Promise.allSettled(specs.map((spec) => startOne(spec, ca)));
  const stops = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const stop = async (): Promise<void> => {
    await Promise.all(stops.map((s) => s()));
  };
  const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) {
    await stop();
    throw failed.reason;
  }
  return { stop };
}
