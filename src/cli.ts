import { EnvironmentError, InputError, EXIT } from './errors.ts';
import { runCommand } from './cli/run.ts';
import { ROOT } from './commands/index.ts';
import { guardStandardError } from './report/terminal-text.ts';

/** Entry point: every command is a declaration (src/cli/), loaded only when asked for so that `--help` and `check` start fast. */
export async function main(argv: string[]): Promise<number> {
  guardStandardError();
  // A reader that stops early (`| head`) is not an error: stop quietly, as cat does.
  for (const stream of [process.stdout, process.stderr])
    stream.on('error', (e: NodeJS.ErrnoException) => e.code === 'EPIPE' && process.exit(process.exitCode ?? 0));
  // `aml-preflight help` is --help, as many tools take it.
  return runCommand(ROOT, [], argv[0] === 'help' ? ['--help', ...argv.slice(1)] : argv);
}

export function reportError(e: unknown): number {
  guardStandardError();
  if (e instanceof InputError || e instanceof EnvironmentError) {
    process.stderr.write(`aml-preflight: ${e.message}\n`);
    return e.exitCode;
  }
  // Anything else is our bug: one line for the user, the stack only on request.
  const err = e as Error;
  process.stderr.write(`aml-preflight: internal error: ${err?.message ?? String(e)}\n`);
  if (process.env.AML_PREFLIGHT_DEBUG) process.stderr.write(`${err?.stack}\n`);
  return EXIT.internal;
}
