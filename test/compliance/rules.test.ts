// Every compliance rule, passing and failing, offline (audit --from-manifests
// over kubectl output) and live (audit against the Kubernetes API double):
// the same objects must give the same verdicts both ways.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { parse, stringify } from 'yaml';
import { runCli } from '../helpers/cli.ts';
import { startKubeApi, type StoredObject } from '../doubles/k8s/index.ts';
import type { Report } from '../../src/types.ts';

type K8sObject = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; annotations?: Record<string, string> };
  spec?: Record<string, unknown>;
  data?: Record<string, string>;
};

const HEALTHY_FILE = new URL('./fixtures/healthy.yaml', import.meta.url).pathname;
const healthy = (): K8sObject[] => parse(readFileSync(HEALTHY_FILE, 'utf8')).items;
const BASE_ARGS = ['--load', 'churn-model:2:1', '--workspace-region', 'eastus'];
const RULES = [
  'no-hpa-on-models',
  'container-insights',
  'defender-sensor',
  'accelerators-on-first-pool',
  'devtest-autoscale',
  'token-auth-region',
  'model-auth-enabled',
  'max-replicas-cover-load',
];
const dir = mkdtempSync(join(tmpdir(), 'aml-preflight-audit-'));

const named = (name: string) => (o: K8sObject) => o.metadata.name === name;
const annotate = (name: string, annotations: Record<string, string>) => (objects: K8sObject[]) =>
  objects.map((o) =>
    named(name)(o) && o.kind === 'Deployment'
      ? { ...o, metadata: { ...o.metadata, annotations: { ...o.metadata.annotations, ...annotations } } }
      : o,
  );

interface Case {
  rule: string;
  what: string;
  mutate?: (objects: K8sObject[]) => K8sObject[];
  args?: string[];
  status: 'fail' | 'warn';
  code: string;
  message: RegExp;
}

const CASES: Case[] = [
  {
    rule: 'no-hpa-on-models',
    what: 'an HPA on the churn model',
    mutate: (o) => [
      ...o,
      {
        apiVersion: 'autoscaling/v2',
        kind: 'HorizontalPodAutoscaler',
        metadata: { name: 'churn-hpa', namespace: 'azureml-ws1' },
        spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'churn-model' }, maxReplicas: 5 },
      },
    ],
    status: 'fail',
    code: 'HPA_ON_MODEL',
    message: /azureml-ws1\/churn-hpa -> deployment azureml-ws1\/churn-model/,
  },
  {
    rule: 'container-insights',
    what: 'no ama-logs DaemonSet',
    mutate: (o) => o.filter((x) => !named('ama-logs')(x)),
    status: 'warn',
    code: 'CONTAINER_INSIGHTS_ABSENT',
    message: /no DaemonSet matching kube-system\/ama-logs or kube-system\/omsagent/,
  },
  {
    rule: 'defender-sensor',
    what: 'no Defender DaemonSet',
    mutate: (o) => o.filter((x) => !x.metadata.name.startsWith('microsoft-defender-')),
    status: 'warn',
    code: 'DEFENDER_SENSOR_ABSENT',
    message: /microsoft-defender-\* or mdc\/\*/,
  },
  {
    rule: 'accelerators-on-first-pool',
    what: 'the GPU model running on the GPU pool added later',
    mutate: (o) =>
      o.map((x) => (named('vision-model-7b6c5-p8r2t')(x) ? { ...x, spec: { ...x.spec, nodeName: 'aks-gpupool-31718369-vmss000000' } } : x)),
    status: 'fail',
    code: 'ACCELERATOR_ON_SECONDARY_POOL',
    message: /first pool: nodepool1\): azureml-ws1\/vision-model on gpupool/,
  },
  {
    rule: 'devtest-autoscale',
    what: 'a DevTest cluster',
    mutate: (o) => o.map((x) => (named('azuremlfeconfig')(x) ? { ...x, data: { 'azuremlfe.conf': '{"clusterPurpose": "DevTest"}' } } : x)),
    status: 'warn',
    code: 'DEVTEST_AUTOSCALE',
    message: /DevTest cluster \(from config map default\/azuremlfeconfig .*churn-model/,
  },
  {
    rule: 'token-auth-region',
    what: 'token auth with the workspace in another region',
    mutate: annotate('churn-model', { token_auth_enabled: 'true' }),
    args: ['--workspace-region', 'westeurope'],
    status: 'warn',
    code: 'TOKEN_AUTH_CROSS_REGION',
    message: /workspace \(westeurope\) is not in the cluster's region \(eastus\)/,
  },
  {
    rule: 'model-auth-enabled',
    what: 'auth_enabled=False',
    mutate: annotate('churn-model', { auth_enabled: 'False' }),
    status: 'warn',
    code: 'MODEL_AUTH_DISABLED',
    message: /authentication disabled: azureml-ws1\/churn-model/,
  },
  {
    rule: 'max-replicas-cover-load',
    what: 'a load that needs 29 replicas',
    args: ['--load', 'churn-model:20:1'],
    status: 'warn',
    code: 'MAX_REPLICAS_BELOW_LOAD',
    message: /max 4 < 29 \(20 rps x 1 s \/ 0\.7 \/ 1\)/,
  },
];

const byRule = (report: Report) => new Map(report.checks.map((c) => [c.requirement, c]));

function assertOnly(report: Report, c?: Case): void {
  const checks = byRule(report);
  assert.deepEqual([...checks.keys()].sort(), [...RULES].sort());
  for (const rule of RULES) {
    const check = checks.get(rule)!;
    assert.equal(check.kind, 'compliance');
    if (rule !== c?.rule) {
      assert.equal(check.status, 'pass', `${rule} passes (${check.message})`);
      continue;
    }
    assert.equal(check.status, c.status, check.message);
    assert.equal(check.code, c.code);
    assert.match(check.message, c.message);
    assert.ok(check.remediation, 'a violation says what to do');
  }
}

function argsOf(c?: Case): string[] {
  const args = [...BASE_ARGS];
  for (let i = 0; i < (c?.args ?? []).length; i += 2) {
    const at = args.indexOf(c!.args![i]);
    if (at >= 0) args.splice(at, 2);
    args.push(c!.args![i], c!.args![i + 1]);
  }
  return args;
}

const exitFor = (c?: Case) => (c?.status === 'fail' ? 1 : 0);

describe('audit --from-manifests (offline)', { concurrency: 4 }, () => {
  test('the healthy cluster passes every rule, exit 0', async () => {
    const r = await runCli(['audit', '--from-manifests', HEALTHY_FILE, ...argsOf(), '-o', 'json']);
    assert.equal(r.code, 0, r.stderr);
    assertOnly(JSON.parse(r.stdout));
  });
  for (const c of CASES) {
    test(`${c.rule}: ${c.what} is a ${c.status} (${c.code})`, async () => {
      const file = join(dir, `${c.rule}.yaml`);
      writeFileSync(file, stringify({ apiVersion: 'v1', kind: 'List', items: (c.mutate ?? ((o) => o))(healthy()) }));
      const r = await runCli(['audit', '--from-manifests', file, ...argsOf(c), '-o', 'json']);
      assert.equal(r.code, exitFor(c), r.stderr);
      assertOnly(JSON.parse(r.stdout), c);
    });
  }
});

describe('audit (live, through the Kubernetes API)', { concurrency: 4 }, () => {
  for (const c of [undefined, ...CASES]) {
    test(c ? `${c.rule}: ${c.what} is a ${c.status} (${c.code})` : 'the healthy cluster passes every rule, exit 0', async () => {
      const api = await startKubeApi({ objects: (c?.mutate ?? ((o) => o))(healthy()) as unknown as Partial<StoredObject>[] });
      try {
        const kubeconfig = api.writeKubeconfig(mkdtempSync(join(dir, 'live-')), api.addUser('auditor', ['system:masters']));
        const r = await runCli(['audit', '--kubeconfig', kubeconfig, ...argsOf(c), '-o', 'json']);
        assert.equal(r.code, exitFor(c), r.stderr);
        const report: Report = JSON.parse(r.stdout);
        assertOnly(report, c);
        assert.match(String(report.checks[0].evidence.source), /^cluster \(context double\)$/);
      } finally {
        await api.stop();
      }
    });
  }
});

describe('what audit reads', () => {
  let jsonFile: string;
  before(() => {
    jsonFile = join(dir, 'dump.json');
    writeFileSync(jsonFile, JSON.stringify(parse(readFileSync(HEALTHY_FILE, 'utf8'))));
  });

  test('kubectl -o json output and a directory of dumps read the same as the YAML', async () => {
    const split = mkdtempSync(join(dir, 'split-'));
    const items = healthy();
    writeFileSync(
      join(split, 'nodes.yaml'),
      items
        .filter((o) => o.kind === 'Node')
        .map((o) => `---\n${stringify(o)}`)
        .join(''),
    );
    writeFileSync(
      join(split, 'rest.json'),
      JSON.stringify({ apiVersion: 'v1', kind: 'List', items: items.filter((o) => o.kind !== 'Node') }),
    );
    writeFileSync(join(split, 'README.txt'), 'not a dump');
    for (const source of [jsonFile, split]) {
      const r = await runCli(['audit', '--from-manifests', source, ...argsOf(), '-o', 'json']);
      assert.equal(r.code, 0, r.stderr);
      assertOnly(JSON.parse(r.stdout));
    }
  });

  test('a dump that left out a kind makes the rules that need it skip, saying so, rather than guess', async () => {
    const file = join(dir, 'no-daemonsets.yaml');
    writeFileSync(file, stringify({ apiVersion: 'v1', kind: 'List', items: healthy().filter((o) => o.kind !== 'DaemonSet') }));
    const r = await runCli(['audit', '--from-manifests', file, ...argsOf(), '-o', 'json']);
    assert.equal(r.code, 0);
    const checks = byRule(JSON.parse(r.stdout));
    for (const rule of ['container-insights', 'defender-sensor']) {
      assert.equal(checks.get(rule)!.status, 'skip');
      assert.match(checks.get(rule)!.message, /the objects hold no DaemonSets/);
    }
  });

  test('without a declared load or a known purpose, those rules skip and name the flag to set', async () => {
    const file = join(dir, 'no-purpose.yaml');
    writeFileSync(file, stringify({ apiVersion: 'v1', kind: 'List', items: healthy().filter((o) => o.kind !== 'ConfigMap') }));
    const r = await runCli(['audit', '--from-manifests', file, '-o', 'json']);
    const checks = byRule(JSON.parse(r.stdout));
    assert.match(checks.get('max-replicas-cover-load')!.message, /no load declared \(--load SERVICE:RPS:SECONDS\)/);
    assert.match(checks.get('devtest-autoscale')!.message, /set --cluster-purpose/);
    const devtest = await runCli(['audit', '--from-manifests', file, '--cluster-purpose', 'devtest', '-o', 'json']);
    assert.equal(byRule(JSON.parse(devtest.stdout)).get('devtest-autoscale')!.code, 'DEVTEST_AUTOSCALE');
  });

  test('the table names each rule and the exit code follows the worst verdict', async () => {
    const file = join(dir, 'hpa-table.yaml');
    writeFileSync(file, stringify({ apiVersion: 'v1', kind: 'List', items: CASES[0].mutate!(healthy()) }));
    const r = await runCli(['audit', '--from-manifests', file, ...argsOf(), '-o', 'table', '--wide', '--no-color']);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /FAIL\s+│ no-hpa-on-models\/compliance/);
    assert.match(r.stdout, /Root cause: phase model-serve — no-hpa-on-models\/compliance/);
  });

  const BAD: [string, () => string[], RegExp][] = [
    [
      'a file that does not exist',
      () => ['--from-manifests', join(dir, 'missing.yaml')],
      /--from-manifests: cannot read .*missing\.yaml: ENOENT/,
    ],
    [
      'broken YAML',
      () => {
        const f = join(dir, 'broken.yaml');
        writeFileSync(f, 'items:\n  - kind: Node\n   metadata: {');
        return ['--from-manifests', f];
      },
      /broken\.yaml: not valid YAML \(line \d+, column \d+\)/,
    ],
    [
      'a file with no Kubernetes objects',
      () => {
        const f = join(dir, 'empty.yaml');
        writeFileSync(f, 'hello: world\n');
        return ['--from-manifests', f];
      },
      /no Node, Deployment, Pod, DaemonSet, HorizontalPodAutoscaler, ConfigMap objects in .*empty\.yaml/,
    ],
    ['a malformed load', () => ['--from-manifests', HEALTHY_FILE, '--load', 'churn-model:fast:1'], /--load: expected SERVICE:RPS:SECONDS/],
    [
      'an unknown cluster purpose',
      () => ['--from-manifests', HEALTHY_FILE, '--cluster-purpose', 'Prod'],
      /--cluster-purpose: must be one of DevTest, FastProd, DenseProd/,
    ],
    [
      'files and a context at once',
      () => ['--from-manifests', HEALTHY_FILE, '--context', 'aks-prod'],
      /takes no --kubeconfig or --context/,
    ],
  ];
  for (const [what, args, expected] of BAD) {
    test(`${what} is one line on stderr and exit 2`, async () => {
      const r = await runCli(['audit', ...args()]);
      assert.equal(r.code, 2);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, expected);
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    });
  }
});
