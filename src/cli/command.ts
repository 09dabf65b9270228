// What a command is: one declaration. The parseArgs configuration, the --help
// text and the check of every value that has fixed choices (-o FORMAT among
// them) are all derived from it by src/cli/run.ts, so that no command parses,
// documents or validates its flags by hand.

/** One flag. `help` is today's help line (a "\n" continues it on the next line, indented);
 *  `default` is what happens without the flag, shown as "(default: …)". */
export interface Option {
  readonly type: 'string' | 'boolean';
  readonly multiple?: boolean;
  readonly short?: string;
  /** The value's name in the help: FILE, MS, FORMAT. */
  readonly value?: string;
  readonly help: string;
  readonly default?: string;
  /** The only values the flag takes: checked before the command runs (one line, exit 2). */
  readonly choices?: readonly string[];
}

export type Options = Readonly<Record<string, Option>>;

/** Flags shown together under one heading (Target, Run, Output, Cluster, …). */
export interface OptionGroup<O extends Options = Options> {
  readonly title?: string;
  readonly options: O;
}

/** A command as its parent lists it: the summary for the parent's help, and the declaration,
 *  loaded only when the command runs (or shows its help) so its imports cost nothing before. */
export interface CommandEntry {
  readonly summary: string;
  load(): Promise<Command>;
}

export type Value = string | boolean | string[] | undefined;

export interface Command {
  /** Usage lines after "aml-preflight <path> " (default: "[options]"). */
  readonly usage?: readonly string[];
  /** What the command does: the paragraphs between the usage and the options. */
  readonly about?: string;
  readonly groups: readonly OptionGroup[];
  /** The positional arguments' name in the usage (e.g. "OLD NEW"); without it, none are taken. */
  readonly positionals?: string;
  readonly subcommands?: Readonly<Record<string, CommandEntry>>;
  /** Lines after the options: exit codes, references. */
  readonly notes?: string;
  /** Runs the command without a subcommand; absent: the command only groups its subcommands. */
  readonly run?: (values: Readonly<Record<string, Value>>, positionals: string[]) => Promise<number>;
}

type ValueOf<O> = O extends { type: 'boolean' } ? boolean : O extends { multiple: true } ? string[] : string;

/** The parsed values of a set of options, typed by their declaration. */
export type ValuesOf<O extends Options> = { [K in keyof O]?: ValueOf<O[K]> };

type Merged<G extends readonly OptionGroup[]> = G extends readonly [infer H extends OptionGroup, ...infer T extends readonly OptionGroup[]]
  ? H['options'] & Merged<T>
  : unknown;

/** The parsed values of a command's groups. */
export type GroupValues<G extends readonly OptionGroup[]> = ValuesOf<Merged<G> & Options>;

interface CommandSpec<G extends readonly OptionGroup[]> extends Omit<Command, 'groups' | 'run'> {
  readonly groups: G;
  readonly run?: (values: GroupValues<G>, positionals: string[]) => Promise<number>;
}

/** Declares a command; `run` gets values typed by the declared options. */
export function defineCommand<const G extends readonly OptionGroup[]>(spec: CommandSpec<G>): Command {
  return spec as unknown as Command;
}

/** Declares a group of options, keeping each option's literal type for `GroupValues`. */
export function group<const O extends Options>(title: string | undefined, options: O): OptionGroup<O> {
  return title === undefined ? { options } : { title, options };
}

/** The same group with some of its options left out (a command that takes all but a few). */
export function without<O extends Options, K extends keyof O & string>(g: OptionGroup<O>, ...names: K[]): OptionGroup<Omit<O, K>> {
  const options = Object.fromEntries(Object.entries(g.options).filter(([name]) => !(names as string[]).includes(name))) as Omit<O, K>;
  return { ...g, options };
}

/** A subcommand declared in the same module as its parent. */
export const entry = (summary: string, command: Command): CommandEntry => ({ summary, load: async () => command });
