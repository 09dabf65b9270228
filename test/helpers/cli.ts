import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../../bin/aml-preflight.js', import.meta.url));

export interface CliOptions {
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
  cwd?: string;
  /** Run inside this network namespace (ip netns exec). */
  netns?: string;
  /** Node flags before the script, e.g. --import a preload. */
  nodeArgs?: string[];
}

/** Runs the real CLI as a user would, with a hard deadline so a hang fails the test instead of stalling it. */
export function runCli(
  args: string[],
  options: CliOptions = {},
): Promise<{ code: number | null; stdout: string; stderr: string; wallMs: number }> {
  const argv = [...(options.nodeArgs ?? []), BIN, ...args];
  const [command, commandArgs] = options.netns
    ? ['ip', ['netns', 'exec', options.netns, process.execPath, ...argv]]
    : [process.execPath, argv];
  const limit = options.timeoutMs ?? 30_000;
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, commandArgs, {
      env: { ...process.env, NO_COLOR: '1', ...options.env },
      cwd: options.cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`aml-preflight ${args.join(' ')} did not finish in ${limit} ms\n${stderr}`));
    }, limit);
    child.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, wallMs: Math.round(performance.now() - started) });
    });
  });
}
