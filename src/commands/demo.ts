import { EXIT } from '../errors.ts';
import { DEMO_EXPECTED, DEMO_FAULTS } from '../lab/demo-scenario.ts';
import { startLab } from '../lab/lab.ts';
import { runPreflight } from '../preflight.ts';
import type { Report } from '../types.ts';
import { parseCommandArgs, parseMs } from './args.ts';
import { emitReport, OUTPUT_HELP, OUTPUT_OPTIONS, outputFormat } from './output.ts';

const HELP = `Usage: aml-preflight demo [options]

Starts an embedded lab on loopback (a custom DNS server and HTTPS endpoints
that play MCR, ACR, storage, api.azureml.ms, Kusto and the AKS API of a made-up
cluster behind a realistically broken firewall), runs the full preflight
against it and prints the report. Needs no root, no Azure and no internet.
Exits 0 when the lab behaved as designed (every planted fault found, nothing else).

  --timeout MS                 deadline of each network step (default 2000)
${OUTPUT_HELP}`;

export async function run(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs(argv, { ...OUTPUT_OPTIONS, timeout: { type: 'string' }, help: { type: 'boolean', short: 'h' } });
  if (values.help) {
    process.stdout.write(HELP);
    return EXIT.ok;
  }
  const timeoutMs = parseMs('timeout', values.timeout) ?? 2000;
  outputFormat(values.output);
  const lab = await startLab({ faults: { ...DEMO_FAULTS } });
  try {
    const report = await runPreflight(
      { ...lab.target, dns: { servers: [lab.dnsServer] }, connectTo: lab.connectTo },
      { timeoutMs, caPems: [lab.caPem], env: {} },
    );
    // The demo is read by a person, even in a CI log: a table unless asked otherwise.
    await emitReport(report, { ...values, output: values.output ?? (values['output-file'] ? 'json' : 'table') });
    const problems = verdict(report);
    process.stderr.write(
      problems.length
        ? `The lab did NOT behave as designed:\n${problems.map((p) => `  - ${p}`).join('\n')}\n`
        : `The lab behaved as designed: all ${DEMO_EXPECTED.length} planted faults were found with the right code, and nothing else failed.\n`,
    );
    return problems.length ? EXIT.failed : EXIT.ok;
  } finally {
    await lab.stop();
  }
}

/** Compares the report with the faults the scenario planted. */
function verdict(report: Report): string[] {
  const problems: string[] = [];
  for (const e of DEMO_EXPECTED) {
    const found = report.checks.find((c) => c.host === e.host && c.kind === e.kind);
    if (found?.code !== e.code) problems.push(`${e.host} ${e.kind}: expected ${e.code}, got ${found ? `${found.status} ${found.code ?? ''}` : 'no check'}`);
  }
  for (const c of report.checks) {
    if (c.status === 'fail' && !DEMO_EXPECTED.some((e) => e.host === c.host && e.kind === c.kind)) problems.push(`${c.id}: unexpected ${c.code}: ${c.message}`);
  }
  return problems;
}
