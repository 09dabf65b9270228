// TCP reachability: connect to the address DNS gave (never the name), or
// through an HTTP proxy with CONNECT, exactly as the real clients would. The
// transport opens the stream; this step adds the wait for an immediate reset.

import type net from 'node:net';
import type { ProbeOutcome } from '../types.ts';
import { errorMessage } from './deadline.ts';
import { describeProxy } from './proxy.ts';
import { openStream, settleWindowMs, targetText, watchForReset, type StreamOptions } from './transport.ts';

export interface TcpOptions extends StreamOptions {
  /** A TLS handshake or a request follows on this socket: wait for a reset one round trip, not the full window. */
  carriesRequest?: boolean;
}

/** The TCP step; on a pass, the open socket for the steps after it (the caller destroys it). */
export async function connectTcp(opts: TcpOptions): Promise<{ outcome: ProbeOutcome; socket?: net.Socket }> {
  try {
    const started = performance.now();
    const opened = await openStream(opts);
    if (!opened.ok) return { outcome: opened.outcome };

    const { socket, evidence } = opened;
    const connectMs = performance.now() - started;
    const remaining = Math.max(0, opts.timeoutMs - connectMs);
    const resetCode = await watchForReset(
      socket,
      Math.min(settleWindowMs(connectMs, opts.carriesRequest === true), remaining),
      opts.signal,
    );
    if (resetCode) {
      socket.destroy();
      return {
        outcome: {
          status: 'fail',
          code: 'TCP_RESET',
          message: `connection to ${targetText(opts)} was accepted and then reset (${resetCode}): a firewall or proxy in the path rejects it after the handshake`,
          evidence,
        },
      };
    }
    const message = !opts.proxy
      ? `connected to ${targetText(opts)} in ${String(evidence.durationMs)} ms`
      : opts.forward
        ? `connected to proxy ${describeProxy(opts.proxy)} in ${String(evidence.durationMs)} ms (it forwards plain HTTP to ${opts.host}:${opts.port} itself)`
        : `tunnel to ${opts.host}:${opts.port} opened through proxy ${describeProxy(opts.proxy)} in ${String(evidence.durationMs)} ms`;
    return { outcome: { status: 'pass', message, evidence }, socket };
  } catch (err) {
    return {
      outcome: {
        status: 'fail',
        code: 'TCP_UNREACHABLE',
        message: `TCP probe of ${targetText(opts)} failed unexpectedly: ${errorMessage(err)}`,
        evidence: { address: opts.address, port: opts.port },
      },
    };
  }
}

/** A TCP check on its own: connect, wait for a reset, close. */
export async function probeTcp(opts: TcpOptions): Promise<ProbeOutcome> {
  const { outcome, socket } = await connectTcp(opts);
  socket?.destroy();
  return outcome;
}
