// A run's report as it is kept in a ConfigMap: gzipped JSON in binaryData.
// The API server refuses a ConfigMap over 1 MiB (data plus binaryData), and
// etcd stores binaryData base64-encoded, so the budget is 700 KiB of gzip. A
// report that does not fit even gzipped loses detail step by step, the least
// useful first, and the ConfigMap says which steps were taken.
import { gunzipSync, gzipSync } from 'node:zlib';
import { InputError } from '../errors.ts';
import { parseReport } from '../report/read.ts';
import type { CheckResult, Report } from '../types.ts';

export const MAX_STORED_BYTES = 700 * 1024;
const MESSAGE_CHARS = 300;

export interface Encoded {
  gzip: Buffer;
  /** Names of the trimming steps applied, in order; empty when the report is kept whole. */
  trimmed: string[];
}

type Step = { name: string; apply: (checks: CheckResult[]) => CheckResult[] };

const passed = (c: CheckResult) => c.status === 'pass';

const STEPS: Step[] = [
  { name: 'evidence-of-passed-checks', apply: (cs) => cs.map((c) => (passed(c) ? { ...c, evidence: {} } : c)) },
  { name: 'evidence', apply: (cs) => cs.map((c) => ({ ...c, evidence: {} })) },
  {
    name: 'long-messages',
    apply: (cs) =>
      cs.map(({ remediation, ...c }) => ({
        ...c,
        message: c.message.length > MESSAGE_CHARS ? `${c.message.slice(0, MESSAGE_CHARS)}...` : c.message,
      })),
  },
  { name: 'passed-checks', apply: (cs) => cs.filter((c) => !passed(c)) },
];

const gzip = (report: Report) => gzipSync(JSON.stringify(report), { level: 9 });

export class ReportTooLargeError extends Error {}

/** The smallest loss of detail that fits the budget; the summary, phases and root cause always stay whole. */
export function encodeReport(report: Report, maxBytes = MAX_STORED_BYTES): Encoded {
  let current = report;
  let out = gzip(current);
  const trimmed: string[] = [];
  for (const step of STEPS) {
    if (out.length <= maxBytes) break;
    current = { ...current, checks: step.apply(current.checks) };
    trimmed.push(step.name);
    out = gzip(current);
  }
  if (out.length > maxBytes)
    throw new ReportTooLargeError(
      `the report does not fit a ConfigMap even trimmed (${out.length} bytes gzipped, ${report.checks.length} checks)`,
    );
  return { gzip: out, trimmed };
}

// A stored run unpacks to far less; more is not a report this tool wrote.
const MAX_DECODED_BYTES = 64 * 1024 * 1024;

/** A stored run back as a report, read as every saved report is (`source` names where it came from). */
export function decodeReport(gzip: Buffer, source = 'the stored run'): Report {
  let text: string;
  try {
    text = gunzipSync(gzip, { maxOutputLength: MAX_DECODED_BYTES }).toString('utf8');
  } catch (e) {
    throw new InputError(
      `${source}: not a gzip-compressed report of at most ${MAX_DECODED_BYTES} bytes (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
    );
  }
  return parseReport(text, source);
}
