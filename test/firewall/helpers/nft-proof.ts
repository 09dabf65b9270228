// The proof with a real firewall, for any rule set. Two network namespaces joined
// by a veth pair: "azure" serves DNS and the lab's hosts' endpoints on
// 198.18.0.0/16; "client" runs the checker behind an nftables default-drop egress
// policy. With nothing opened the preflight fails; with the rules of `firewall
// generate --format nftables` it passes; without any one generated rule exactly
// the checks of that rule's requirements fail (sufficient and minimal).
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import type { CheckResult, Report } from '../../../src/types.ts';
import { BIN } from '../../helpers/cli.ts';
import { nonEmpty } from '../../helpers/non-empty.ts';

const ROOT = process.getuid?.() === 0;
const has = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
const SKIP = !ROOT
  ? 'needs root (network namespaces and nftables)'
  : !has('nft') || !has('ip') || !has('conntrack')
    ? 'needs nft, ip and conntrack (apt-get install nftables iproute2 conntrack)'
    : undefined;

export const DNS = '198.18.0.1';
const CLIENT = '198.18.0.2';
const AZURE_SIDE = fileURLToPath(new URL('../fixtures/azure-side.ts', import.meta.url));

export interface LabHost {
  host: string;
  service: string;
  address: string;
}

export interface NftProofOptions {
  title: string;
  /** Two letters that keep this proof's namespaces and veth names apart from another's. */
  tag: string;
  /** The lab's hosts (name → service) that the azure side serves. */
  labHosts: Record<string, string>;
  /** The target profile, given the hosts and their addresses. */
  profile: (hosts: LabHost[]) => Record<string, unknown>;
  /** The names of the rules the generator must write, exactly. */
  expectedRules: string[];
  /** At least this many network checks pass with every rule loaded. */
  minChecks: number;
  /** Also require that every lab host is opened by name or address. */
  everyHostOpened?: boolean;
}

function sh(args: string[], input?: string): string {
  const r = spawnSync(args[0], args.slice(1), { encoding: 'utf8', input, timeout: 30_000 });
  if (r.status !== 0) throw new Error(`${args.join(' ')}: ${r.stderr || r.error?.message}`);
  return r.stdout;
}

export function describeNftProof(o: NftProofOptions): void {
  const id = process.pid % 100_000;
  const NS = { client: `amlpf-${o.tag}c-${id}`, azure: `amlpf-${o.tag}a-${id}` };
  const VETH = { client: `amlp${o.tag}c${id}`, azure: `amlp${o.tag}a${id}` };
  const inClient = (args: string[]) => ['ip', 'netns', 'exec', NS.client, ...args];
  // Deleting a namespace deletes its end of the veth pair, and so the pair.
  const cleanup = () => {
    for (const ns of Object.values(NS)) spawnSync('ip', ['netns', 'del', ns]);
  };

  describe(o.title, { skip: SKIP, timeout: 240_000 }, () => {
    let dir: string;
    let azure: ChildProcess | undefined;
    let profile: string;
    let caFile: string;
    let rulesText: string;
    const hosts: LabHost[] = Object.entries(o.labHosts).map(([host, service], i) => ({ host, service, address: `198.18.1.${10 + i}` }));

    before(async () => {
      cleanup();
      dir = mkdtempSync(join(tmpdir(), `amlpf-fw-proof-${o.tag}-`));
      caFile = join(dir, 'ca.pem');
      sh(['ip', 'netns', 'add', NS.client]);
      sh(['ip', 'netns', 'add', NS.azure]);
      sh(['ip', 'link', 'add', VETH.client, 'netns', NS.client, 'type', 'veth', 'peer', 'name', VETH.azure, 'netns', NS.azure]);
      sh(['ip', '-n', NS.client, 'addr', 'add', `${CLIENT}/16`, 'dev', VETH.client]);
      sh(['ip', '-n', NS.azure, 'addr', 'add', `${DNS}/16`, 'dev', VETH.azure]);
      for (const h of hosts) sh(['ip', '-n', NS.azure, 'addr', 'add', `${h.address}/16`, 'dev', VETH.azure]);
      for (const [ns, veth] of [
        [NS.client, VETH.client],
        [NS.azure, VETH.azure],
      ]) {
        sh(['ip', '-n', ns, 'link', 'set', 'lo', 'up']);
        sh(['ip', '-n', ns, 'link', 'set', veth, 'up']);
      }
      const config = join(dir, 'azure.json');
      writeFileSync(config, JSON.stringify({ dnsAddress: DNS, caFile, hosts }));
      azure = spawn('ip', ['netns', 'exec', NS.azure, process.execPath, AZURE_SIDE, config], { stdio: ['pipe', 'pipe', 'inherit'] });
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('the azure side did not start in 20 s')), 20_000);
        azure!.stdout!.on('data', (d) => {
          if (String(d).includes('ready')) {
            clearTimeout(timer);
            resolve();
          }
        });
        azure!.once('exit', (code) => reject(new Error(`the azure side exited (${code})`)));
      });
      profile = join(dir, 'preflight.yaml');
      writeFileSync(profile, stringify(o.profile(hosts)));
      // Generated inside the client namespace before any rule is loaded: the names resolve through the DNS server the cluster uses.
      rulesText = sh(
        inClient([
          process.execPath,
          BIN,
          'firewall',
          'generate',
          '-c',
          profile,
          '--dns-server',
          DNS,
          '--format',
          'nftables',
          '--nft-hook',
          'output',
          '--source',
          `${CLIENT}/32`,
        ]),
      );
    });

    after(() => {
      azure?.stdin?.end();
      azure?.kill();
      cleanup();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    /** Loads the generated file without the given rules' lines, then runs the preflight in the client namespace. */
    function preflightWithout(removed: (line: string) => boolean): { code: number | null; report: Report } {
      const file = join(dir, 'loaded.nft');
      writeFileSync(
        file,
        rulesText
          .split('\n')
          .filter((l) => !removed(l))
          .join('\n'),
      );
      sh(inClient(['nft', '-f', file]));
      // A flow left from the previous run (a reused UDP source port to the DNS
      // server) would pass as "established": each rule set is judged on fresh flows.
      spawnSync(inClient([])[0], [...inClient([]).slice(1), 'conntrack', '-F'], { stdio: 'ignore' });
      const r = spawnSync(
        inClient([])[0],
        [
          ...inClient([]).slice(1),
          process.execPath,
          BIN,
          'check',
          '-c',
          profile,
          '--dns-server',
          DNS,
          '--ca-file',
          caFile,
          '-o',
          'json',
          '--timeout',
          '1500',
        ],
        { encoding: 'utf8', timeout: 60_000 },
      );
      return { code: r.status, report: JSON.parse(r.stdout) as Report };
    }

    const ruleLines = () => rulesText.split('\n').filter((l) => / accept comment "/.test(l));
    const ruleName = (line: string) => /comment "([^:"]+):/.exec(line)![1];
    /** The hosts (or addresses) a rule opens, from the comment line the generator writes above it. */
    const ruleTargets = (name: string) =>
      rulesText
        .split('\n')
        .find((l) => l.startsWith(`\t\t# ${name}: `))!
        .slice(`\t\t# ${name}: `.length)
        .split(', ');
    const instanceOf = (c: CheckResult) => c.id.slice(0, c.id.lastIndexOf('/'));
    const network = (c: CheckResult) => c.kind !== 'k8s';

    it('opens every host the rule set needs, the DNS server, and only those', () => {
      const names = ruleLines().map(ruleName);
      assert.deepEqual(names.sort(), [...o.expectedRules].sort());
      assert.deepEqual(ruleTargets('custom-dns'), [DNS]);
      if (o.everyHostOpened) {
        const opened = names.filter((n) => n !== 'custom-dns').flatMap(ruleTargets);
        for (const { host, address } of hosts) assert.ok(opened.includes(host) || opened.includes(address), `${host} is not opened`);
      }
    });

    it('fails with nothing opened, passes with the generated rules, and each rule is needed by exactly its requirements', () => {
      const closed = preflightWithout((l) => / accept comment "/.test(l));
      assert.equal(closed.code, 1);
      assert.ok(
        nonEmpty(
          closed.report.checks.filter((c) => c.kind === 'dns'),
          'the name lookups',
        ).every((c) => c.status === 'fail'),
        'every name lookup is dropped',
      );

      const open = preflightWithout(() => false);
      assert.equal(
        open.code,
        0,
        JSON.stringify(
          open.report.checks.filter((c) => c.status !== 'pass' && c.kind !== 'k8s'),
          null,
          1,
        ),
      );
      const checked = open.report.checks.filter(network);
      assert.ok(checked.length >= o.minChecks && checked.every((c) => c.status === 'pass'));

      for (const line of ruleLines()) {
        const name = ruleName(line);
        const { report } = preflightWithout((l) => l === line);
        const failed = report.checks.filter((c) => c.status === 'fail');
        assert.ok(failed.length > 0, `${name}: removing it broke nothing, so it is not needed`);
        const targets = ruleTargets(name);
        // Without the DNS rule nothing resolves; without a host's rule its name still resolves but nothing connects.
        const affected = (c: CheckResult) => (name === 'custom-dns' ? true : c.kind !== 'dns' && targets.includes(c.host ?? ''));
        for (const c of report.checks.filter(network)) {
          if (affected(c)) {
            assert.ok(
              c.status === 'fail' || (c.status === 'skip' && c.blockedBy),
              `${name}: ${c.id} should fail or be blocked, got ${c.status}`,
            );
            if (c.status === 'fail' && name !== 'custom-dns')
              assert.ok(
                name.split('_').includes(instanceOf(c).replace(/[^A-Za-z0-9_.-]+/g, '-')),
                `${name}: ${c.id} failed but belongs to another requirement`,
              );
          } else {
            assert.equal(c.status, 'pass', `${name}: ${c.id} should still pass without it, got ${c.status} ${c.code ?? ''}`);
          }
        }
        if (name === 'custom-dns') assert.ok(failed.every((c) => c.kind === 'dns'));
        else
          assert.ok(
            failed.every((c) => c.kind === 'tcp'),
            `${name}: only connections fail: ${failed.map((c) => c.id)}`,
          );
      }
    });
  });
}
