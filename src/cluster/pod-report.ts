// A pod's result is the JSON report it printed as one line on stdout; the log
// endpoint interleaves stderr, so the last line that parses as a report wins.
import { checkReport } from '../report/read.ts';
import type { Report } from '../types.ts';

export function reportFromLogs(logs: string): { report?: Report; problem?: string } {
  const lines = logs.split('\n').map((l) => l.trim());
  for (let i = lines.length - 1; i >= 0; i--) {
    if (!lines[i].startsWith('{')) continue;
    let data: unknown;
    try {
      data = JSON.parse(lines[i]);
    } catch {
      continue;
    }
    const checked = checkReport(data, "the pod's report");
    return 'report' in checked ? checked : { problem: `the pod printed a report this version cannot read: ${checked.problem}` };
  }
  const last = lines.filter(Boolean).pop();
  return { problem: last ? `no report in the pod's log; its last line: ${last.slice(0, 300)}` : 'the pod printed nothing' };
}
