// A port free for both TCP and UDP on an address: DNS servers need the pair.
import dgram from 'node:dgram';
import net from 'node:net';

function tcpPort(address: string, port = 0): Promise<number | undefined> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(undefined));
    server.listen(port, address, () => {
      const { port: got } = server.address() as net.AddressInfo;
      server.close(() => resolve(got));
    });
  });
}

function udpFree(address: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = dgram.createSocket('udp4');
    socket.once('error', () => resolve(false));
    socket.bind(port, address, () => socket.close(() => resolve(true)));
  });
}

export async function freePort(address = '127.0.0.1'): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const port = await tcpPort(address);
    if (port !== undefined && (await udpFree(address, port))) return port;
  }
  throw new Error(`no free TCP+UDP port on ${address}`);
}
