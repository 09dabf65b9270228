import type { Command, Option } from './command.ts';

const INDENT = '  ';
// Where an option's help starts: the column today's hand-written help used.
const HELP_COLUMN = 29;

/** The --help text of a command, generated from its declaration. `path` is how it is called: ["cluster", "run"]. */
export function helpText(command: Command, path: readonly string[]): string {
  const name = ['aml-preflight', ...path].join(' ');
  const lines = usageLines(command).map((u, i) => `${i === 0 ? 'Usage: ' : '       '}${name} ${u}`);
  const blocks = [lines.join('\n')];
  if (command.about) blocks.push(command.about.trimEnd());
  const subs = Object.entries(command.subcommands ?? {});
  if (subs.length) {
    const width = Math.max(...subs.map(([n]) => n.length));
    blocks.push(['Commands:', ...subs.map(([n, e]) => `${INDENT}${n.padEnd(width)}  ${e.summary}`)].join('\n'));
  }
  for (const g of command.groups) {
    const options = Object.entries(g.options).map(([n, o]) => optionLines(n, o));
    if (options.length) blocks.push([...(g.title ? [g.title] : []), ...options].join('\n'));
  }
  if (subs.length) blocks.push(`Run ${name} <command> --help for its options.`);
  if (command.notes) blocks.push(command.notes.trimEnd());
  return `${blocks.join('\n\n')}\n`;
}

function usageLines(command: Command): readonly string[] {
  const own = command.usage ?? (command.run ? [`[options]${command.positionals ? ` ${command.positionals}` : ''}`] : []);
  return command.subcommands ? [...own, '<command> [options]'] : own;
}

/** One option's lines: the flag, its value's name, then its help (and default) at the help column. */
function optionLines(name: string, o: Option): string {
  const flag = `${o.short ? `-${o.short}, ` : ''}--${name}${o.value ? ` ${o.value}` : ''}`;
  const help =
    o.default === undefined
      ? o.help
      : o.help.endsWith(')')
        ? `${o.help.slice(0, -1)}; default: ${o.default})`
        : `${o.help} (default: ${o.default})`;
  const [first, ...rest] = help.split('\n');
  const indented = (l: string) => `${INDENT}${' '.repeat(HELP_COLUMN)}${l}`;
  // A flag too long for the column gets a line of its own, its help below.
  if (flag.length >= HELP_COLUMN - 1) return [`${INDENT}${flag}`, indented(first), ...rest.map(indented)].join('\n');
  return [`${INDENT}${flag.padEnd(HELP_COLUMN)}${first}`, ...rest.map(indented)].join('\n');
}
