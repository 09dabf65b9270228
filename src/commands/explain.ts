import { loadCatalog } from '../catalog/load.ts';
import type { Profile } from '../config/profile.ts';
import { EXIT, InputError } from '../errors.ts';
import { writeFileAtomic } from '../io/atomic-write.ts';
import { humanText } from '../report/terminal-text.ts';
import { readSnapshot, type Snapshot } from '../azure/snapshot.ts';
import { parseCommandArgs } from './args.ts';
import { discoveryOptions } from './discovery-flags.ts';
import { profileFromArgs, TARGET_HELP, TARGET_OPTIONS } from './target-flags.ts';

const HELP = `Usage: aml-preflight explain --azure-snapshot FILE [-c PROFILE | --workspace ID --compute NAME | --cluster ID] [options]

Decides, from the customer's Azure configuration alone, whether each
requirement's traffic leaves the node subnet: private DNS, the subnet's NSG,
its routes, the Azure Firewall and its policy (with its base policy). Prints
the verdict, the rule that decides it, the path, and the smallest change that
opens what is denied. Exit 1 when a required requirement is denied.

  -o, --output FORMAT          table | json (default: table on a terminal, json otherwise)
  --output-file FILE           write the JSON there (atomically)
  --rules-file FILE            an extra rule set, repeatable

${TARGET_HELP}`;

/** The snapshot and the target: discovered from the workspace or cluster, the profile and flags over it. */
async function inputs(values: Parameters<typeof profileFromArgs>[0] & Parameters<typeof discoveryOptions>[0]): Promise<{ snapshot: Snapshot; profile: Profile; source: string }> {
  // {}: explain reads Azure itself (below), so the discovery flags are welcome here.
  const typed = profileFromArgs(values, {});
  const typedTarget = values.config !== undefined || typed.cluster?.apiServerFqdn !== undefined || typed.cluster?.name !== undefined;
  if (values['all-computes']) throw new InputError('explain: --all-computes: explain one compute at a time (--compute NAME)');
  if (values.workspace !== undefined || values.cluster !== undefined || (values['azure-snapshot'] !== undefined && !typedTarget)) {
    const { discover } = await import('../azure/discover/discover.ts');
    const d = await discover(discoveryOptions(values));
    for (const g of d.gaps) process.stderr.write(`note: azure: ${g}\n`);
    return { snapshot: d.snapshot, profile: profileFromArgs(values, d.targets[0]?.profile ?? {}), source: values['azure-snapshot'] ?? 'Azure Resource Manager' };
  }
  if (values['azure-snapshot'] === undefined) throw new InputError('explain: needs the Azure configuration: --azure-snapshot FILE, or --workspace ID / --cluster ID to read it from Azure');
  return { snapshot: readSnapshot(values['azure-snapshot']), profile: typed, source: values['azure-snapshot'] };
}

export async function run(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs(argv, {
    ...TARGET_OPTIONS,
    output: { type: 'string', short: 'o' },
    'output-file': { type: 'string' },
    'rules-file': { type: 'string', multiple: true },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return EXIT.ok;
  }
  const format = values.output ?? (values['output-file'] || !process.stdout.isTTY ? 'json' : 'table');
  if (format !== 'table' && format !== 'json') throw new InputError(`--output: must be one of table, json (got ${JSON.stringify(format)})`);
  const catalog = loadCatalog(values['rules-file']);
  const { snapshot, profile, source } = await inputs(values);
  const [{ explain, explainFailed }, { minimalFix }, { explainDocument, formatExplainTable }] = await Promise.all([
    import('../azure/explain/explain.ts'),
    import('../azure/explain/minimal-fix.ts'),
    import('../azure/explain/format.ts'),
  ]);
  const explanation = explain(snapshot, profile, catalog, source);
  const doc = explainDocument(explanation, minimalFix(snapshot, profile, catalog, source), source);
  const json = `${JSON.stringify(doc, null, 2)}\n`;
  if (values['output-file']) {
    await writeFileAtomic(values['output-file'], json);
    process.stderr.write(`explanation written to ${values['output-file']} (json)\n`);
    if (process.stdout.isTTY) process.stdout.write(humanText(formatExplainTable(doc)));
  } else process.stdout.write(format === 'json' ? json : humanText(formatExplainTable(doc)));
  return explainFailed(explanation) ? EXIT.failed : EXIT.ok;
}
