// A real registry: Debian's docker-registry (the CNCF distribution registry,
// what MCR and ACR speak) on loopback, TLS with a lab-CA certificate. Open, it
// answers /v2/ as MCR does (200); with token auth, as ACR does (401 and the
// Bearer realm where a client would fetch its token).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IssuedCert } from '../../../src/lab/ca.ts';
import { startDaemon } from './daemon.ts';
import { freePort } from './free-port.ts';
import { findBinary } from './prerequisites.ts';
import { acceptsTls } from './tls-ready.ts';

export interface Registry {
  port: number;
  stop(): Promise<void>;
}

export async function startRegistry(options: { dir: string; cert: IssuedCert; caFile: string; tokenAuthFor?: string }): Promise<Registry> {
  const registry = findBinary('docker-registry');
  if (!registry) throw new Error('docker-registry is not installed');
  const { dir } = options;
  mkdirSync(join(dir, 'data'), { recursive: true });
  writeFileSync(join(dir, 'cert.pem'), options.cert.certPem);
  writeFileSync(join(dir, 'key.pem'), options.cert.keyPem, { mode: 0o600 });
  const port = await freePort();
  const service = options.tokenAuthFor;
  const config = [
    'version: 0.1',
    'log: { level: error, accesslog: { disabled: true } }',
    `storage: { filesystem: { rootdirectory: ${join(dir, 'data')} } }`,
    `http: { addr: "127.0.0.1:${port}", secret: lab-only, tls: { certificate: ${join(dir, 'cert.pem')}, key: ${join(dir, 'key.pem')} } }`,
    // The token issuer is never reached: /v2/ without a token is refused before any token is checked.
    ...(service
      ? [
          `auth: { token: { realm: "https://${service}/oauth2/token", service: ${service}, issuer: lab, rootcertbundle: ${options.caFile} } }`,
        ]
      : []),
    '',
  ].join('\n');
  writeFileSync(join(dir, 'config.yml'), config);
  const daemon = await startDaemon(registry, ['serve', join(dir, 'config.yml')], {
    logFile: join(dir, 'registry.log'),
    ready: () => acceptsTls('127.0.0.1', port),
  });
  return { port, stop: daemon.stop };
}
