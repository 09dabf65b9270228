// A real mitmproxy (Debian's mitmdump) on loopback: a TLS-inspecting proxy
// that re-signs every tunnel with its own CA, as corporate egress does.
// `upstream`: hand every connection on to another proxy (the lab's squid,
// which knows the lab's names); otherwise mitmproxy resolves names itself.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { startDaemon } from './daemon.ts';
import { freePort } from './free-port.ts';
import { findBinary } from './prerequisites.ts';

export interface Mitmproxy {
  url: string;
  /** Its CA certificate (PEM), what a client must trust to accept its re-signed certificates. */
  caFile: string;
  caPem: string;
  stop(): Promise<void>;
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export async function startMitmproxy(options: { dir: string; originCaFile: string; upstream?: string }): Promise<Mitmproxy> {
  const binary = findBinary('mitmdump');
  if (!binary) throw new Error('mitmproxy is not installed');
  mkdirSync(options.dir, { recursive: true });
  const port = await freePort();
  const caFile = join(options.dir, 'mitmproxy-ca-cert.pem');
  const args = [
    '--listen-host',
    '127.0.0.1',
    '--listen-port',
    String(port),
    '--set',
    `confdir=${options.dir}`,
    // It verifies the origins as a real deployment does, against the lab's CA.
    '--set',
    `ssl_verify_upstream_trusted_ca=${options.originCaFile}`,
    '--quiet',
    ...(options.upstream ? ['--mode', `upstream:${options.upstream}`] : []),
  ];
  const daemon = await startDaemon(binary, args, {
    logFile: join(options.dir, 'mitmdump.out'),
    cwd: options.dir,
    ready: async () => existsSync(caFile) && (await listening(port)),
    readyTimeoutMs: 30_000,
  });
  return { url: `http://127.0.0.1:${port}`, caFile, caPem: readFileSync(caFile, 'utf8'), stop: daemon.stop };
}
