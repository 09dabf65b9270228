// Every input file has a size limit and is read no further than one byte past it:
// /dev/zero (endless) fails at once with exit 2 and one line, instead of filling memory.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { INPUT_FILES, readInputFile } from '../../src/io/input-file.ts';
import { runCli } from '../helpers/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'amlpf-input-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const ENDLESS: [string, string[], RegExp][] = [
  ['-c (the profile)', ['check', '-c', '/dev/zero'], /the profile is larger than 1 MiB/],
  [
    '--rules-file',
    ['check', '--cluster-fqdn', 'x.hcp.eastus.azmk8s.io', '--rules-file', '/dev/zero'],
    /the rule file is larger than 4 MiB/,
  ],
  ['--ca-file', ['check', '--dependency', 'tcp://127.0.0.1:1', '--ca-file', '/dev/zero'], /the CA file is larger than 4 MiB/],
  ['--from (a report)', ['firewall', 'generate', '--from', '/dev/zero'], /the report is larger than 64 MiB/],
  ['--from-manifests', ['audit', '--from-manifests', '/dev/zero'], /the manifest file is larger than 64 MiB/],
];

for (const [what, args, message] of ENDLESS) {
  test(`${what} from /dev/zero: exit 2 with one line, fast, in bounded memory`, { timeout: 30_000 }, async () => {
    const run = await runCli(args, { timeoutMs: 20_000 });
    assert.equal(run.code, 2, run.stderr);
    const lines = run.stderr.split('\n').filter((l) => l.startsWith('aml-preflight'));
    assert.equal(lines.length, 1, run.stderr);
    assert.match(lines[0]!, message);
    assert.match(lines[0]!, /^aml-preflight: \/dev\/zero: /);
    assert.equal(run.stdout, '');
  });
}

test('a file one byte over its limit is refused; one at the limit is read', () => {
  const limit = INPUT_FILES.profile.limitBytes;
  const atLimit = join(dir, 'at-limit.yaml');
  writeFileSync(atLimit, `#${'x'.repeat(limit - 2)}\n`);
  assert.equal(readInputFile(atLimit, 'profile').length, limit);
  const over = join(dir, 'over.yaml');
  writeFileSync(over, `#${'x'.repeat(limit - 1)}\n`);
  assert.throws(
    () => readInputFile(over, 'profile'),
    (e: Error) => e.name === 'InputError' && e.message === `${over}: the profile is larger than 1 MiB, the most aml-preflight reads for it`,
  );
});

test('a missing file and a directory are input errors naming the file', () => {
  assert.throws(() => readInputFile(join(dir, 'missing.yaml'), 'profile'), /missing\.yaml: cannot read the profile: ENOENT/);
  assert.throws(() => readInputFile(dir, 'rules'), /: cannot read the rule file: EISDIR/);
});
