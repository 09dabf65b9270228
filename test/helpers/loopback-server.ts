// The one socket-server harness for tests: a server listening on 127.0.0.1 that
// tracks every connection it accepts, so stopping it ends them all (a test that
// leaves a socket open keeps node --test from finishing).
import net from 'node:net';

export interface LoopbackServer {
  port: number;
  /** Ends every connection the server holds, then waits for it to close. */
  close(): Promise<void>;
}

/**
 * Listens on 127.0.0.1 (or `address`, a namespace's own in the netns tests), on a free port unless given.
 * Works for net, tls, http and https servers; fails if the port is taken.
 */
export async function listenOnLoopback(server: net.Server, port = 0, address = '127.0.0.1'): Promise<LoopbackServer> {
  const sockets = new Set<net.Socket>();
  server.on('connection', (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {}); // a client that gives up mid-handshake is what many tests do on purpose
  });
  server.on('tlsClientError', () => {});
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, address, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    port: (server.address() as net.AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A port nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const { port, close } = await listenOnLoopback(net.createServer());
  await close();
  return port;
}
