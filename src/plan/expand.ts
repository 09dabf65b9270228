import type { Catalog, Requirement } from '../catalog/types.ts';
import { fillTemplate, type TemplateValues } from '../catalog/template.ts';
import { InputError } from '../errors.ts';
import { PHASES } from '../types.ts';
import type { PlannedCheck } from './check.ts';
import { dependencyChecks } from './dependencies.ts';
import { SETTING_OF, type Target } from './target.ts';

export interface PlanOptions {
  ruleSets?: string[];
  dependencies?: string[];
  /** Phase ids or requirement ids to keep. */
  only?: string[];
  /** True when running inside the cluster: cluster-vantage requirements run instead of being skipped. */
  inCluster?: boolean;
  /** Hosts reached through a proxy: the proxy resolves them, so no local DNS check. */
  proxied?: (host: string, port: number) => boolean;
}

export const IN_CLUSTER_ONLY = 'needs an in-cluster run (aml-preflight cluster run)';

/** Expands the catalog × the target into concrete checks with their dependencies, in phase order. */
export function planChecks(catalog: Catalog, target: Target, options: PlanOptions = {}): PlannedCheck[] {
  const wanted = options.ruleSets ?? catalog.ruleSets.filter((s) => s.default).map((s) => s.ruleSet);
  for (const name of wanted) {
    if (!catalog.ruleSets.some((s) => s.ruleSet === name)) {
      throw new InputError(`ruleSets: unknown rule set "${name}" (known: ${catalog.ruleSets.map((s) => s.ruleSet).join(', ')})`);
    }
  }
  const requirements = catalog.ruleSets.filter((s) => wanted.includes(s.ruleSet)).flatMap((s) => s.requirements);
  const lastCheckOf = new Map<string, string[]>();
  let checks: PlannedCheck[] = [];
  for (const r of requirements.filter((r) => applies(r, target))) {
    const made = requirementChecks(r, target, options);
    lastCheckOf.set(r.id, finalChecks(made));
    checks.push(...made);
  }
  for (const c of checks) {
    const r = catalog.byId.get(c.requirement);
    const isFirst = !checks.some((o) => o.requirement === c.requirement && c.dependsOn.includes(o.id));
    if (r?.dependsOn && isFirst) c.dependsOn.push(...r.dependsOn.flatMap((d) => lastCheckOf.get(d) ?? []));
  }
  checks.push(...dependencyChecks(options.dependencies ?? [], options.proxied));
  if (options.only?.length) checks = keepOnly(checks, options.only, catalog);
  const order = (c: PlannedCheck) => PHASES.indexOf(c.phase);
  return checks
    .map((c, i) => ({ c, i }))
    .sort((a, b) => order(a.c) - order(b.c) || a.i - b.i)
    .map(({ c }) => c);
}

function applies(r: Requirement, t: Target): boolean {
  if (r.when?.auth && !r.when.auth.includes(t.auth)) return false;
  if (r.when?.customDomain !== undefined && r.when.customDomain !== t.customDomain) return false;
  if (r.when?.networkPlugin && !r.when.networkPlugin.includes(t.networkPlugin)) return false;
  return true;
}

function requirementChecks(r: Requirement, t: Target, options: PlanOptions): PlannedCheck[] {
  const base = { requirement: r.id, phase: r.phase, title: r.title, severity: r.severity };
  if (r.vantage === 'cluster') {
    const kind = r.probes[0];
    return [
      {
        ...base,
        id: `${r.id}/${kind}`,
        kind,
        remediation: fill(r.remediation, t.values),
        dependsOn: [],
        skipReason: options.inCluster ? undefined : IN_CLUSTER_ONLY,
        k8sCheck: r.k8s?.check,
      },
    ];
  }
  const instances: { suffix: string; values: TemplateValues }[] =
    r.each === undefined
      ? [{ suffix: '', values: t.values }]
      : (r.each === 'acr' ? t.acrs : t.storageAccounts).map((v) => ({ suffix: `@${v}`, values: { ...t.values, [r.each!]: v } }));
  if (instances.length === 0) {
    return [
      {
        ...base,
        id: `${r.id}/${r.probes[0]}`,
        kind: r.probes[0],
        remediation: r.remediation,
        dependsOn: [],
        skipReason: `not configured: set ${SETTING_OF[r.each!]}`,
      },
    ];
  }
  return instances.flatMap(({ suffix, values }) => {
    const id = `${r.id}${suffix}`;
    const filled = fillTemplate(r.host!, values);
    // DNS names are case-insensitive: one spelling in ids, reports and firewall rules.
    const host = { ...filled, value: filled.value?.toLowerCase() };
    if (!host.value) {
      return [
        {
          ...base,
          requirement: r.id,
          id: `${id}/${r.probes[0]}`,
          kind: r.probes[0],
          remediation: r.remediation,
          dependsOn: [],
          skipReason: `not configured: set ${host.missing.map((m) => SETTING_OF[m]).join(' and ')}`,
        },
      ];
    }
    const port = r.port ?? 443;
    // Through a proxy the proxy resolves the name; a DNS-only requirement (the endpoint's own name, resolved by its clients) keeps its check.
    const probes = options.proxied?.(host.value, port) && r.probes.length > 1 ? r.probes.filter((p) => p !== 'dns') : r.probes;
    const zone = r.privateLinkZone ? fillTemplate(r.privateLinkZone, values).value : undefined;
    return probes.map(
      (kind, i): PlannedCheck => ({
        ...base,
        id: `${id}/${kind}`,
        kind,
        host: host.value,
        port: kind === 'dns' ? undefined : port,
        remediation: fill(r.remediation, values),
        dependsOn: i === 0 ? [] : [`${id}/${probes[i - 1]}`],
        http:
          kind === 'http' && r.http
            ? { url: `${httpOrigin(r, filled.value!.toLowerCase(), port)}${r.http.path}`, proof: r.http }
            : undefined,
        privateLinkZone: kind === 'dns' ? zone : undefined,
      }),
    );
  });
}

/** HTTPS when the requirement proves TLS; plain HTTP otherwise (the Ubuntu archives on port 80). */
function httpOrigin(r: Requirement, host: string, port: number): string {
  const scheme = r.probes.includes('tls') ? 'https' : 'http';
  return `${scheme}://${host}${port === (scheme === 'https' ? 443 : 80) ? '' : `:${port}`}`;
}

/** Templates in prose keep their placeholder when a value is missing, rather than reading "allow .azurecr.io". */
function fill(text: string, values: TemplateValues): string {
  return text.replace(/\{([^}]+)\}/g, (whole, name: keyof TemplateValues) => values[name] ?? whole);
}

/** The checks no other check of the same requirement waits for: what "the requirement passed" means. */
function finalChecks(checks: PlannedCheck[]): string[] {
  return checks.filter((c) => !checks.some((o) => o.dependsOn.includes(c.id))).map((c) => c.id);
}

function keepOnly(checks: PlannedCheck[], only: string[], catalog: Catalog): PlannedCheck[] {
  const known = new Set<string>([...PHASES, ...catalog.byId.keys(), ...checks.map((c) => c.requirement)]);
  const unknown = only.filter((o) => !known.has(o) && !checks.some((c) => c.id.startsWith(`${o}/`)));
  if (unknown.length)
    throw new InputError(
      `--only: "${unknown[0]}" is neither a phase (${PHASES.join(', ')}) nor a requirement id (see: aml-preflight rules list)`,
    );
  const kept = checks.filter((c) => only.some((o) => o === c.phase || o === c.requirement || c.id.startsWith(`${o}/`)));
  const ids = new Set(kept.map((c) => c.id));
  // A check keeps its object when all it waits on was kept (every dependency's chain, with --only dependency).
  return kept.map((c) => (c.dependsOn.every((d) => ids.has(d)) ? c : { ...c, dependsOn: c.dependsOn.filter((d) => ids.has(d)) }));
}
