import { defineCommand, entry, group } from '../cli/command.ts';
import { formatOption } from '../cli/options/output.ts';
import { loadCatalog } from '../catalog/load.ts';
import type { Requirement } from '../catalog/types.ts';
import { EXIT, InputError } from '../errors.ts';
import { PHASE_TITLES } from '../report/labels.ts';
import { PHASES } from '../types.ts';

const CATALOG = group(undefined, {
  'rules-file': { type: 'string', multiple: true, value: 'FILE', help: 'an extra rule set, repeatable' },
});

const list = defineCommand({
  groups: [
    group(undefined, {
      'rule-set': { type: 'string', multiple: true, value: 'NAME', help: 'only this rule set, repeatable', default: 'every rule set' },
      output: formatOption(['table', 'json'], 'table'),
    }),
    CATALOG,
  ],
  run: async (values) => {
    const catalog = loadCatalog(values['rules-file']);
    const unknown = values['rule-set']?.find((n) => !catalog.ruleSets.some((s) => s.ruleSet === n));
    if (unknown)
      throw new InputError(`--rule-set: unknown rule set "${unknown}" (known: ${catalog.ruleSets.map((s) => s.ruleSet).join(', ')})`);
    const sets = catalog.ruleSets.filter((s) => !values['rule-set'] || values['rule-set'].includes(s.ruleSet));
    if (values.output === 'json') {
      process.stdout.write(
        `${JSON.stringify(
          sets.map(({ file, ...s }) => s),
          null,
          2,
        )}\n`,
      );
      return EXIT.ok;
    }
    for (const set of sets) {
      process.stdout.write(
        `${set.title} — rule set "${set.ruleSet}"${set.default ? ' (on by default)' : ` (switch on with --rule-set ${set.ruleSet})`}\n`,
      );
      for (const phase of PHASES) {
        const reqs = set.requirements.filter((r) => r.phase === phase);
        if (!reqs.length) continue;
        process.stdout.write(`  ${PHASE_TITLES[phase]}\n`);
        for (const r of reqs) process.stdout.write(`    ${r.id.padEnd(24)} ${describeTarget(r).padEnd(44)} ${r.title}\n`);
      }
      process.stdout.write('\n');
    }
    return EXIT.ok;
  },
});

const explainOne = defineCommand({
  usage: ['REQUIREMENT-ID [options]'],
  positionals: 'REQUIREMENT-ID',
  groups: [CATALOG],
  run: async (values, positionals) => {
    const [id, ...extra] = positionals;
    if (id === undefined || extra.length) throw new InputError('rules explain: give one requirement id (see: aml-preflight rules list)');
    const r = loadCatalog(values['rules-file']).byId.get(id);
    if (!r) throw new InputError(`no requirement "${id}" (see: aml-preflight rules list)`);
    process.stdout.write(explain(r));
    return EXIT.ok;
  },
});

export const command = defineCommand({
  groups: [],
  subcommands: {
    list: entry('the requirement catalog: each rule set, phase by phase', list),
    explain: entry('one requirement: why, what is checked, the firewall rule it needs and the fix', explainOne),
  },
});

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
    r.http &&
      `  proof:        GET ${r.http.path}${r.http.expectStatus ? ` answers ${r.http.expectStatus.join(' or ')}` : ''}${r.http.expectHeader ? ` with header ${r.http.expectHeader}` : ''}`,
    r.when &&
      `  applies when: ${Object.entries(r.when)
        .map(([k, v]) => `${k} = ${Array.isArray(v) ? v.join('|') : v}`)
        .join(', ')}`,
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
