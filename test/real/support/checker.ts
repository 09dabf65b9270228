// The checker as a user runs it: the real CLI, -o json, optionally inside a
// network namespace, with a hard deadline so a hang fails the test instead
// of stalling the suite.
import type { CheckResult, Report } from '../../../src/types.ts';
import { BIN, runCli } from '../../helpers/cli.ts';

export { BIN };

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

export async function runChecker(
  args: string[],
  options: { netns?: string; env?: Record<string, string>; timeoutMs?: number; nodeArgs?: string[] } = {},
): Promise<CheckerRun> {
  // cleanEnv already holds process.env without its proxy variables; runCli lays it over process.env, so blank those.
  const env = { ...Object.fromEntries(PROXY_VARIABLES.map((name) => [name, undefined])), ...cleanEnv(options.env) };
  const run = await runCli(['check', ...args], {
    netns: options.netns,
    nodeArgs: options.nodeArgs,
    env,
    timeoutMs: options.timeoutMs ?? 60_000,
  });
  let report: Report;
  try {
    report = JSON.parse(run.stdout) as Report;
  } catch {
    throw new Error(`aml-preflight exited ${run.code} without a JSON report:\n${run.stderr}\n${run.stdout.slice(0, 2000)}`);
  }
  const check = (id: string): CheckResult => {
    const found = report.checks.find((c) => c.id === id);
    if (!found) throw new Error(`no check ${id} in the report (have: ${report.checks.map((c) => c.id).join(', ')})`);
    return found;
  };
  return { ...run, report, check };
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
