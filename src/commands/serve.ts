import { describe, parseDuration } from '../audit/duration.ts';
import { loadCatalog } from '../catalog/load.ts';
import { EnvironmentError, EXIT, InputError } from '../errors.ts';
import { parseListen, startMetricsServer, type ServeMode } from '../metrics/server.ts';
import { runPreflight } from '../preflight.ts';
import { formatReport } from '../report/format.ts';
import { defineCommand, group } from '../cli/command.ts';
import { DISCOVERY } from '../cli/options/discovery.ts';
import { RUN, runOptionsFrom } from '../cli/options/run.ts';
import { profileFromArgs, TARGET } from '../cli/options/target.ts';

export const command = defineCommand({
  about: `Serves the preflight as Prometheus metrics on /metrics (and /healthz), for a
Deployment next to the models or a host that Prometheus already scrapes.`,
  groups: [
    TARGET,
    DISCOVERY,
    group('Serve:', {
      listen: { type: 'string', value: '[HOST]:PORT', help: 'where to listen', default: ':9464' },
      interval: { type: 'string', value: 'DURATION', help: 'run the checks every DURATION, scrapes read the last result', default: '5m' },
      'on-scrape': { type: 'boolean', help: 'run the checks when scraped instead, at most once per --cache period' },
      cache: {
        type: 'string',
        value: 'DURATION',
        help: 'with --on-scrape: how long a result is served before the next scrape reruns',
        default: '60s',
      },
    }),
    RUN,
  ],
  notes: `Stops cleanly on SIGTERM or SIGINT: a run in flight gets 10 s to finish.
Metrics: see docs/audits.md ("Metrics").`,
  run: async (values) => {
    const listen = parseListen(values.listen ?? ':9464');
    if (!listen)
      throw new InputError(`--listen: must be [HOST]:PORT such as :9464 or 127.0.0.1:9464 (got ${JSON.stringify(values.listen)})`);
    if (values.cache !== undefined && !values['on-scrape'])
      throw new InputError('--cache: only with --on-scrape (with --interval, results are refreshed on the timer)');
    if (values.interval !== undefined && values['on-scrape']) throw new InputError('--interval and --on-scrape: choose one');
    const mode: ServeMode = values['on-scrape']
      ? { kind: 'scrape', cacheMs: parseDuration('cache', values.cache, { minMs: 0, maxMs: 86_400_000 }) ?? 60_000 }
      : { kind: 'interval', intervalMs: parseDuration('interval', values.interval, { minMs: 1000, maxMs: 86_400_000 }) ?? 300_000 };
    const profile = profileFromArgs(values);
    const runOptions = runOptionsFrom(values);
    // A bad rule file is an input error: find it now, not at the first scrape.
    const catalog = loadCatalog(runOptions.extraRuleFiles);

    const server = await startMetricsServer({
      ...listen,
      mode,
      collect: () => runPreflight(profile, { ...runOptions, catalog }),
      render: (report) => formatReport(report, 'prometheus'),
      onError: (e) => process.stderr.write(`aml-preflight serve: run failed: ${e.message}\n`),
    }).catch((e: NodeJS.ErrnoException) => {
      // A port in use or not ours to bind is the machine's state, not a typo.
      throw new EnvironmentError(`--listen: cannot listen on ${values.listen ?? ':9464'}: ${e.code ?? e.message}`);
    });
    process.stderr.write(
      `aml-preflight serve: metrics on ${server.url}/metrics (${mode.kind === 'interval' ? `every ${describe(mode.intervalMs)}` : `on scrape, cached ${describe(mode.cacheMs)}`})\n`,
    );
    const signal = await new Promise<NodeJS.Signals>((resolve) => {
      process.once('SIGTERM', () => resolve('SIGTERM'));
      process.once('SIGINT', () => resolve('SIGINT'));
    });
    process.stderr.write(`aml-preflight serve: ${signal}, stopping\n`);
    await server.close();
    return EXIT.ok;
  },
});
