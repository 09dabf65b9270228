// The commands, as `aml-preflight --help` lists them. Each one's declaration is
// imported only when it runs (or shows its help): this index imports none of
// them, so --help and check never load the Azure or Kubernetes SDK, nor the
// code of the other commands.
import { defineCommand, group, type Command, type CommandEntry } from '../cli/command.ts';
import { helpText } from '../cli/help.ts';
import { EXIT } from '../errors.ts';
import { TOOL } from '../tool.ts';

const COMMANDS: Record<string, CommandEntry> = {
  demo: {
    summary: 'run the full preflight against the embedded lab (no Azure, no cluster, no internet)',
    load: async () => (await import('./demo.ts')).command,
  },
  discover: {
    summary: 'read the target from Azure (a workspace and its computes, or a cluster) and print its profile (YAML)',
    load: async () => (await import('./discover.ts')).command,
  },
  check: {
    summary: 'check DNS and outbound reachability for a target, phase by phase',
    load: async () => (await import('./check.ts')).command,
  },
  rules: {
    summary: 'list the requirement catalog (rules list) or explain one requirement (rules explain ID)',
    load: async () => (await import('./rules.ts')).command,
  },
  cluster: {
    summary: "run the preflight in pods on the cluster's node pools (cluster run), or print its manifests (cluster manifests)",
    load: async () => (await import('./cluster.ts')).command,
  },
  audit: {
    summary: "check the cluster against the platform's rules, live or from kubectl output (--from-manifests)",
    load: async () => (await import('./audit.ts')).command,
  },
  capacity: {
    summary: 'the replicas azureml-fe needs for a load (rps x seconds / utilization / concurrency)',
    load: async () => (await import('./capacity.ts')).command,
  },
  serve: {
    summary: 'serve the checks as Prometheus metrics on /metrics, run on an interval or on scrape',
    load: async () => (await import('./serve.ts')).command,
  },
  defender: {
    summary: 'list the images serving models and make Microsoft Defender for Containers scan them (import triggers, findings queries)',
    load: async () => (await import('./defender.ts')).command,
  },
  report: {
    summary:
      'render a saved JSON report in any format: the compact table, HTML with timeline and map, Markdown… (report --from FILE -o html)',
    load: async () => (await import('./report.ts')).command,
  },
  firewall: {
    summary:
      'generate the outbound firewall rules the target needs (firewall generate), or apply them to an Azure Firewall Policy (firewall apply)',
    load: async () => (await import('./firewall.ts')).command,
  },
  explain: {
    summary:
      "decide each requirement from the customer's Azure configuration: private DNS, NSG, routes, Azure Firewall policy; the rule that decides, and the minimal fix",
    load: async () => (await import('./explain.ts')).command,
  },
};

/** The program itself: its commands, and --version. */
export const ROOT: Command = defineCommand({
  usage: [],
  about: 'Network preflight and compliance checks for AKS clusters serving Azure Machine Learning models.',
  subcommands: COMMANDS,
  groups: [group(undefined, { version: { type: 'boolean', short: 'v', help: 'print the version' } })],
  notes:
    'Exit codes: 0 no check failed, 1 at least one check failed, 2 invalid input or usage,\n' +
    '3 the environment (Kubernetes or Azure unreachable or refusing, no credential, a port in use,\n' +
    'Node too old), 4 internal error (AML_PREFLIGHT_DEBUG=1 prints its stack).',
  run: async (values) => {
    if (values.version) {
      process.stdout.write(`${TOOL.version}\n`);
      return EXIT.ok;
    }
    process.stdout.write(helpText(ROOT, []));
    return EXIT.input;
  },
});
