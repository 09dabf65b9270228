// The defender result for a terminal.
import type { DefenderResult } from './run-defender.ts';

export function formatDefender(r: DefenderResult): string {
  const out: string[] = [];
  out.push(`Defender sensor: ${r.sensor.state.toUpperCase()} — ${r.sensor.message}`);
  if (r.cluster) out.push(`Managed cluster: ${r.cluster.enabled ? 'ON' : 'OFF'} — ${r.cluster.message}`);
  out.push(
    `Workloads: ${r.workloads.map((w) => `${w.namespace}/${w.name} (${w.role}, ${w.pods} pod(s))`).join(', ') || 'none found (no azureml-fe, no deployment labelled isazuremlapp=true)'}`,
  );
  out.push('', `Scan triggers (${r.triggers.length}):`);
  for (const t of r.triggers) {
    const applied = r.applied?.find((a) => a.reference === t.reference);
    const state = applied ? applied.status.toUpperCase() : t.skip ? 'SKIP' : 'TODO';
    out.push(`  ${state.padEnd(8)} ${t.reference}${t.digest ? '' : '  (no digest known: imports what the tag points to now)'}`);
    if (applied && applied.status !== 'imported') out.push(`           ${applied.message}`);
    else if (t.skip) out.push(`           ${t.skip.reason}`);
    else if (!applied) out.push(`           ${t.command.join(' ')}`);
  }
  if (r.unscanned.length) {
    out.push('', `Not in an Azure Container Registry, no trigger (${r.unscanned.length}):`);
    for (const u of r.unscanned) out.push(`  ${u.reference}: ${u.reason}`);
  }
  if (r.invalid.length) {
    out.push('', `Not valid image references (${r.invalid.length}):`);
    for (const u of r.invalid) out.push(`  ${JSON.stringify(u.image)}`);
  }
  for (const p of r.problems) out.push(`problem: ${p}`);
  out.push('', "Findings: aml-preflight defender -o json prints each image's Resource Graph query (findingsQuery).");
  return `${out.join('\n')}\n`;
}
