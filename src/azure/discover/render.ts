// A discovered profile as the YAML a user saves and passes with -c: the
// profile itself, and above it, as comments, what ARM said that the profile
// has no key for, what could not be read, and what Azure lists beyond the catalog.
import { stringify } from 'yaml';
import type { Discovery } from './discover.ts';

export function renderProfiles(d: Discovery, source: string): string {
  return d.targets
    .map((t) => {
      const comment = (lines: string[]) => lines.map((l) => `#   ${l.replace(/\s*\n\s*/g, ' ')}`);
      const head = [
        `# aml-preflight target profile, discovered from ${source}${t.compute ? ` (compute ${t.compute})` : ''}`,
        '# Found in Azure:',
        ...comment(t.notes),
        ...(d.gaps.length ? ['# Not read (explain answers unknown where these matter):', ...comment(d.gaps)] : []),
        ...(t.unlisted.length ? ['# Warnings:', ...comment(t.unlisted)] : []),
      ];
      return `${head.join('\n')}\n${stringify(t.profile, { lineWidth: 0 })}`;
    })
    .join('---\n');
}
