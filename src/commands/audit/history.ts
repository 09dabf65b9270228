import { formatHistory } from '../../audit/format.ts';
import { defineCommand, group } from '../../cli/command.ts';
import { parseIntFlag } from '../../cli/numbers.ts';
import { emitReport, formatOption } from '../../cli/options/output.ts';
import { EXIT, InputError } from '../../errors.ts';
import { writeHuman } from '../../report/terminal-text.ts';
import type { Report } from '../../types.ts';
import { openStore, STORE } from './store.ts';

export const command = defineCommand({
  about: 'Lists the kept audit runs, oldest first.',
  groups: [
    STORE,
    group('Output:', {
      output: formatOption(
        ['table', 'json', 'html'],
        'table',
        '; html draws the newest run\nwith the strip of the last --window runs: what broke, recovered, flaps',
      ),
      window: { type: 'string', value: 'K', help: 'runs in the html strip', default: '10' },
      'output-file': { type: 'string', value: 'FILE', help: 'write it there (atomically) instead of standard output' },
    }),
  ],
  run: async (values) => {
    const window = parseIntFlag('window', values.window, 2, 100) ?? 10;
    const { store } = await openStore(values);
    const runs = await store.list();
    if (values.output === 'html') {
      // The HTML report of the newest run, with the runs before it as its strip.
      if (!runs.length) throw new InputError(`no audit runs in ${store.describe}`);
      const reports: Report[] = [];
      for (const r of runs.slice(-window)) reports.push(await store.read(r.id));
      await emitReport(reports.at(-1)!, { output: 'html', 'output-file': values['output-file'] }, { history: reports.slice(0, -1) });
      return EXIT.ok;
    }
    if (values.output === 'json') process.stdout.write(`${JSON.stringify(runs, null, 2)}\n`);
    else writeHuman(process.stdout, formatHistory(runs, store.describe));
    return EXIT.ok;
  },
});
