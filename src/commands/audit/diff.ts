import { existsSync, statSync } from 'node:fs';
import { diffRuns, somethingBroke } from '../../audit/diff.ts';
import { formatDrift } from '../../audit/format.ts';
import { defineCommand, group } from '../../cli/command.ts';
import { parseIntFlag } from '../../cli/numbers.ts';
import { formatOption } from '../../cli/options/output.ts';
import { EXIT, InputError } from '../../errors.ts';
import { readReportFile } from '../../report/read.ts';
import { writeHuman } from '../../report/terminal-text.ts';
import type { Report } from '../../types.ts';
import { openStore, STORE } from './store.ts';

const isFile = (p: string) => existsSync(p) && statSync(p).isFile();

export const command = defineCommand({
  usage: ['OLD NEW [options]', '--last [--window K] [options]'],
  positionals: 'OLD NEW',
  about: `Says what broke, what recovered and what flaps between audit runs. OLD and NEW
are report files (aml-preflight check -o json) or run ids (audit history).
--last compares the two newest kept runs and looks for flapping checks (status
changed in both directions) over the newest K runs.`,
  groups: [
    group(undefined, {
      last: { type: 'boolean', help: 'compare the two newest kept runs' },
      window: { type: 'string', value: 'K', help: 'runs to look at for flapping, with --last', default: '5' },
    }),
    STORE,
    group('Output:', { output: formatOption(['text', 'json'], 'text') }),
  ],
  notes: 'Exit codes: 0 nothing new broke, 1 a check fails now that did not fail before, 2 invalid input.',
  run: async (values, positionals) => {
    const window = parseIntFlag('window', values.window, 2, 100);
    let runs: { id: string; report: Report }[];
    if (values.last) {
      if (positionals.length) throw new InputError('--last compares the two newest kept runs: give either --last or OLD NEW, not both');
      const { store } = await openStore(values);
      const kept = await store.list();
      if (kept.length < 2) throw new InputError(`--last needs two kept runs; ${store.describe} holds ${kept.length}`);
      const chosen = kept.slice(-(window ?? 5));
      runs = [];
      for (const r of chosen) runs.push({ id: r.id, report: await store.read(r.id) });
    } else {
      if (positionals.length !== 2) throw new InputError('give two runs to compare (OLD NEW: report files or run ids), or --last');
      if (window !== undefined) throw new InputError('--window: only with --last');
      const needStore = positionals.some((p) => !isFile(p));
      const store = needStore ? (await openStore(values)).store : undefined;
      runs = [];
      for (const p of positionals) runs.push(isFile(p) ? { id: p, report: readReportFile(p) } : { id: p, report: await store!.read(p) });
    }
    const drift = diffRuns(runs);
    if (values.output === 'json') process.stdout.write(`${JSON.stringify(drift, null, 2)}\n`);
    else writeHuman(process.stdout, formatDrift(drift));
    return somethingBroke(drift) ? EXIT.failed : EXIT.ok;
  },
});
