import { EXIT } from '../errors.ts';
import { runPreflight } from '../preflight.ts';
import { parseCommandArgs, parseIntFlag, parseMs } from './args.ts';
import { emitReport, OUTPUT_HELP, OUTPUT_OPTIONS } from './output.ts';
import { profileFromArgs, TARGET_HELP, TARGET_OPTIONS } from './target-flags.ts';

const HELP = `Usage: aml-preflight check [options]

Checks DNS and outbound reachability to every host the router and the models
need, phase by phase, and names the root cause.

${TARGET_HELP}
Run:
  --only PHASE|REQUIREMENT     check only these, repeatable
  --timeout MS                 deadline of each network step (default 5000)
  --deadline MS                deadline of the whole run (default max(30000, 6 x timeout))
  --concurrency N              checks in flight at once (default 32)
  --rules-file FILE            an extra rule set, repeatable

${OUTPUT_HELP}`;

export async function run(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs(argv, {
    ...TARGET_OPTIONS,
    ...OUTPUT_OPTIONS,
    only: { type: 'string', multiple: true },
    timeout: { type: 'string' },
    deadline: { type: 'string' },
    concurrency: { type: 'string' },
    'rules-file': { type: 'string', multiple: true },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return EXIT.ok;
  }
  const profile = profileFromArgs(values);
  const report = await runPreflight(profile, {
    only: values.only,
    timeoutMs: parseMs('timeout', values.timeout),
    deadlineMs: parseMs('deadline', values.deadline, 100, 3_600_000),
    concurrency: parseIntFlag('concurrency', values.concurrency, 1, 1024),
    extraRuleFiles: values['rules-file'],
  });
  await emitReport(report, values);
  return report.summary.fail > 0 ? EXIT.failed : EXIT.ok;
}
