// A pod's result is the JSON report it printed as one line on stdout; the log
// endpoint interleaves stderr, so the last line that parses as a report wins.
import { Ajv } from 'ajv';
import { readPackageJson } from '../package-files.ts';
import type { Report } from '../types.ts';

let validate: ReturnType<Ajv['compile']> | undefined;

export function reportFromLogs(logs: string): { report?: Report; problem?: string } {
  validate ??= new Ajv({ allErrors: false, strict: false, validateFormats: false }).compile(readPackageJson('schema/report.schema.json'));
  const lines = logs.split('\n').map((l) => l.trim());
  for (let i = lines.length - 1; i >= 0; i--) {
    if (!lines[i].startsWith('{')) continue;
    let data: unknown;
    try {
      data = JSON.parse(lines[i]);
    } catch {
      continue;
    }
    if (validate(data)) return { report: data as Report };
    return { problem: `the pod printed a report this version cannot read (${validate.errors?.[0]?.instancePath || '/'} ${validate.errors?.[0]?.message})` };
  }
  const last = lines.filter(Boolean).pop();
  return { problem: last ? `no report in the pod's log; its last line: ${last.slice(0, 300)}` : 'the pod printed nothing' };
}
