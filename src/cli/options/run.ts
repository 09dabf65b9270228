import type { PreflightOptions } from '../../preflight.ts';
import { group, type ValuesOf } from '../command.ts';
import { parseIntFlag, parseMs } from '../numbers.ts';

/** The flags that shape a preflight run; every command that runs checks takes them. */
export const RUN = group('Run:', {
  only: { type: 'string', multiple: true, value: 'PHASE|REQUIREMENT', help: 'check only these, repeatable' },
  timeout: { type: 'string', value: 'MS', help: 'deadline of each network step', default: '5000' },
  deadline: { type: 'string', value: 'MS', help: 'deadline of the whole run', default: 'max(30000, 6 x timeout)' },
  concurrency: { type: 'string', value: 'N', help: 'hosts in flight at once, one connection each', default: '64' },
  'rules-file': { type: 'string', multiple: true, value: 'FILE', help: 'an extra rule set, repeatable' },
});

export type RunSettings = Pick<PreflightOptions, 'only' | 'timeoutMs' | 'deadlineMs' | 'concurrency' | 'extraRuleFiles'>;

export function runOptionsFrom(values: ValuesOf<typeof RUN.options>): RunSettings {
  return {
    only: values.only,
    timeoutMs: parseMs('timeout', values.timeout),
    deadlineMs: parseMs('deadline', values.deadline, 100, 3_600_000),
    concurrency: parseIntFlag('concurrency', values.concurrency, 1, 1024),
    extraRuleFiles: values['rules-file'],
  };
}
