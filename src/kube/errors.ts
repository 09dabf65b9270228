// What went wrong talking to the API server, as a code a user can grep for:
// the wire answer (401, 403, 404, 409, 5xx) or the network error underneath.
import type { CodeOf } from '../codes.ts';
import { EnvironmentError, InputError } from '../errors.ts';
import { errorCode } from '../probes/deadline.ts';
import type { Kube } from './client.ts';

export type KubeErrorCode = CodeOf<'kubernetes'>;

export interface KubeFailure {
  code: KubeErrorCode;
  /** The HTTP status, when the server answered. */
  status?: number;
  message: string;
}

/** The Status object's message, whether client-node parsed the body or left it a string. */
function statusMessage(body: unknown): string | undefined {
  let b = body;
  if (typeof body === 'string') {
    try {
      b = JSON.parse(body);
    } catch {
      return body.trim().slice(0, 300) || undefined;
    }
  }
  const message = (b as { message?: unknown } | undefined)?.message;
  return typeof message === 'string' ? message : undefined;
}

export function kubeFailure(e: unknown, what: string, server: string): KubeFailure {
  const err = e as { code?: unknown; body?: unknown; name?: string; message?: string };
  // First: an aborted request is a DOMException whose numeric `code` (23 for a timeout) is not an HTTP status.
  if (err?.name === 'TimeoutError' || err?.name === 'AbortError') {
    return { code: 'K8S_UNREACHABLE', message: `${what}: no answer from the API server ${server} before the deadline` };
  }
  if (typeof err?.code === 'number') {
    const status = err.code;
    const said = statusMessage(err.body);
    const detail = said ? `: ${said}` : '';
    if (status === 401)
      return {
        code: 'K8S_UNAUTHORIZED',
        status,
        message: `${what}: the API server ${server} rejected the credentials (401 Unauthorized${detail}); the token is missing, expired or for another cluster`,
      };
    if (status === 403) return { code: 'K8S_FORBIDDEN', status, message: `${what}: forbidden (403${detail})` };
    if (status === 404) return { code: 'K8S_NOT_FOUND', status, message: `${what}: not found (404${detail})` };
    if (status === 409) return { code: 'K8S_CONFLICT', status, message: `${what}: conflict (409${detail})` };
    if (status === 400 || status === 422)
      return { code: 'K8S_INVALID', status, message: `${what}: rejected as invalid (${status}${detail})` };
    return { code: 'K8S_UNREACHABLE', status, message: `${what}: the API server ${server} failed (HTTP ${status}${detail})` };
  }
  const code = errorCode(e);
  const cause = code ?? (err?.message ?? String(e)).split('\n')[0];
  return { code: 'K8S_UNREACHABLE', message: `${what}: cannot reach the API server ${server} (${cause})` };
}

/** The error a command ends with when the API server could not be used: unreachable,
 *  refusing the credentials or the request is the environment (exit 3); an object that
 *  does not exist or a request the server calls invalid is the input (exit 2). */
export function kubeError(failure: KubeFailure, where?: string, hint = ''): EnvironmentError | InputError {
  const line = `${where ? `${where}: ` : ''}${failure.code}: ${failure.message}${hint}`;
  return failure.code === 'K8S_NOT_FOUND' || failure.code === 'K8S_INVALID'
    ? new InputError(line)
    : new EnvironmentError(line, failure.code);
}

export type KubeResult<T> = { ok: true; value: T } | { ok: false; failure: KubeFailure };

/** One API call under a deadline, its error turned into a coded failure instead of a throw. */
export async function kubeCall<T>(
  kube: Kube,
  what: string,
  limits: { timeoutMs: number; signal?: AbortSignal },
  call: (options: ReturnType<Kube['within']>) => Promise<T>,
): Promise<KubeResult<T>> {
  try {
    return { ok: true, value: await call(kube.within(limits.timeoutMs, limits.signal)) };
  } catch (e) {
    return { ok: false, failure: kubeFailure(e, what, kube.server) };
  }
}

/** For code that lets client-node throw: the wire answer was 404 / 409. */
export const isNotFound = (e: unknown) => (e as { code?: number })?.code === 404;
export const isConflict = (e: unknown) => (e as { code?: number })?.code === 409;
