import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';

// Measured from the call to stop(), because starting can take seconds on a loaded
// machine; what stays behind would hold the process for 10 s (dns2's idle
// timeout) or forever (silent peers, the blackhole's worker).
const EXIT_AFTER_STOP_MS = 2000;

test('after stop(), nothing of the lab keeps the process alive, not even clients left connected', async () => {
  const fixture = fileURLToPath(new URL('./stop-fixture.ts', import.meta.url));
  const child = spawn(process.execPath, [fixture], { stdio: ['ignore', 'pipe', 'inherit'] });
  const killer = setTimeout(() => child.kill(), 30_000);
  let stoppingAt: number | undefined;
  child.stdout.on('data', () => (stoppingAt ??= performance.now()));
  const [code] = await once(child, 'close');
  clearTimeout(killer);
  assert.equal(code, 0, 'the process did not exit by itself');
  assert.ok(stoppingAt !== undefined, 'the fixture never got to stop()');
  const lingered = performance.now() - stoppingAt;
  assert.ok(lingered < EXIT_AFTER_STOP_MS, `the process lived ${Math.round(lingered)} ms after calling stop()`);
});
