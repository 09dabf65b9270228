import { loadCatalog } from '../catalog/load.ts';
import type { Requirement } from '../catalog/types.ts';
import { EXIT, InputError } from '../errors.ts';
import { PHASE_TITLES } from '../report/labels.ts';
import { PHASES } from '../types.ts';
import { parseCommandArgs } from './args.ts';

const HELP = `Usage: aml-preflight rules list [--rule-set NAME] [-o table|json] [--rules-file FILE]
       aml-preflight rules explain REQUIREMENT-ID
`;

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    argv,
    { 'rule-set': { type: 'string', multiple: true }, output: { type: 'string', short: 'o' }, 'rules-file': { type: 'string', multiple: true }, help: { type: 'boolean', short: 'h' } },
    true,
  );
  const [sub, id, ...extra] = positionals;
  if (values.help || sub === undefined) {
    process.stdout.write(HELP);
    return values.help ? EXIT.ok : EXIT.input;
  }
  const catalog = loadCatalog(values['rules-file']);
  if (sub === 'list' && id === undefined) {
    const unknown = values['rule-set']?.find((n) => !catalog.ruleSets.some((s) => s.ruleSet === n));
    if (unknown) throw new InputError(`--rule-set: unknown rule set "${unknown}" (known: ${catalog.ruleSets.map((s) => s.ruleSet).join(', ')})`);
    const sets = catalog.ruleSets.filter((s) => !values['rule-set'] || values['rule-set'].includes(s.ruleSet));
    if (values.output === 'json') {
      process.stdout.write(`${JSON.stringify(sets.map(({ file, ...s }) => s), null, 2)}\n`);
      return EXIT.ok;
    }
    for (const set of sets) {
      process.stdout.write(`${set.title} — rule set "${set.ruleSet}"${set.default ? ' (on by default)' : ' (switch on with --rule-set ' + set.ruleSet + ')'}\n`);
      for (const phase of PHASES) {
        const reqs = set.requirements.filter((r) => r.phase === phase);
        if (!reqs.length) continue;
        process.stdout.write(`  ${PHASE_TITLES[phase]}\n`);
        for (const r of reqs) process.stdout.write(`    ${r.id.padEnd(24)} ${describeTarget(r).padEnd(44)} ${r.title}\n`);
      }
      process.stdout.write('\n');
    }
    return EXIT.ok;
  }
  if (sub === 'explain' && id !== undefined && extra.length === 0) {
    const r = catalog.byId.get(id);
    if (!r) throw new InputError(`no requirement "${id}" (see: aml-preflight rules list)`);
    process.stdout.write(explain(r));
    return EXIT.ok;
  }
  throw new InputError(`rules: expected "list" or "explain ID"; see aml-preflight rules --help`);
}

function describeTarget(r: Requirement): string {
  if (r.vantage === 'cluster') return '(in-cluster)';
  return `${r.host}:${r.port ?? 443} [${r.probes.join(',')}]`;
}

function explain(r: Requirement & { ruleSet: string }): string {
  const lines = [
    `${r.id} — ${r.title}`,
    `  rule set:     ${r.ruleSet}`,
    `  phase:        ${PHASE_TITLES[r.phase]}`,
    `  why:          ${r.why ?? '-'}`,
    `  target:       ${describeTarget(r)}`,
    r.http && `  proof:        GET ${r.http.path}${r.http.expectStatus ? ` answers ${r.http.expectStatus.join(' or ')}` : ''}${r.http.expectHeader ? ` with header ${r.http.expectHeader}` : ''}`,
    r.when && `  applies when: ${Object.entries(r.when).map(([k, v]) => `${k} = ${Array.isArray(v) ? v.join('|') : v}`).join(', ')}`,
    r.dependsOn && `  depends on:   ${r.dependsOn.join(', ')}`,
    r.privateLinkZone && `  private link: ${r.privateLinkZone}`,
    `  severity:     ${r.severity}`,
    r.firewall &&
      `  firewall:     ${r.firewall.kind} rule, ${r.firewall.protocol.toUpperCase()} ${r.firewall.port}${r.firewall.fqdns ? ` to ${r.firewall.fqdns.join(', ')}` : ''}${r.firewall.serviceTag ? `; service tag ${r.firewall.serviceTag}` : ''}${r.firewall.fqdnTag ? `; FQDN tag ${r.firewall.fqdnTag}` : ''}`,
    `  fix:          ${r.remediation}`,
    `  source:       ${r.source}`,
  ];
  return `${lines.filter(Boolean).join('\n')}\n`;
}
