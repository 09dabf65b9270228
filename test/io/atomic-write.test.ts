// --output-file writes where the user pointed: a regular file is replaced atomically
// and keeps its mode; a device, a symlink or a FIFO is written to, never replaced;
// the temp file cannot be redirected by a name planted beforehand.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { writeFileAtomic } from '../../src/io/atomic-write.ts';
import { BIN } from '../helpers/cli.ts';
import { findBinary, missingPrerequisite } from '../real/support/prerequisites.ts';

const dir = mkdtempSync(join(tmpdir(), 'amlpf-write-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('an existing 0600 report stays 0600 when it is replaced', async () => {
  const file = join(dir, 'private.json');
  writeFileSync(file, 'old');
  chmodSync(file, 0o600);
  await writeFileAtomic(file, 'new');
  assert.equal(readFileSync(file, 'utf8'), 'new');
  assert.equal(statSync(file).mode & 0o777, 0o600);
});

test('names planted where the temp file would go cannot redirect the write', async () => {
  const planted = join(dir, 'planted');
  mkdirSync(planted);
  const victim = join(dir, 'victim');
  writeFileSync(victim, 'untouched');
  // Every name the old scheme (".NAME.<pid>.<ms>.tmp") could pick in the next few seconds points at the victim.
  const now = Date.now();
  for (let ms = now; ms < now + 3000; ms++) symlinkSync(victim, join(planted, `.report.json.${process.pid}.${ms}.tmp`));
  await writeFileAtomic(join(planted, 'report.json'), 'the report');
  assert.equal(readFileSync(victim, 'utf8'), 'untouched');
  assert.ok(lstatSync(join(planted, 'report.json')).isFile());
  assert.equal(readFileSync(join(planted, 'report.json'), 'utf8'), 'the report');
  // Nothing of ours is left behind: only the planted links besides the report.
  assert.deepEqual(
    readdirSync(planted).filter((n) => !lstatSync(join(planted, n)).isSymbolicLink()),
    ['report.json'],
  );
});

test('an unwritable directory is one input error naming the file', async () => {
  await assert.rejects(
    writeFileAtomic('/proc/version/report.json', 'x'),
    (e: Error) => e.name === 'InputError' && /cannot write \/proc\/version\/report\.json/.test(e.message),
  );
});

// Devices need root to make; all of it happens on a tmpfs in a mount namespace of its own, never on the real /dev.
const skip =
  missingPrerequisite([], { root: true }) ??
  (findBinary('unshare') && findBinary('mknod') ? undefined : 'needs unshare(1) and mknod(1) (util-linux, coreutils)');
describe('non-regular targets, in a private mount namespace', { skip }, () => {
  test('a character device, a symlink and a FIFO stay what they are and receive the report', { timeout: 60_000 }, () => {
    const mnt = mkdtempSync(join(tmpdir(), 'amlpf-devs-'));
    const cli = `${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} check --dependency tcp://127.0.0.1:1 --only dependency --timeout 1000 -o json --output-file`;
    const script = `
      set -e
      D="$1"
      mount -t tmpfs tmpfs "$D"
      mknod "$D/null" c 1 3 && chmod 666 "$D/null"
      echo old > "$D/real.json" && chmod 600 "$D/real.json"
      ln -s real.json "$D/link.json"
      mkfifo "$D/fifo"
      ${cli} "$D/null" >/dev/null 2>&1 || true
      ${cli} "$D/link.json" >/dev/null 2>&1 || true
      timeout 30 cat "$D/fifo" > "$D/from-fifo" & reader=$!
      ${cli} "$D/fifo" >/dev/null 2>&1 || true
      wait $reader || true
      echo "null=$(stat -c %F "$D/null") $(stat -c %t:%T "$D/null")"
      echo "link=$(stat -c %F "$D/link.json")"
      echo "real=$(stat -c %a "$D/real.json") $(head -c 1 "$D/real.json")"
      echo "fifo=$(stat -c %F "$D/fifo") $(head -c 1 "$D/from-fifo")"
      echo "left=$(ls -A "$D" | grep -c '\\.tmp$' || true)"
    `;
    try {
      const run = spawnSync('unshare', ['--mount', '--propagation', 'private', '/bin/sh', '-c', script, 'sh', mnt], {
        encoding: 'utf8',
        timeout: 50_000,
      });
      assert.equal(run.status, 0, run.stderr);
      const lines = Object.fromEntries(
        run.stdout
          .trim()
          .split('\n')
          .map((l) => l.split('=') as [string, string]),
      );
      assert.equal(lines.null, 'character special file 1:3');
      assert.equal(lines.link, 'symbolic link');
      assert.equal(lines.real, '600 {', "the link's target got the report and kept its mode");
      assert.equal(lines.fifo, 'fifo {', 'the reader of the FIFO got the report');
      assert.equal(lines.left, '0');
      // The namespace's tmpfs went with it: the directory here is empty.
      assert.deepEqual(readdirSync(mnt), []);
    } finally {
      rmSync(mnt, { recursive: true, force: true });
    }
  });
});
