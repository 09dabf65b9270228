// A real nginx (Debian's nginx-light) on loopback: the stranger with a trusted
// certificate. It holds a lab-CA certificate for the name it impersonates and
// answers every request with one fixed page, as a default site or a
// mis-pointed DNS record would show it.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IssuedCert } from '../../../src/lab/ca.ts';
import { startDaemon } from './daemon.ts';
import { freePort } from './free-port.ts';
import { findBinary } from './prerequisites.ts';
import { acceptsTls } from './tls-ready.ts';

export interface Nginx {
  port: number;
  stop(): Promise<void>;
}

export async function startNginx(options: { dir: string; cert: IssuedCert; status: number; body: string }): Promise<Nginx> {
  const nginx = findBinary('nginx');
  if (!nginx) throw new Error('nginx is not installed');
  const { dir } = options;
  mkdirSync(join(dir, 'tmp'), { recursive: true });
  writeFileSync(join(dir, 'cert.pem'), options.cert.certPem);
  writeFileSync(join(dir, 'key.pem'), options.cert.keyPem, { mode: 0o600 });
  const port = await freePort();
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `${t}_temp_path ${join(dir, 'tmp', t)};`);
  writeFileSync(
    join(dir, 'nginx.conf'),
    [
      'daemon off;',
      'worker_processes 1;',
      `pid ${join(dir, 'nginx.pid')};`,
      `error_log ${join(dir, 'error.log')} warn;`,
      'events { worker_connections 64; }',
      'http {',
      '  access_log off;',
      ...temp.map((t) => `  ${t}`),
      `  server { listen 127.0.0.1:${port} ssl; ssl_certificate ${join(dir, 'cert.pem')}; ssl_certificate_key ${join(dir, 'key.pem')};`,
      `    location / { default_type text/plain; return ${options.status} ${JSON.stringify(options.body)}; } }`,
      '}',
      '',
    ].join('\n'),
  );
  const daemon = await startDaemon(nginx, ['-p', dir, '-e', join(dir, 'error.log'), '-c', join(dir, 'nginx.conf')], {
    logFile: join(dir, 'nginx.log'),
    ready: () => acceptsTls('127.0.0.1', port),
  });
  return { port, stop: daemon.stop };
}
