import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { runCli } from '../helpers/cli.ts';

export const FIXTURES = new URL('../fixtures/azure/', import.meta.url).pathname;
export const PROFILE = join(FIXTURES, 'explain-profile.yaml');

export interface Entry {
  requirement: string;
  required: boolean;
  verdict: 'allow' | 'deny' | 'unknown';
  decidedBy: { id: string; name: string } | null;
  path: { hop: string; id: string | null; name: string; detail: string }[];
  findings: { code: string; message: string; resource?: string }[];
}
export interface Doc {
  entries: Entry[];
  summary: Record<string, number>;
  fix: { steps: { requirement: string; change: string }[]; unfixed: unknown[]; resources: { id: string }[]; diff: string };
}

const validate = new Ajv({ allErrors: true }).compile(
  JSON.parse(readFileSync(new URL('../../schema/explain.schema.json', import.meta.url), 'utf8')),
);

/** Runs the real CLI's explain on a snapshot file; the JSON must match schema/explain.schema.json. */
export async function explainCli(
  snapshot: string,
  extra: string[] = ['-c', PROFILE],
): Promise<{ code: number | null; doc: Doc; stderr: string }> {
  const r = await runCli(['explain', '--azure-snapshot', snapshot, ...extra, '-o', 'json'], { timeoutMs: 60_000 });
  if (r.code !== 0 && r.code !== 1) throw new Error(`explain exited ${r.code}: ${r.stderr}`);
  const doc = JSON.parse(r.stdout) as Doc;
  if (!validate(doc)) throw new Error(`explain -o json does not match its schema: ${JSON.stringify(validate.errors).slice(0, 500)}`);
  return { code: r.code, doc, stderr: r.stderr };
}

export const fixture = (name: string): unknown[] => JSON.parse(readFileSync(join(FIXTURES, name), 'utf8'));

/** Writes resources as a snapshot file in a fresh temporary directory. */
export function writeSnapshot(resources: unknown[]): string {
  const file = join(mkdtempSync(join(tmpdir(), 'explain-')), 'snapshot.json');
  writeFileSync(file, JSON.stringify(resources));
  return file;
}

/** The snapshot with these resources put in (replaced by id, case-insensitively, or added). */
export function withResources(resources: { id: string }[], changed: { id: string }[]): { id: string }[] {
  const out = resources.map((r) => changed.find((c) => c.id.toLowerCase() === r.id.toLowerCase()) ?? r);
  for (const c of changed) if (!resources.some((r) => r.id.toLowerCase() === c.id.toLowerCase())) out.push(c);
  return out;
}

export const entry = (doc: Doc, requirement: string): Entry => {
  const e = doc.entries.find((x) => x.requirement === requirement);
  if (!e) throw new Error(`no entry for ${requirement}: ${doc.entries.map((x) => x.requirement).join(', ')}`);
  return e;
};
