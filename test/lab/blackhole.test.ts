import assert from 'node:assert/strict';
import test from 'node:test';
import { startBlackhole } from '../../src/lab/blackhole.ts';
import { tcpOutcome } from './clients.ts';

test('a connect to the blackhole neither connects nor is refused: it times out', async () => {
  const hole = await startBlackhole('127.0.0.1');
  try {
    // Two at once, as a checker retrying in parallel would.
    const outcomes = await Promise.all([tcpOutcome('127.0.0.1', hole.port, 1500), tcpOutcome('127.0.0.1', hole.port, 1500)]);
    assert.deepEqual(outcomes, ['timeout', 'timeout']);
  } finally {
    await hole.stop();
  }
});
