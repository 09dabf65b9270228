// The checker as a user runs it: the real CLI, -o json, optionally inside a
// network namespace, with a hard deadline so a hang fails the test instead
// of stalling the suite.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { CheckResult, Report } from '../../../src/types.ts';

export const BIN = fileURLToPath(new URL('../../../bin/aml-preflight.js', import.meta.url));

export interface CheckerRun {
  code: number | null;
  stdout: string;
  stderr: string;
  wallMs: number;
  report: Report;
  check(id: string): CheckResult;
}

// The machine's own proxy settings must not leak into a test's network.
const PROXY_VARIABLES = ['http_proxy', 'HTTP_PROXY', 'https_proxy', 'HTTPS_PROXY', 'no_proxy', 'NO_PROXY', 'all_proxy', 'ALL_PROXY'];

export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  for (const name of PROXY_VARIABLES) delete env[name];
  return { ...env, ...extra };
}

export function runChecker(args: string[], options: { netns?: string; env?: Record<string, string>; timeoutMs?: number; nodeArgs?: string[] } = {}): Promise<CheckerRun> {
  const argv = [...(options.nodeArgs ?? []), BIN, 'check', ...args];
  const [command, commandArgs] = options.netns ? ['ip', ['netns', 'exec', options.netns, process.execPath, ...argv]] : [process.execPath, argv];
  const limit = options.timeoutMs ?? 60_000;
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, commandArgs as string[], { env: cleanEnv(options.env), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`aml-preflight check ${args.join(' ')} did not finish in ${limit} ms\n${stderr}`));
    }, limit);
    child.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      const wallMs = Math.round(performance.now() - started);
      let report: Report;
      try {
        report = JSON.parse(stdout) as Report;
      } catch {
        reject(new Error(`aml-preflight exited ${code} without a JSON report:\n${stderr}\n${stdout.slice(0, 2000)}`));
        return;
      }
      const check = (id: string): CheckResult => {
        const found = report.checks.find((c) => c.id === id);
        if (!found) throw new Error(`no check ${id} in the report (have: ${report.checks.map((c) => c.id).join(', ')})`);
        return found;
      };
      resolve({ code, stdout, stderr, wallMs, report, check });
    });
  });
}

/** Failing and warning checks as [id, code] pairs: what a user greps for. */
export function problems(report: Report): [string, string | undefined][] {
  return report.checks.filter((c) => c.status === 'fail' || c.status === 'warn').map((c) => [c.id, c.code]);
}

/** A compact view of a report for assertion messages. */
export function summary(report: Report): string {
  return report.checks
    .filter((c) => c.status !== 'skip' || c.blockedBy)
    .map((c) => `${c.status.padEnd(4)} ${c.id} ${c.code ?? ''} ${c.status === 'pass' ? '' : c.message}`)
    .join('\n');
}
