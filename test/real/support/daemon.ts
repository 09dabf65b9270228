// A real server process (unbound, squid, a script in a namespace) started by
// a test: its output goes to a log file the failure message can quote, it is
// ready only when `ready()` says so, and stop() ends it (and only it, with
// its own children) by process group id, whatever state it is in.
import { spawn, type ChildProcess } from 'node:child_process';
import { openSync, closeSync, readFileSync } from 'node:fs';

export interface Daemon {
  pid: number;
  log(): string;
  stop(): Promise<void>;
}

export interface DaemonOptions {
  logFile: string;
  /** Resolves true once the daemon serves; polled until `readyTimeoutMs`. */
  ready: () => Promise<boolean>;
  readyTimeoutMs?: number;
  cwd?: string;
  /** The environment it runs with (default: this process's). */
  env?: NodeJS.ProcessEnv;
}

const alive = new Set<ChildProcess>();
// A test that crashes before its `after` hook must not leave servers behind.
process.once('exit', () => {
  for (const child of alive) killGroup(child, 'SIGKILL');
});

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

export async function startDaemon(command: string, args: string[], options: DaemonOptions): Promise<Daemon> {
  const out = openSync(options.logFile, 'a');
  // Its own process group: stop() reaches helpers it forks (squid's certificate generator).
  const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', out, out], detached: true });
  closeSync(out);
  alive.add(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.once('exit', () => alive.delete(child));
  let spawnError: Error | undefined;
  child.once('error', (e) => (spawnError = e));

  const log = (): string => {
    try {
      return readFileSync(options.logFile, 'utf8');
    } catch {
      return '';
    }
  };
  const stop = async (): Promise<void> => {
    killGroup(child, 'SIGTERM');
    const killed = setTimeout(() => killGroup(child, 'SIGKILL'), 3000);
    await exited;
    clearTimeout(killed);
    // Helpers that outlived their parent.
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // none left
    }
  };

  const until = Date.now() + (options.readyTimeoutMs ?? 10_000);
  for (;;) {
    if (spawnError) throw new Error(`${command} could not start: ${spawnError.message}`);
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `${command} ${args.join(' ')} exited (${child.exitCode ?? child.signalCode}) before it was ready:\n${log().slice(-2000)}`,
      );
    }
    if (await options.ready().catch(() => false)) break;
    if (Date.now() > until) {
      await stop();
      throw new Error(`${command} was not ready within ${options.readyTimeoutMs ?? 10_000} ms:\n${log().slice(-2000)}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return { pid: child.pid!, log, stop };
}
