// Runs kept as report JSON files in a directory: for audits scheduled outside a
// cluster (cron on a jump host), and for `audit history|diff --dir` over reports
// saved with `check --output-file`. Any report file in the directory is listed;
// only files this store wrote (aml-preflight-run-<id>.json) are ever pruned.
import { readdirSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { InputError } from '../errors.ts';
import { writeFileAtomic } from '../io/atomic-write.ts';
import { readReportFile } from '../report/read.ts';
import type { Report } from '../types.ts';
import { RUN_ID, configMapNameOf, runIdOf } from './run-id.ts';
import { byStart, storedRunOf, type AuditStore, type StoredRun } from './store.ts';

const OWN_FILE = /^aml-preflight-run-(\d{8}t\d{9}z)\.json$/;

export function dirStore(dir: string): AuditStore {
  const files = (): { id: string; file: string }[] => {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch (e) {
      throw new InputError(`--dir: cannot read ${dir}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    return names.filter((n) => n.endsWith('.json')).map((n) => ({ id: OWN_FILE.exec(n)?.[1] ?? basename(n, '.json'), file: join(dir, n) }));
  };
  const find = (id: string) => {
    const hit = files().find((f) => f.id === id);
    if (!hit) throw new InputError(`no run "${id}" in ${dir} (see: aml-preflight audit history --dir ${dir})`);
    return hit;
  };
  return {
    describe: `directory ${dir}`,
    async list() {
      const runs: StoredRun[] = [];
      for (const { id, file } of files()) {
        let report: Report;
        try {
          report = readReportFile(file);
        } catch {
          continue; // Other JSON files may share the directory.
        }
        runs.push(storedRunOf(id, report, file));
      }
      return runs.sort(byStart);
    },
    async read(id) {
      return readReportFile(find(id).file);
    },
    async save(report) {
      const id = runIdOf(report.startedAt);
      const file = join(dir, `${configMapNameOf(id)}.json`);
      await writeFileAtomic(file, `${JSON.stringify(report, null, 2)}\n`);
      return storedRunOf(id, report, file);
    },
    async prune(keep) {
      const own = (await this.list()).filter((r) => RUN_ID.test(r.id) && OWN_FILE.test(basename(r.where)));
      const doomed = own.slice(0, Math.max(0, own.length - keep));
      for (const r of doomed) rmSync(r.where, { force: true });
      return doomed.map((r) => r.id);
    },
  };
}
