// TLS: the handshake with the real SNI on the stream the TCP step opened
// (or a stream of its own when run alone), verified by the transport.

import type net from 'node:net';
import type tls from 'node:tls';
import type { ProbeOutcome } from '../types.ts';
import { openStream, secureStream, type StreamOptions } from './transport.ts';

export interface TlsProbeOptions extends StreamOptions {
  /** Extra PEM certificates trusted on top of the default roots. */
  ca?: string[];
  alpn?: string[];
}

/** The TLS step on `raw` (or on a stream of its own); on a pass, the verified socket (the caller destroys it). */
export async function handshakeTls(opts: TlsProbeOptions, raw?: net.Socket): Promise<{ outcome: ProbeOutcome; socket?: tls.TLSSocket }> {
  const started = performance.now();
  let stream = raw;
  let streamEvidence: Record<string, unknown> = {};
  if (!stream) {
    // Failing to even connect keeps its TCP_/PROXY_ code.
    const opened = await openStream(opts);
    if (!opened.ok) return { outcome: opened.outcome };
    stream = opened.socket;
    streamEvidence = opened.evidence;
  }
  const remaining = raw ? opts.timeoutMs : Math.max(0, opts.timeoutMs - (performance.now() - started));
  const result = await secureStream(stream, { ...opts, timeoutMs: remaining });
  const outcome = { ...result.outcome, evidence: { ...streamEvidence, ...result.outcome.evidence } };
  if (!raw) outcome.evidence.durationMs = Math.round(performance.now() - started);
  return result.ok ? { outcome, socket: result.socket } : { outcome };
}

/** A TLS check on its own: connect, handshake, judge the certificate, close. */
export async function probeTls(opts: TlsProbeOptions): Promise<ProbeOutcome> {
  const { outcome, socket } = await handshakeTls(opts);
  socket?.destroy();
  return outcome;
}
