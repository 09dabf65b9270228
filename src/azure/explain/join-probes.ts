import type { Profile } from '../../config/profile.ts';
import type { CheckResult, Report } from '../../types.ts';
import type { Explanation, ExplainEntry } from './explain.ts';

// `check` with a snapshot: each failing check carries the configuration's
// explanation of its path (evidence.explain). Where the probe and the
// configuration disagree, something is in the path that the snapshot does not
// show, and the check says what it may be.

export interface CheckExplanation {
  verdict: ExplainEntry['verdict'];
  decidedBy: ExplainEntry['decidedBy'];
  path: ExplainEntry['path'];
  /** The probe and the configuration disagree: what else may be in the path. */
  disagreement?: { code: 'EXPLAIN_ALLOWS_PROBE_FAILED' | 'EXPLAIN_DENIES_PROBE_PASSED'; message: string };
}

const instanceOf = (c: CheckResult): string => c.id.slice(0, c.id.lastIndexOf('/'));

/** What else may stand between this run and the host, beside what the snapshot shows. */
function elseInPath(check: CheckResult, entry: ExplainEntry, profile: Profile, report: Report): string {
  const suspects: string[] = [];
  const viaProxy = check.evidence.proxy !== undefined || (profile.proxy?.url !== undefined && check.kind !== 'dns');
  if (viaProxy)
    suspects.push(`the proxy ${String(check.evidence.proxy ?? 'of proxy.url')}, which makes the connection instead of the node`);
  if (report.vantage.kind === 'local') suspects.push(`this run's own network (it ran on ${report.vantage.host}, not on the node subnet)`);
  const dns = entry.path.find((h) => h.hop === 'dns');
  const addresses = (check.evidence.addresses as string[] | undefined) ?? [];
  if (check.kind === 'dns' || check.code?.startsWith('DNS_')) {
    suspects.push(
      profile.dns?.servers?.length
        ? `the DNS servers ${profile.dns.servers.join(', ')} (custom or on-premises forwarders)`
        : 'the resolver the nodes use (custom or on-premises DNS)',
    );
    if (dns) suspects.push(`a record that differs from the snapshot's ${dns.name} (${dns.detail})`);
  } else if (dns && addresses.length && !addresses.some((a) => dns.detail.includes(a))) {
    suspects.push(`a stale record: the probe reached ${addresses.join(', ')}, the snapshot's ${dns.name} says ${dns.detail}`);
  } else {
    suspects.push(
      'a network virtual appliance or an on-premises route the snapshot does not hold (BGP, a VPN gateway)',
      'an NSG on the node NICs',
      'TLS inspection',
    );
  }
  suspects.push('or a snapshot older than the network');
  return suspects.join('; ');
}

/** The report with each check explained where the snapshot has the check's requirement instance. */
export function joinExplanation(report: Report, x: Explanation, profile: Profile): Report {
  const entries = new Map(x.entries.map((e) => [e.requirement, e]));
  const checks = report.checks.map((check): CheckResult => {
    const entry = entries.get(instanceOf(check));
    if (!entry) return check;
    const explained: CheckExplanation = { verdict: entry.verdict, decidedBy: entry.decidedBy, path: entry.path };
    if (check.status === 'fail' && entry.verdict === 'allow') {
      explained.disagreement = {
        code: 'EXPLAIN_ALLOWS_PROBE_FAILED',
        message: `the configuration allows ${entry.requirement}, yet the probe failed (${check.code ?? check.message}): something else is in the path: ${elseInPath(check, entry, profile, report)}`,
      };
    } else if (check.status === 'pass' && entry.verdict === 'deny' && check.kind !== 'dns') {
      explained.disagreement = {
        code: 'EXPLAIN_DENIES_PROBE_PASSED',
        message: `the configuration denies ${entry.requirement} (decided by ${entry.decidedBy?.name ?? 'the default deny'}), yet the probe passed: ${elseInPath(check, entry, profile, report)}`,
      };
    } else if (check.status !== 'fail') return check;
    // Before the probe's own words, so every format (and a table that shortens long lines) shows it.
    const says = `Azure configuration: ${entry.verdict} by ${entry.decidedBy?.name ?? 'the default deny'}${explained.disagreement ? ` (${explained.disagreement.code})` : ''}`;
    return { ...check, message: check.message ? `${says}. ${check.message}` : says, evidence: { ...check.evidence, explain: explained } };
  });
  return { ...report, checks };
}

/** check --azure-snapshot FILE: the report's checks explained from the snapshot. */
export async function explainChecks(report: Report, file: string, profile: Profile, extraRuleFiles?: string[]): Promise<Report> {
  const [{ loadCatalog }, { readSnapshot }, { explain }] = await Promise.all([
    import('../../catalog/load.ts'),
    import('../snapshot.ts'),
    import('./explain.ts'),
  ]);
  return joinExplanation(report, explain(readSnapshot(file), profile, loadCatalog(extraRuleFiles), file), profile);
}
