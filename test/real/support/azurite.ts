// The real Azure Storage emulator: Azurite (a devDependency) on loopback, blob,
// queue and table, TLS with a lab-CA certificate, serving the lab's storage
// account by its production-style host name (demostore.blob.core.windows.net).
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { IssuedCert } from '../../../src/lab/ca.ts';
import { startDaemon } from './daemon.ts';
import { freePort } from './free-port.ts';
import { acceptsTls } from './tls-ready.ts';

export interface Azurite {
  ports: { blob: number; queue: number; table: number };
  stop(): Promise<void>;
}

/** Azurite's entry point, or undefined when the devDependency is not installed. */
export function azuriteEntry(): string | undefined {
  try {
    return join(createRequire(import.meta.url).resolve('azurite/package.json'), '..', 'dist', 'src', 'azurite.js');
  } catch {
    return undefined;
  }
}

export async function startAzurite(options: { dir: string; cert: IssuedCert; account: string }): Promise<Azurite> {
  const entry = azuriteEntry();
  if (!entry) throw new Error('azurite is not installed (npm install)');
  const { dir } = options;
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'cert.pem'), options.cert.certPem);
  writeFileSync(join(dir, 'key.pem'), options.cert.keyPem, { mode: 0o600 });
  const ports = { blob: await freePort(), queue: await freePort(), table: await freePort() };
  // Azurite knows only its development account unless told of others: "name:base64 key".
  const env = { ...process.env, AZURITE_ACCOUNTS: `${options.account}:${Buffer.from(`${options.account}-lab-key`).toString('base64')}` };
  const args = [
    entry,
    '--inMemoryPersistence',
    '--disableTelemetry',
    '--silent',
    '--skipApiVersionCheck',
    '--cert',
    join(dir, 'cert.pem'),
    '--key',
    join(dir, 'key.pem'),
    '--blobHost',
    '127.0.0.1',
    '--blobPort',
    String(ports.blob),
    '--queueHost',
    '127.0.0.1',
    '--queuePort',
    String(ports.queue),
    '--tableHost',
    '127.0.0.1',
    '--tablePort',
    String(ports.table),
  ];
  const ready = async (): Promise<boolean> =>
    (await Promise.all(Object.values(ports).map((p) => acceptsTls('127.0.0.1', p)))).every(Boolean);
  // The Node running this test (24), not whatever `node` is on PATH.
  const daemon = await startDaemon(process.execPath, args, {
    logFile: join(dir, 'azurite.log'),
    ready,
    readyTimeoutMs: 30_000,
    cwd: dir,
    env,
  });
  return { ports, stop: daemon.stop };
}
