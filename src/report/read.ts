// The one reader of saved reports. Every command that takes a report (firewall
// generate --from, report --from, audit history|diff --dir, cluster run reading its
// pods' logs) reads it here, against schema/report.schema.json, with one strictness:
// every report the tool writes (check, cluster run, audit) is accepted by every reader.
import { InputError } from '../errors.ts';
import { readInputFile } from '../io/input-file.ts';
import { describeSchemaErrors } from '../schema-errors.ts';
import * as generated from '../schema-validators/report.ts';
import { schemaValidator } from '../schema-validator.ts';
import type { Report } from '../types.ts';

const validate = schemaValidator('report', generated);

const HOW_TO_WRITE = 'write one with: aml-preflight check -o json --output-file FILE';

/** The report in `data`, or why it is not one, in one line (`source` names where it came from). */
export function checkReport(data: unknown, source: string): { report: Report } | { problem: string } {
  if (validate(data)) return { report: data as Report };
  if (typeof data !== 'object' || data === null || Array.isArray(data))
    return { problem: `${source}: not an aml-preflight report (a report is a JSON object; ${HOW_TO_WRITE})` };
  return {
    problem: `${describeSchemaErrors(source, validate.errors).split('\n')[0]} (not an aml-preflight report, see schema/report.schema.json; ${HOW_TO_WRITE})`,
  };
}

/** Parses a report's JSON text; a text that is not a report is an InputError of one line. */
export function parseReport(text: string, source: string): Report {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new InputError(`${source}: not JSON (${HOW_TO_WRITE}): ${(e as Error).message}`);
  }
  const checked = checkReport(data, source);
  if ('problem' in checked) throw new InputError(checked.problem);
  return checked.report;
}

export function readReportFile(file: string): Report {
  return parseReport(readInputFile(file, 'report'), file);
}

// What a report adds to the profile it checked: where it ran and, for audits, what was audited.
const REPORT_ONLY_TARGET_KEYS = ['inCluster', 'audit', 'compute'];

/** The target profile a report checked, without what the report added to it: the input of
 *  `firewall generate --from`. */
export function profileOfReport(report: Report): Record<string, unknown> {
  return Object.fromEntries(Object.entries(report.target).filter(([k]) => !REPORT_ONLY_TARGET_KEYS.includes(k)));
}

/** The requirement instance of a check id: "acr@myacr/tcp" → "acr@myacr"; a pool prefix
 *  ("gpu:acr@myacr/tcp", from cluster run) is the pool that ran it. */
export function instanceOfCheck(id: string, requirement: string): { instance: string; pool?: string } {
  const colon = id.indexOf(':');
  const slash = id.lastIndexOf('/');
  const pool =
    colon > 0 && colon < (slash === -1 ? id.length : slash) && !id.slice(0, colon).includes('@') ? id.slice(0, colon) : undefined;
  const bare = pool === undefined ? id : id.slice(colon + 1);
  const instance = bare.includes('/') ? bare.slice(0, bare.lastIndexOf('/')) : requirement;
  return { instance, pool };
}

/** What the report saw blocked: each failed requirement instance, with the node pools that
 *  failed it (empty for a run from one vantage). */
export function failedInstances(report: Report): Map<string, string[]> {
  const failed = new Map<string, string[]>();
  for (const c of report.checks) {
    if (c.status !== 'fail') continue;
    const { instance, pool } = instanceOfCheck(c.id, c.requirement);
    const pools = failed.get(instance) ?? [];
    const where = pool ?? c.vantage?.nodePool;
    if (where && !pools.includes(where)) pools.push(where);
    failed.set(instance, pools);
  }
  return failed;
}
