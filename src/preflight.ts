import { hostname } from 'node:os';
import { loadCatalog } from './catalog/load.ts';
import { phasesOfRuleSets, selectedRuleSets } from './catalog/phases.ts';
import type { Catalog } from './catalog/types.ts';
import { readCaFile } from './config/ca-file.ts';
import { parseConnectTo, parseHostPort } from './config/formats.ts';
import type { Profile } from './config/profile.ts';
import { localRunners } from './engine/local-runners.ts';
import { runChecks, type EngineOptions, type Runner } from './engine/run.ts';
import { planChecks } from './plan/expand.ts';
import { targetOf } from './plan/target.ts';
import { proxyFor, proxySettingsFromEnv } from './probes/proxy.ts';
import { assembleReport } from './report/assemble.ts';
import { redact } from './report/redact.ts';
import type { CheckKind, Report, Vantage } from './types.ts';
import { capYoungGeneration } from './young-generation.ts';

export interface PreflightOptions {
  only?: string[];
  timeoutMs?: number;
  deadlineMs?: number;
  concurrency?: number;
  extraRuleFiles?: string[];
  env?: NodeJS.ProcessEnv;
  vantage?: Vantage;
  /** The rule sets to plan when not the profile's (the in-cluster run adds the platform's compliance rules). */
  ruleSets?: string[];
  /** Extra runners (the in-cluster k8s and compliance checks); when given, cluster-vantage requirements run. */
  clusterRunners?: Partial<Record<CheckKind, Runner>>;
  catalog?: Catalog;
  /** Extra trusted CA certificates (PEM) besides the profile's tls.caFile: the demo lab's own CA. */
  caPems?: string[];
  /** Called as each check settles (the progress line on a terminal). */
  onCheckDone?: EngineOptions['onCheckDone'];
}

export const DEFAULT_TIMEOUT_MS = 5000;

/** Profile in, report out: plan the checks, run them, summarize. */
export async function runPreflight(profile: Profile, options: PreflightOptions = {}): Promise<Report> {
  capYoungGeneration();
  const startedAt = new Date();
  const started = performance.now();
  const catalog = options.catalog ?? loadCatalog(options.extraRuleFiles);
  const envProxy = proxySettingsFromEnv(options.env ?? process.env);
  const proxySettings = { proxy: profile.proxy?.url ?? envProxy.proxy, noProxy: profile.proxy?.noProxy ?? envProxy.noProxy };
  // Without a proxy there is nothing to decide, and no URL is parsed for each step of each host.
  const proxyOf = proxySettings.proxy ? (url: string) => proxyFor(new URL(url), proxySettings) : () => undefined;
  const target = targetOf(profile);
  const checks = planChecks(catalog, target, {
    ruleSets: options.ruleSets ?? profile.ruleSets,
    dependencies: profile.dependencies,
    only: options.only,
    inCluster: options.clusterRunners !== undefined,
    proxied: (host, port) => proxyOf(`https://${host}:${port}/`) !== undefined,
  });
  const timeoutMs = options.timeoutMs ?? profile.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const vantage = options.vantage ?? { kind: 'local', host: hostname() };
  const results = await runChecks(checks, {
    runners: { ...localRunners, ...options.clusterRunners },
    context: {
      timeoutMs,
      dnsServers: (profile.dns?.servers ?? []).map((s) => {
        const { host, port } = parseHostPort(s, 53)!;
        return { address: host, port };
      }),
      proxyFor: proxyOf,
      ca: trustedExtras(profile, options.caPems),
      connectTo: new Map(
        (profile.connectTo ?? []).map((s) => {
          const c = parseConnectTo(s)!;
          return [`${c.host}:${c.port}`, { address: c.address, port: c.toPort }];
        }),
      ),
    },
    concurrency: options.concurrency,
    deadlineMs: options.deadlineMs ?? Math.max(30_000, timeoutMs * 6),
    vantage,
    onCheckDone: options.onCheckDone,
    origin: started,
  });
  return assembleReport(results, {
    target: describeTarget(profile),
    vantage,
    startedAt,
    durationMs: performance.now() - started,
    phases: phasesOfRuleSets(catalog, selectedRuleSets(catalog, options.ruleSets ?? profile.ruleSets)),
  });
}

function trustedExtras(profile: Profile, pems: string[] = []): string[] | undefined {
  const all = [...(profile.tls?.caFile ? [readCaFile(profile.tls.caFile)] : []), ...pems];
  return all.length ? all : undefined;
}

/** The target as the report shows it: what was checked, never credentials. */
function describeTarget(profile: Profile): Record<string, unknown> {
  const { connectTo, ...rest } = profile;
  // The same redaction every format applies, so the in-memory report (stored by audits) holds no credential either.
  return redact(rest);
}
