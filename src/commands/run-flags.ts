import type { PreflightOptions } from '../preflight.ts';
import { parseIntFlag, parseMs } from './args.ts';

/** The flags that shape a preflight run; every command that runs checks takes them. */
export const RUN_OPTIONS = {
  only: { type: 'string', multiple: true },
  timeout: { type: 'string' },
  deadline: { type: 'string' },
  concurrency: { type: 'string' },
  'rules-file': { type: 'string', multiple: true },
} as const;

export const RUN_HELP = `Run:
  --only PHASE|REQUIREMENT     check only these, repeatable
  --timeout MS                 deadline of each network step (default 5000)
  --deadline MS                deadline of the whole run (default max(30000, 6 x timeout))
  --concurrency N              hosts in flight at once, one connection each (default 64)
  --rules-file FILE            an extra rule set, repeatable
`;

type RunValues = { only?: string[]; timeout?: string; deadline?: string; concurrency?: string; 'rules-file'?: string[] };

export function runOptionsFrom(values: RunValues): Pick<PreflightOptions, 'only' | 'timeoutMs' | 'deadlineMs' | 'concurrency' | 'extraRuleFiles'> {
  return {
    only: values.only,
    timeoutMs: parseMs('timeout', values.timeout),
    deadlineMs: parseMs('deadline', values.deadline, 100, 3_600_000),
    concurrency: parseIntFlag('concurrency', values.concurrency, 1, 1024),
    extraRuleFiles: values['rules-file'],
  };
}
