// A TCP port whose connects time out, as behind a firewall that drops packets,
// with no root and no iptables. A listener lives in a worker thread whose event
// loop is blocked, so it never accepts: once its accept queue is full, Linux
// drops every new SYN instead of answering it, and the client's connect hangs
// until its own deadline. A worker rather than a stopped child process: it
// dies with this process, even on Ctrl-C or SIGKILL, and needs no signals.
import { once } from 'node:events';
import net from 'node:net';
import { Worker } from 'node:worker_threads';

// Node turns backlog 0 into its default of 511, so ask for 1: the kernel then
// queues two connections and drops the SYNs after them.
const LISTENER = `
const { parentPort, workerData } = require('node:worker_threads');
const server = require('node:net').createServer();
server.listen({ host: workerData.address, port: 0, backlog: 1 }, () => {
  parentPort.postMessage(server.address().port);
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
});
`;

// A loopback connect completes in microseconds: one still pending after this
// long had its SYN dropped.
const PENDING_MS = 100;
const MAX_FILLERS = 8;

export interface Blackhole {
  port: number;
  stop(): Promise<void>;
}

/** Connects one filler; resolves false when the connect hangs, i.e. the queue is full. */
function fill(address: string, port: number, fillers: net.Socket[]): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: address, port });
    const timer = setTimeout(() => {
      socket.destroy();
      resolve(false);
    }, PENDING_MS);
    socket.once('connect', () => {
      clearTimeout(timer);
      fillers.push(socket);
      resolve(true);
    });
    // Stays attached: an error after connect must not crash the lab.
    socket.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

export async function startBlackhole(address: string): Promise<Blackhole> {
  const worker = new Worker(LISTENER, { eval: true, workerData: { address } });
  const fillers: net.Socket[] = [];
  const stop = async () => {
    for (const socket of fillers) socket.destroy();
    await worker.terminate();
  };
  try {
    const [port] = (await once(worker, 'message')) as [number];
    // Fill the queue until a connect hangs: that proves later ones will too.
    while (await fill(address, port, fillers)) {
      if (fillers.length > MAX_FILLERS) throw new Error(`blackhole on ${address}:${port}: the kernel keeps accepting connections`);
    }
    return { port, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
