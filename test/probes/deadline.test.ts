import assert from 'node:assert/strict';
import { getEventListeners } from 'node:events';
import net from 'node:net';
import { describe, it } from 'node:test';
import { startDeadline, withDeadline } from '../../src/probes/deadline.ts';

describe('withDeadline', () => {
  it('returns the expiry result on time and destroys what the body registered', async () => {
    const socket = new net.Socket();
    const started = performance.now();
    const result = await withDeadline(
      { timeoutMs: 50 },
      async (deadline) => {
        deadline.onCleanup(() => socket.destroy());
        return new Promise<string>(() => {}); // never settles
      },
      (why) => why,
    );
    assert.equal(result, 'timeout');
    assert.equal(socket.destroyed, true);
    assert.ok(performance.now() - started < 150);
  });

  it('reports a caller abort as "aborted", and an already aborted signal at once', async () => {
    const controller = new AbortController();
    controller.abort();
    const result = await withDeadline(
      { timeoutMs: 5000, signal: controller.signal },
      () => new Promise<string>(() => {}),
      (why) => why,
    );
    assert.equal(result, 'aborted');
  });

  it('leaves no listener on a shared signal once the body finishes', async () => {
    const controller = new AbortController();
    for (let i = 0; i < 20; i++) {
      await withDeadline(
        { timeoutMs: 1000, signal: controller.signal },
        async () => 'done',
        () => 'expired',
      );
    }
    assert.equal(getEventListeners(controller.signal, 'abort').length, 0);
  });

  it('swallows a body that rejects after the deadline', async () => {
    let rejectLate!: (error: Error) => void;
    const result = await withDeadline(
      { timeoutMs: 10 },
      () => new Promise<string>((_, reject) => (rejectLate = reject)),
      () => 'expired',
    );
    assert.equal(result, 'expired');
    const unhandled: unknown[] = [];
    const record = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', record);
    try {
      rejectLate(new Error('late'));
      // Node reports an unhandled rejection once the microtask queue drains, before the next macrotask.
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off('unhandledRejection', record);
    }
    assert.deepEqual(unhandled, []);
  });

  it('ends every deadline under a shared signal with one listener on it, however many run', async () => {
    const controller = new AbortController();
    const deadlines = Array.from({ length: 200 }, () => startDeadline(60_000, controller.signal));
    assert.equal(getEventListeners(controller.signal, 'abort').length, 1);
    const cleaned: number[] = [];
    for (const [i, d] of deadlines.entries()) d.onCleanup(() => cleaned.push(i));
    controller.abort();
    assert.deepEqual(
      await Promise.all(deadlines.map((d) => d.whenExpired)),
      deadlines.map(() => 'aborted'),
    );
    assert.equal(cleaned.length, 200);
    assert.equal(getEventListeners(controller.signal, 'abort').length, 0);
  });
});

describe('child deadlines', () => {
  it('end, as aborted, with their parent, and run their cleanups first-come', async () => {
    const parent = startDeadline(30);
    const child = parent.child();
    let destroyed = false;
    child.onCleanup(() => (destroyed = true));
    assert.equal(await parent.whenExpired, 'timeout');
    assert.equal(child.expired(), 'aborted');
    assert.equal(child.signal.aborted, true);
    assert.equal(destroyed, true);
  });

  it('can be given up on alone: disposing a child leaves the parent running', () => {
    const parent = startDeadline(60_000);
    const child = parent.child();
    let destroyed = false;
    child.onCleanup(() => (destroyed = true));
    child.dispose();
    assert.equal(destroyed, true);
    assert.equal(parent.expired(), undefined);
    assert.ok(parent.remainingMs() > 59_000);
    parent.dispose();
  });

  it('start already ended under a signal that was aborted before them', () => {
    const controller = new AbortController();
    controller.abort();
    const deadline = startDeadline(60_000, controller.signal);
    assert.equal(deadline.expired(), 'aborted');
    assert.equal(deadline.child().expired(), 'aborted');
  });
});
