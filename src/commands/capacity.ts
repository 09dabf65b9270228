import { defineCommand, group } from '../cli/command.ts';
import { formatOption } from '../cli/options/output.ts';
import { requiredReplicas, utilizationFraction } from '../compliance/capacity.ts';
import { EXIT, InputError } from '../errors.ts';

function positive(flag: string, value: string | undefined, fallback?: number): number {
  if (value === undefined) {
    if (fallback === undefined) throw new InputError(`--${flag} is required (see aml-preflight capacity --help)`);
    return fallback;
  }
  const n = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value) || !(n > 0)) throw new InputError(`--${flag}: must be a positive number (got ${JSON.stringify(value)})`);
  return n;
}

export const command = defineCommand({
  usage: ['--rps N --request-seconds S [options]'],
  about: `The replicas azureml-fe needs for a load (the AKS deployment guide's formula):
  concurrent = rps x request_seconds / target_utilization
  replicas   = ceil(concurrent / max_concurrent_requests_per_container)`,
  groups: [
    group('Options:', {
      rps: { type: 'string', value: 'N', help: 'requests per second' },
      'request-seconds': { type: 'string', value: 'S', help: 'seconds one request takes' },
      'target-utilization': { type: 'string', value: 'U', help: 'autoscale_target_utilization: 0.7 or 70', default: '70 %' },
      'max-concurrent': { type: 'string', value: 'N', help: 'max_concurrent_requests_per_container', default: '1' },
      output: formatOption(['text', 'json'], 'text'),
    }),
  ],
  run: async (values) => {
    const rawUtilization = positive('target-utilization', values['target-utilization'], 70);
    const targetUtilization = utilizationFraction(rawUtilization);
    if (targetUtilization === undefined)
      throw new InputError(
        `--target-utilization: must be a fraction up to 1 (0.7) or a percentage up to 100 (70) (got ${values['target-utilization']})`,
      );
    const maxConcurrent = positive('max-concurrent', values['max-concurrent'], 1);
    if (!Number.isInteger(maxConcurrent))
      throw new InputError(`--max-concurrent: must be a whole number (got ${values['max-concurrent']})`);
    const r = requiredReplicas({
      rps: positive('rps', values.rps),
      requestSeconds: positive('request-seconds', values['request-seconds']),
      targetUtilization,
      maxConcurrent,
    });
    if (values.output === 'json') {
      process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
      return EXIT.ok;
    }
    process.stdout.write(
      [
        `Replicas needed: ${r.replicas}`,
        `  concurrent requests = rps x request_seconds / target_utilization = ${r.rps} x ${r.requestSeconds} / ${r.targetUtilization} = ${r.concurrent}`,
        `  replicas            = ceil(concurrent / max_concurrent_requests_per_container) = ceil(${r.concurrent} / ${r.maxConcurrent}) = ${r.replicas}`,
        `Set autoscale_max_replicas to at least ${r.replicas}, and give the node pool room for ${r.replicas} replicas: azureml-fe scales replicas, never nodes.`,
        '',
      ].join('\n'),
    );
    return EXIT.ok;
  },
});
