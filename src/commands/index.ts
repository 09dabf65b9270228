export interface CommandModule {
  run(argv: string[]): Promise<number>;
}

interface CommandEntry {
  summary: string;
  load: () => Promise<CommandModule>;
}

/** Every command, imported lazily: the heavy SDKs load only for the commands that use them. */
export const COMMANDS: Record<string, CommandEntry> = {
  demo: { summary: 'run the full preflight against the embedded lab (no Azure, no cluster, no internet)', load: () => import('./demo.ts') },
  discover: { summary: 'read the target from Azure (a workspace and its computes, or a cluster) and print its profile (YAML)', load: () => import('./discover.ts') },
  check: { summary: 'check DNS and outbound reachability for a target, phase by phase', load: () => import('./check.ts') },
  rules: { summary: 'list the requirement catalog (rules list) or explain one requirement (rules explain ID)', load: () => import('./rules.ts') },
  cluster: { summary: 'run the preflight in pods on the cluster\'s node pools (cluster run), or print its manifests (cluster manifests)', load: () => import('./cluster.ts') },
  audit: { summary: 'check the cluster against the platform\'s rules, live or from kubectl output (--from-manifests)', load: () => import('./audit.ts') },
  capacity: { summary: 'the replicas azureml-fe needs for a load (rps x seconds / utilization / concurrency)', load: () => import('./capacity.ts') },
  serve: { summary: 'serve the checks as Prometheus metrics on /metrics, run on an interval or on scrape', load: () => import('./serve.ts') },
  defender: { summary: 'list the images serving models and make Microsoft Defender for Containers scan them (import triggers, findings queries)', load: () => import('./defender.ts') },
  report: { summary: 'render a saved JSON report in any format: the compact table, HTML with timeline and map, Markdown… (report --from FILE -o html)', load: () => import('./report.ts') },
  firewall: { summary: 'generate the outbound firewall rules the target needs (firewall generate), or apply them to an Azure Firewall Policy (firewall apply)', load: () => import('./firewall.ts') },
  explain: { summary: "decide each requirement from the customer's Azure configuration: private DNS, NSG, routes, Azure Firewall policy; the rule that decides, and the minimal fix", load: () => import('./explain.ts') },
};

export function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length));
  return [
    'aml-preflight: network preflight and compliance checks for AKS clusters serving Azure Machine Learning models',
    '',
    'Usage: aml-preflight <command> [options]',
    '',
    'Commands:',
    ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`),
    '',
    'Run aml-preflight <command> --help for the options of a command.',
    'Exit codes: 0 no check failed, 1 at least one check failed, 2 invalid input or usage.',
    '',
  ].join('\n');
}
