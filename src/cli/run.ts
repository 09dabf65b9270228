import { EXIT, InputError } from '../errors.ts';
import type { Command } from './command.ts';
import { helpText } from './help.ts';
import { parseCommandLine } from './parse.ts';

const quoted = (names: string[]) =>
  names
    .map((n) => `"${n}"`)
    .join(', ')
    .replace(/, ([^,]*)$/, ' or $1');

/** Runs argv against a declaration: a subcommand's name first goes down to it, -h prints the
 *  generated help, anything else is parsed, checked and handed to `run`. `path` names the command. */
export async function runCommand(command: Command, path: readonly string[], argv: string[]): Promise<number> {
  const [first, ...rest] = argv;
  const subs = command.subcommands ?? {};
  if (first !== undefined && !first.startsWith('-') && Object.keys(subs).length) {
    const sub = subs[first];
    if (sub) return runCommand(await sub.load(), [...path, first], rest);
    if (path.length === 0) throw new InputError(`unknown command "${first}"; run aml-preflight --help`);
    if (command.positionals === undefined) {
      throw new InputError(
        `${path.join(' ')}: expected ${quoted(Object.keys(subs))} (got ${JSON.stringify(first)}); see aml-preflight ${path.join(' ')} --help`,
      );
    }
  }
  const { values, positionals } = parseCommandLine(command, argv);
  if (values.help) {
    process.stdout.write(helpText(command, path));
    return EXIT.ok;
  }
  if (!command.run) {
    // A command that only groups others, called alone: its help, as a usage error.
    process.stdout.write(helpText(command, path));
    return EXIT.input;
  }
  return command.run(values, positionals);
}
