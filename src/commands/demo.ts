import { defineCommand, group } from '../cli/command.ts';
import { parseMs } from '../cli/numbers.ts';
import { emitReport, fileFormat, REPORT_OUTPUT } from '../cli/options/output.ts';
import { EXIT } from '../errors.ts';
import { DEMO_EXPECTED, DEMO_FAULTS, type ExpectedOutcome } from '../lab/demo-scenario.ts';
import { EXTENSION_EXPECTED, EXTENSION_FAULTS, EXTENSION_LAB_HOSTS, extensionTarget } from '../lab/extension-scenario.ts';
import { startLab, type HostFault } from '../lab/lab.ts';
import type { ServiceKind } from '../lab/services.ts';
import type { Profile } from '../config/profile.ts';
import { runPreflight } from '../preflight.ts';
import { withProgress } from '../report/progress.ts';
import type { Report } from '../types.ts';

interface Scenario {
  faults: Readonly<Record<string, HostFault>>;
  expected: readonly ExpectedOutcome[];
  hosts?: Readonly<Record<string, ServiceKind>>;
  target(labTarget: Profile): Profile;
}

/** The labs the demo can start: the v1 router's, and the Azure ML extension's. */
const SCENARIOS: Record<string, Scenario> = {
  v1: { faults: DEMO_FAULTS, expected: DEMO_EXPECTED, target: (t) => t },
  extension: { faults: EXTENSION_FAULTS, expected: EXTENSION_EXPECTED, hosts: EXTENSION_LAB_HOSTS, target: extensionTarget },
};

export const command = defineCommand({
  about: `Starts an embedded lab on loopback (a custom DNS server and HTTPS endpoints
that play MCR, ACR, storage, api.azureml.ms, Kusto and the AKS API of a made-up
cluster behind a realistically broken firewall), runs the full preflight
against it and prints the report. Needs no root, no Azure and no internet.
Exits 0 when the lab behaved as designed (every planted fault found, nothing else).`,
  groups: [
    group(undefined, {
      scenario: {
        type: 'string',
        value: 'NAME',
        help: 'v1 (default): the azureml-fe router (rule set aml);\nextension: the Azure ML extension, v2 (rule set aml-extension)',
        choices: Object.keys(SCENARIOS),
      },
      timeout: { type: 'string', value: 'MS', help: 'deadline of each network step', default: '2000' },
    }),
    REPORT_OUTPUT,
  ],
  run: async (values) => {
    const timeoutMs = parseMs('timeout', values.timeout) ?? 2000;
    const scenario = SCENARIOS[values.scenario ?? 'v1'];
    const lab = await startLab({ faults: { ...scenario.faults }, hosts: scenario.hosts });
    try {
      const report = await withProgress((onCheckDone) =>
        runPreflight(
          { ...scenario.target(lab.target), dns: { servers: [lab.dnsServer] }, connectTo: lab.connectTo },
          { timeoutMs, caPems: [lab.caPem], env: {}, onCheckDone },
        ),
      );
      // The demo is read by a person, even in a CI log: a table unless asked otherwise.
      await emitReport(report, {
        ...values,
        output: values.output ?? (values['output-file'] ? fileFormat(values['output-file']) : 'table'),
      });
      const problems = verdict(report, scenario.expected);
      process.stderr.write(
        problems.length
          ? `The lab did NOT behave as designed:\n${problems.map((p) => `  - ${p}`).join('\n')}\n`
          : // One line that fits an 80-column terminal, like the report above it.
            `The lab behaved as designed: all ${scenario.expected.length} planted faults were found, no other failure.\n`,
      );
      return problems.length ? EXIT.failed : EXIT.ok;
    } finally {
      await lab.stop();
    }
  },
});

/** Compares the report with the faults the scenario planted. */
function verdict(report: Report, expected: readonly ExpectedOutcome[]): string[] {
  const problems: string[] = [];
  for (const e of expected) {
    const found = report.checks.find((c) => c.host === e.host && c.kind === e.kind);
    if (found?.code !== e.code)
      problems.push(`${e.host} ${e.kind}: expected ${e.code}, got ${found ? `${found.status} ${found.code ?? ''}` : 'no check'}`);
  }
  for (const c of report.checks) {
    if (c.status === 'fail' && !expected.some((e) => e.host === c.host && e.kind === c.kind))
      problems.push(`${c.id}: unexpected ${c.code}: ${c.message}`);
  }
  return problems;
}
