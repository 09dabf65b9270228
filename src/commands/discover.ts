import { defineCommand, group } from '../cli/command.ts';
import { DISCOVERY, discoveryOptions } from '../cli/options/discovery.ts';
import { EXIT, InputError } from '../errors.ts';
import { writeFileAtomic } from '../io/atomic-write.ts';

export const command = defineCommand({
  usage: ['--workspace ID [--compute NAME | --all-computes] [options]', '--cluster ID [options]'],
  about: `Reads the target from Azure Resource Manager (read-only, with DefaultAzureCredential:
az login, environment, workload or managed identity) and prints it as a target
profile (YAML, the schema of -c): review it, save it, pass it to every command.
What ARM says that the profile has no key for, what could not be read, and the
hosts Azure lists that the catalog has no requirement for are comments above it.`,
  groups: [
    DISCOVERY,
    group('Output:', {
      'output-file': { type: 'string', value: 'FILE', help: 'write the profile there (atomically) instead of standard output' },
      'save-snapshot': {
        type: 'string',
        value: 'FILE',
        help: 'also write the ARM resources that were read (a JSON array), for --azure-snapshot',
      },
    }),
  ],
  notes: `Exit codes: 0 discovered, 2 invalid input (a malformed id, a resource that does not exist),
3 Azure could not be read (no credential, not allowed, unreachable, throttled).`,
  run: async (values) => {
    if (values['save-snapshot'] && values['azure-snapshot'])
      throw new InputError('--save-snapshot writes what was read from ARM: it makes no sense with --azure-snapshot');
    const options = discoveryOptions(values);
    const { discover } = await import('../azure/discover/discover.ts');
    const { renderProfiles } = await import('../azure/discover/render.ts');
    const d = await discover(options);
    const source = options.snapshotFile ?? options.root.workspace ?? options.root.cluster ?? 'Azure';
    const text = renderProfiles(d, options.snapshotFile ? `snapshot ${options.snapshotFile}` : `Azure Resource Manager, ${source}`);
    const log = (line: string) => process.stderr.write(`aml-preflight discover: ${line}\n`);
    if (values['save-snapshot']) {
      await writeFileAtomic(values['save-snapshot'], `${JSON.stringify(d.snapshot.resources, null, 2)}\n`);
      log(`${d.snapshot.resources.length} ARM resources written to ${values['save-snapshot']}`);
    }
    if (values['output-file']) {
      await writeFileAtomic(values['output-file'], text);
      log(`${d.targets.length === 1 ? 'profile' : `${d.targets.length} profiles`} written to ${values['output-file']}`);
    } else {
      process.stdout.write(text);
    }
    const warnings = d.gaps.length + d.targets.reduce((n, t) => n + t.unlisted.length, 0);
    if (warnings) log(`${warnings} warning(s): see the comments in the profile`);
    return EXIT.ok;
  },
});
