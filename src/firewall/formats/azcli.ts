import { COLLECTION_PRIORITY, collectionName, type Allowlist } from '../allowlist.ts';
import { headerLines } from './header.ts';

/** One shell word: single-quoted, with each ' closed, escaped and reopened. Nothing inside single quotes expands. */
export const shellQuote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

const words = (list: string[]): string => list.map(shellQuote).join(' ');

/** A bash script of az CLI calls that (re)creates the rule collection group. */
export function formatAzcli(list: Allowlist): string {
  const scope = ['--resource-group "$resource_group"', '--policy-name "$policy_name"'];
  const lines: string[] = [];
  const command = (args: string[]) => lines.push('', args.join(' \\\n  '));
  command([
    'az network firewall policy rule-collection-group create',
    ...scope,
    `--name "$rcg"`,
    `--priority ${list.priority}`,
    '--output none',
  ]);
  const ruleArgs = (kind: 'network' | 'application', i: number): string[] => {
    if (kind === 'network') {
      const r = list.network[i];
      return [
        '--rule-type NetworkRule',
        `--description ${shellQuote(r.description)}`,
        `--ip-protocols ${words(r.ipProtocols)}`,
        `--source-addresses ${words(list.sources)}`,
        ...(r.destinationAddresses.length ? [`--destination-addresses ${words(r.destinationAddresses)}`] : []),
        ...(r.destinationFqdns.length ? [`--destination-fqdns ${words(r.destinationFqdns)}`] : []),
        `--destination-ports ${shellQuote(String(r.port))}`,
      ];
    }
    const r = list.application[i];
    return [
      '--rule-type ApplicationRule',
      `--description ${shellQuote(r.description)}`,
      `--protocols ${words(r.protocols.map((p) => `${p}=${r.port}`))}`,
      `--source-addresses ${words(list.sources)}`,
      ...(r.targetFqdns.length ? [`--target-fqdns ${words(r.targetFqdns)}`] : []),
      ...(r.fqdnTags.length ? [`--fqdn-tags ${words(r.fqdnTags)}`] : []),
    ];
  };
  for (const kind of ['network', 'application'] as const) {
    const rules = kind === 'network' ? list.network : list.application;
    rules.forEach((r, i) => {
      if (i === 0) {
        command([
          'az network firewall policy rule-collection-group collection add-filter-collection',
          ...scope,
          '--rcg-name "$rcg"',
          `--name ${shellQuote(collectionName(list, kind))}`,
          `--collection-priority ${COLLECTION_PRIORITY[kind]}`,
          '--action Allow',
          `--rule-name ${shellQuote(r.name)}`,
          ...ruleArgs(kind, i),
          '--output none',
        ]);
      } else {
        command([
          'az network firewall policy rule-collection-group collection rule add',
          ...scope,
          '--rcg-name "$rcg"',
          `--collection-name ${shellQuote(collectionName(list, kind))}`,
          `--name ${shellQuote(r.name)}`,
          ...ruleArgs(kind, i),
          '--output none',
        ]);
      }
    });
  }
  const header = headerLines(list, 'az CLI calls that (re)create the rule collection group in an existing Firewall Policy', [
    'Usage: RESOURCE_GROUP=my-rg POLICY_NAME=hub-policy bash this-file.sh',
    'Re-running it is safe: "rule-collection-group create" replaces the group, so no rule is added twice.',
  ]).map((l) => `# ${l}`);
  return [
    '#!/usr/bin/env bash',
    ...header,
    'set -euo pipefail',
    '',
    'resource_group="${RESOURCE_GROUP:?set RESOURCE_GROUP to the resource group of the firewall policy}"',
    'policy_name="${POLICY_NAME:?set POLICY_NAME to the name of the firewall policy}"',
    `rcg=${shellQuote(list.name)}`,
    ...lines,
    '',
  ].join('\n');
}
