// A server is ready when it completes a TLS handshake (the certificate is not
// judged here: the checker does that).
import tls from 'node:tls';

export function acceptsTls(address: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = tls.connect({ host: address, port, rejectUnauthorized: false, timeout: 1000 });
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.once('secureConnect', () => done(true));
    socket.once('error', () => done(false));
    socket.once('timeout', () => done(false));
  });
}
