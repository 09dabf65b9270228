import { parseArgs, type ParseArgsConfig } from 'node:util';
import { InputError } from '../errors.ts';
import type { Command, Value } from './command.ts';

type ParseOptions = NonNullable<ParseArgsConfig['options']>;

/** The parseArgs options of a command: every declared option, and -h/--help. */
export function parseConfig(command: Command): ParseOptions {
  const options: ParseOptions = {};
  for (const g of command.groups) {
    for (const [name, o] of Object.entries(g.options)) {
      // Two groups declaring one flag is a declaration bug: the help would show it twice.
      if (name in options) throw new Error(`option --${name} is declared twice`);
      options[name] = { type: o.type, ...(o.multiple ? { multiple: true } : {}), ...(o.short ? { short: o.short } : {}) };
    }
  }
  if ('help' in options) throw new Error("option --help is the frame's");
  options.help = { type: 'boolean', short: 'h' };
  return options;
}

/** Parses argv by the declaration: bad flags and values outside an option's choices are one-line input errors (exit 2). */
export function parseCommandLine(command: Command, argv: string[]): { values: Record<string, Value>; positionals: string[] } {
  const parsed = parseStrict(command, argv);
  const values = parsed.values as Record<string, Value>;
  if (!values.help) checkChoices(command, values);
  return { values, positionals: parsed.positionals };
}

function parseStrict(command: Command, argv: string[]) {
  try {
    return parseArgs({ args: argv, options: parseConfig(command), allowPositionals: command.positionals !== undefined, strict: true });
  } catch (e) {
    // parseArgs explains at length how to pass a value starting with "-"; the first line says what is wrong.
    throw new InputError((e as Error).message.split('\n')[0].replace(/\. To specify a positional argument.*$/s, ''));
  }
}

function checkChoices(command: Command, values: Record<string, Value>): void {
  for (const g of command.groups) {
    for (const [name, o] of Object.entries(g.options)) {
      const given = values[name];
      if (!o.choices || typeof given === 'boolean' || given === undefined) continue;
      const bad = (Array.isArray(given) ? given : [given]).find((v) => !o.choices!.includes(v));
      if (bad !== undefined) throw new InputError(`--${name}: must be one of ${o.choices.join(', ')} (got ${JSON.stringify(bad)})`);
    }
  }
}
