// A real tinyproxy on loopback, as small sites run it for egress: every host
// and port allowed, so whatever fails is beyond the proxy.
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { startDaemon } from './daemon.ts';
import { freePort } from './free-port.ts';
import { findBinary } from './prerequisites.ts';

export interface Tinyproxy {
  url: string;
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

export async function startTinyproxy(dir: string): Promise<Tinyproxy> {
  const binary = findBinary('tinyproxy');
  if (!binary) throw new Error('tinyproxy is not installed');
  mkdirSync(dir, { recursive: true });
  chmodSync(dir, 0o755);
  const port = await freePort();
  const conf = join(dir, 'tinyproxy.conf');
  // No Allow and no ConnectPort lines: every client, host and port may pass.
  writeFileSync(
    conf,
    [`Port ${port}`, 'Listen 127.0.0.1', 'Timeout 5', 'MaxClients 20', 'LogLevel Info', 'User nobody', 'Group nogroup', ''].join('\n'),
  );
  const daemon = await startDaemon(binary, ['-d', '-c', conf], {
    logFile: join(dir, 'tinyproxy.out'),
    cwd: dir,
    ready: () => listening(port),
  });
  return { url: `http://127.0.0.1:${port}`, stop: daemon.stop };
}
