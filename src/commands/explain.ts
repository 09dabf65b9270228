import { defineCommand, group } from '../cli/command.ts';
import { DISCOVERY, discoveryOptions } from '../cli/options/discovery.ts';
import { formatOption } from '../cli/options/output.ts';
import { profileFromArgs, TARGET } from '../cli/options/target.ts';
import { loadCatalog } from '../catalog/load.ts';
import type { Profile } from '../config/profile.ts';
import { EXIT, InputError } from '../errors.ts';
import { writeFileAtomic } from '../io/atomic-write.ts';
import { humanText } from '../report/terminal-text.ts';
import { readSnapshot, type Snapshot } from '../azure/snapshot.ts';

/** The snapshot and the target: discovered from the workspace or cluster, the profile and flags over it. */
async function inputs(
  values: Parameters<typeof profileFromArgs>[0] & Parameters<typeof discoveryOptions>[0],
): Promise<{ snapshot: Snapshot; profile: Profile; source: string }> {
  // {}: explain reads Azure itself (below), so the discovery flags are welcome here.
  const typed = profileFromArgs(values, {});
  const typedTarget = values.config !== undefined || typed.cluster?.apiServerFqdn !== undefined || typed.cluster?.name !== undefined;
  if (values['all-computes']) throw new InputError('explain: --all-computes: explain one compute at a time (--compute NAME)');
  if (values.workspace !== undefined || values.cluster !== undefined || (values['azure-snapshot'] !== undefined && !typedTarget)) {
    const { discover } = await import('../azure/discover/discover.ts');
    const d = await discover(discoveryOptions(values));
    for (const g of d.gaps) process.stderr.write(`note: azure: ${g}\n`);
    return {
      snapshot: d.snapshot,
      profile: profileFromArgs(values, d.targets[0]?.profile ?? {}),
      source: values['azure-snapshot'] ?? 'Azure Resource Manager',
    };
  }
  if (values['azure-snapshot'] === undefined)
    throw new InputError(
      'explain: needs the Azure configuration: --azure-snapshot FILE, or --workspace ID / --cluster ID to read it from Azure',
    );
  return { snapshot: readSnapshot(values['azure-snapshot']), profile: typed, source: values['azure-snapshot'] };
}

export const command = defineCommand({
  usage: ['--azure-snapshot FILE [-c PROFILE | --workspace ID --compute NAME | --cluster ID] [options]'],
  about: `Decides, from the customer's Azure configuration alone, whether each
requirement's traffic leaves the node subnet: private DNS, the subnet's NSG,
its routes, the Azure Firewall and its policy (with its base policy). Prints
the verdict, the rule that decides it, the path, and the smallest change that
opens what is denied. Exit 1 when a required requirement is denied.`,
  groups: [
    group(undefined, {
      output: formatOption(['table', 'json'], 'table on a terminal, json otherwise'),
      'output-file': { type: 'string', value: 'FILE', help: 'write the JSON there (atomically)' },
      'rules-file': { type: 'string', multiple: true, value: 'FILE', help: 'an extra rule set, repeatable' },
    }),
    TARGET,
    DISCOVERY,
  ],
  run: async (values) => {
    const format = values.output ?? (values['output-file'] || !process.stdout.isTTY ? 'json' : 'table');
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
  },
});
