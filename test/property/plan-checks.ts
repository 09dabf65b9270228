// What "a valid plan" means, checked on any plan the properties produce, and
// what "an input error naming the key path" means.
import assert from 'node:assert/strict';
import { isIP } from 'node:net';
import { InputError } from '../../src/errors.ts';
import type { PlannedCheck } from '../../src/plan/check.ts';
import { PHASES } from '../../src/types.ts';

/** Only plain host-name characters reach a probe, a report or a generated firewall rule (an absolute name may end in a dot). */
const HOST = /^(?=.{1,254}$)[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*\.?$/;

export function assertValidPlan(checks: PlannedCheck[], options: { hostNames?: boolean } = {}): void {
  const ids = new Set<string>();
  for (const c of checks) {
    assert.ok(!ids.has(c.id), `check id ${c.id} is planned twice`);
    ids.add(c.id);
  }
  let phase = 0;
  for (const c of checks) {
    for (const d of c.dependsOn) assert.ok(ids.has(d), `${c.id} depends on ${d}, which is not planned`);
    assert.ok(PHASES.indexOf(c.phase) >= phase, `${c.id} is out of phase order`);
    phase = PHASES.indexOf(c.phase);
    if (c.host !== undefined && options.hostNames !== false)
      assert.ok(HOST.test(c.host) || isIP(c.host) !== 0, `${c.id} would probe ${JSON.stringify(c.host)}, not a host name`);
    if (c.port !== undefined) assert.ok(Number.isInteger(c.port) && c.port >= 1 && c.port <= 65535, `${c.id} port ${c.port}`);
  }
}

/** An input error, each line "source: key.path[0]: reason" (the key path may be "(top level)"). */
export function assertKeyPathError(e: unknown, source: string): void {
  if (!(e instanceof InputError)) throw e;
  const lines = e.message.split('\n');
  assert.ok(lines.length >= 1 && lines.length <= 10, e.message);
  for (const line of lines) {
    assert.ok(line.startsWith(`${source}: `), `"${line}" does not start with the source ${source}`);
    const rest = line.slice(source.length + 2);
    // Plain keys as .key, list items as [0], odd keys quoted as ["a key"].
    assert.match(
      rest,
      /^(\(top level\)|([A-Za-z0-9_-]+|\["(?:[^"\\]|\\.)*"\])(\.[A-Za-z0-9_-]+|\[\d+\]|\["(?:[^"\\]|\\.)*"\])*): \S/,
      `"${line}" names no key path`,
    );
  }
}
