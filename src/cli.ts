import { EnvironmentError, InputError, EXIT } from './errors.ts';
import { COMMANDS, usage } from './commands/index.ts';
import { TOOL } from './tool.ts';
import { guardStandardError } from './report/terminal-text.ts';

/** Entry point: dispatch to a command, loaded only when asked for so that `--help` and `check` start fast. */
export async function main(argv: string[]): Promise<number> {
  guardStandardError();
  // A reader that stops early (`| head`) is not an error: stop quietly, as cat does.
  for (const stream of [process.stdout, process.stderr]) stream.on('error', (e: NodeJS.ErrnoException) => e.code === 'EPIPE' && process.exit(process.exitCode ?? 0));
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage());
    return name === undefined ? EXIT.input : EXIT.ok;
  }
  if (name === '--version' || name === '-v') {
    process.stdout.write(`${TOOL.version}\n`);
    return EXIT.ok;
  }
  const command = COMMANDS[name];
  if (!command) throw new InputError(`unknown command "${name}"; run aml-preflight --help`);
  const module = await command.load();
  return module.run(rest);
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
