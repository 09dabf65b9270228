// Plain Node clients that report what a connection attempt ran into, the way
// the lab's faults are meant to be seen: as a TCP outcome, a TLS error code,
// or an HTTP answer.
import https from 'node:https';
import net from 'node:net';
import tls from 'node:tls';

export interface Target {
  host: string;
  address: string;
  port: number;
}

/** 'connected', 'timeout', or the error code (ECONNREFUSED...). */
export function tcpOutcome(address: string, port: number, timeoutMs: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: address, port });
    const done = (outcome: string) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(outcome);
    };
    const timer = setTimeout(() => done('timeout'), timeoutMs);
    socket.once('connect', () => done('connected'));
    socket.on('error', (error: NodeJS.ErrnoException) => done(error.code ?? error.message));
  });
}

export interface TlsOutcome {
  /** 'authorized', 'timeout', or why not (CERT_HAS_EXPIRED, ECONNRESET...). */
  outcome: string;
  /** The issuer of the certificate the server presented. */
  issuer?: Record<string, unknown>;
}

/** A TLS handshake to `target` with SNI `target.host`, trusting only `ca`.
 *  It completes even for a rejected certificate, so its issuer can be read. */
export function tlsOutcome(target: Target, ca: string, timeoutMs = 1000): Promise<TlsOutcome> {
  return new Promise((resolve) => {
    const socket = tls.connect({ host: target.address, port: target.port, servername: target.host, ca, rejectUnauthorized: false });
    const done = (result: TlsOutcome) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    const timer = setTimeout(() => done({ outcome: 'timeout' }), timeoutMs);
    socket.once('secureConnect', () =>
      done({
        outcome: socket.authorized ? 'authorized' : String(socket.authorizationError),
        issuer: { ...socket.getPeerCertificate().issuer },
      }),
    );
    socket.on('error', (error: NodeJS.ErrnoException) => done({ outcome: error.code ?? error.message }));
  });
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export function httpsGet(target: Target, path: string, ca: string): Promise<HttpResponse> {
  return new Promise((resolve, reject) => {
    const request = https.get(
      { host: target.address, port: target.port, servername: target.host, headers: { host: target.host }, path, ca, agent: false },
      (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
      },
    );
    request.on('error', reject);
  });
}
