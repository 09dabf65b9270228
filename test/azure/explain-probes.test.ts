// check --azure-snapshot: the configuration's explanation beside each failing
// probe, and a finding where the probe and the configuration disagree.
import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { joinExplanation } from '../../src/azure/explain/join-probes.ts';
import type { Explanation } from '../../src/azure/explain/explain.ts';
import type { CheckResult, Report } from '../../src/types.ts';
import { runCli } from '../helpers/cli.ts';
import { FIXTURES, PROFILE, writeSnapshot } from './explain-support.ts';

test('check --azure-snapshot: failing checks carry evidence.explain; where the configuration allows, the failure is a disagreement naming the suspects', async () => {
  // A DNS server that never answers, on loopback: every lookup fails, as behind a broken custom DNS.
  const silent = createSocket('udp4');
  await new Promise<void>((resolve) => silent.bind(0, '127.0.0.1', resolve));
  try {
    const port = (silent.address() as { port: number }).port;
    const r = await runCli(
      [
        'check',
        '--azure-snapshot',
        join(FIXTURES, 'explain-hub-spoke.json'),
        '-c',
        PROFILE,
        '--dns-server',
        `127.0.0.1:${port}`,
        '--timeout',
        '300',
        '-o',
        'json',
      ],
      { timeoutMs: 90_000 },
    );
    assert.equal(r.code, 1, r.stderr);
    const report = JSON.parse(r.stdout) as Report;
    const failed = report.checks.filter((c) => c.status === 'fail');
    assert.ok(failed.length >= 5);
    const explained = (id: string) =>
      report.checks.find((c) => c.id === id)!.evidence.explain as {
        verdict: string;
        decidedBy: { name: string } | null;
        path: { hop: string }[];
        disagreement?: { code: string; message: string };
      };
    const mcr = explained('mcr/dns');
    assert.equal(mcr.verdict, 'allow');
    assert.equal(mcr.decidedBy?.name, 'platform-allow-aks/aks-fqdn-tag');
    assert.equal(mcr.path.map((h) => h.hop).join(' '), 'subnet nsg route firewall policy egress');
    assert.equal(mcr.disagreement?.code, 'EXPLAIN_ALLOWS_PROBE_FAILED');
    assert.match(mcr.disagreement!.message, new RegExp(`the DNS servers 127\\.0\\.0\\.1:${port}`));
    const kusto = explained('kusto/dns');
    assert.equal(kusto.verdict, 'deny');
    assert.equal(kusto.decidedBy?.name, 'deny-telemetry/no-kusto');
    assert.equal(kusto.disagreement, undefined, 'denied by the configuration and failing: they agree');
    const kustoCheck = report.checks.find((c) => c.id === 'kusto/dns')!;
    assert.match(kustoCheck.message, /^Azure configuration: deny by deny-telemetry\/no-kusto\. resolver 127\.0\.0\.1/);
    assert.match(
      report.checks.find((c) => c.id === 'mcr/dns')!.message,
      /Azure configuration: allow by platform-allow-aks\/aks-fqdn-tag \(EXPLAIN_ALLOWS_PROBE_FAILED\)/,
    );
    // The table a person reads shows it beside the probe.
    const saved = writeSnapshot([]).replace(/snapshot\.json$/, 'report.json');
    writeFileSync(saved, r.stdout);
    const table = await runCli(['report', '--from', saved, '-o', 'table', '--no-color']);
    assert.equal(table.code, 1, table.stderr); // the report has failed checks
    assert.match(table.stdout.replace(/\s+/g, ' '), /Azure configuration: deny by deny-telemetry\/no-kusto/);
  } finally {
    silent.close();
  }
});

const check = (id: string, status: CheckResult['status'], extra: Partial<CheckResult> = {}): CheckResult => ({
  id,
  requirement: id.split(/[@/]/)[0],
  phase: 'model-deploy',
  kind: id.endsWith('/dns') ? 'dns' : 'tcp',
  status,
  message: '',
  durationMs: 1,
  evidence: {},
  ...extra,
});

test('a probe that passes where the configuration denies is a disagreement; a stale record is named', () => {
  const path = [
    { hop: 'subnet' as const, id: 's', name: 'snet', detail: '' },
    { hop: 'dns' as const, id: 'z', name: 'privatelink.azurecr.io contosoml', detail: 'A 10.1.8.5' },
  ];
  const x: Explanation = {
    cluster: { id: 'c', name: 'c' },
    summary: { allow: 1, deny: 1, unknown: 0 },
    entries: [
      {
        requirement: 'kusto',
        required: true,
        verdict: 'deny',
        decidedBy: { id: 'g', name: 'deny-telemetry/no-kusto' },
        path,
        findings: [],
        flows: [],
      },
      {
        requirement: 'acr@contosoml',
        required: true,
        verdict: 'allow',
        decidedBy: { id: 'r', name: 'AllowVnetOutBound' },
        path,
        findings: [],
        flows: [],
      },
    ],
  };
  const report = {
    vantage: { kind: 'pod', host: 'p' },
    checks: [
      check('kusto/dns', 'pass'),
      check('kusto/tcp', 'pass'),
      check('acr@contosoml/tcp', 'fail', { code: 'TCP_TIMEOUT', evidence: { addresses: ['20.1.2.3'] } }),
      check('mcr/tcp', 'fail'),
    ],
  } as unknown as Report;
  const joined = joinExplanation(report, x, {});
  const ev = (id: string) =>
    joined.checks.find((c) => c.id === id)!.evidence.explain as { disagreement?: { code: string; message: string } } | undefined;
  assert.equal(ev('kusto/dns'), undefined, 'a name that resolves says nothing about a firewall deny');
  assert.equal(ev('kusto/tcp')!.disagreement!.code, 'EXPLAIN_DENIES_PROBE_PASSED');
  assert.match(ev('kusto/tcp')!.disagreement!.message, /decided by deny-telemetry\/no-kusto/);
  assert.match(
    ev('acr@contosoml/tcp')!.disagreement!.message,
    /a stale record: the probe reached 20\.1\.2\.3, the snapshot's privatelink\.azurecr\.io contosoml says A 10\.1\.8\.5/,
  );
  assert.equal(ev('mcr/tcp'), undefined, 'no entry for it in the explanation: left as it was');
});
