import { EXIT, InputError } from '../errors.ts';

const HELP = `Usage: aml-preflight cluster <command> [options]

Commands:
  run         run the preflight in pods on the cluster's node pools and merge their reports
  manifests   print the Kubernetes manifests of an in-cluster run (GitOps)
  probe       what the pods run (the image's command)

Run aml-preflight cluster <command> --help for its options.
`;

// The subcommands live in src/cluster/cli/; each loads the Kubernetes client only when it needs it.
const SUBCOMMANDS: Record<string, () => Promise<(argv: string[]) => Promise<number>>> = {
  run: async () => (await import('../cluster/cli/run.ts')).clusterRun,
  manifests: async () => (await import('../cluster/cli/manifests.ts')).clusterManifests,
  probe: async () => (await import('../cluster/cli/probe.ts')).clusterProbe,
};

export async function run(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === undefined || sub === '--help' || sub === '-h') {
    process.stdout.write(HELP);
    return sub === undefined ? EXIT.input : EXIT.ok;
  }
  const load = SUBCOMMANDS[sub];
  if (!load) throw new InputError(`cluster: unknown command "${sub}" (known: ${Object.keys(SUBCOMMANDS).join(', ')})`);
  return (await load())(rest);
}
