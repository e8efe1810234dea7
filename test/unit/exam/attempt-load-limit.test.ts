import assert from 'node:assert/strict';
import { test } from 'node:test';

import { attemptLoadConcurrency, DEFAULT_ATTEMPT_LOAD_CONCURRENCY, LoadLimiter } from '../../../src/server/exam/attempt-load-limit.js';

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = (): void => undefined;
  const promise = new Promise<void>((settle) => { resolve = settle; });
  return { promise, resolve };
}

test('load limiter runs at most the limit', async () => {
  const limiter = new LoadLimiter(2);
  const gates = [deferred(), deferred(), deferred(), deferred()];
  const started: number[] = [];
  let running = 0;
  let maxRunning = 0;

  const runs = gates.map((gate, index) => limiter.run(async () => {
    started.push(index);
    running += 1;
    maxRunning = Math.max(maxRunning, running);
    await gate.promise;
    running -= 1;
    return index;
  }));

  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(started, [0, 1]);
  assert.equal(limiter.queued, 2);

  gates[1]!.resolve();
  await runs[1];
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(started, [0, 1, 2], 'the first waiter takes the freed slot');

  gates[0]!.resolve();
  gates[2]!.resolve();
  gates[3]!.resolve();
  assert.deepEqual(await Promise.all(runs), [0, 1, 2, 3]);
  assert.equal(maxRunning, 2);
  assert.equal(limiter.queued, 0);
});

test('load limiter frees slot on error', async () => {
  const limiter = new LoadLimiter(1);
  await assert.rejects(limiter.run(async () => { throw new Error('start failed'); }), /start failed/);
  assert.equal(await limiter.run(async () => 'next'), 'next');
});

test('load concurrency from environment', () => {
  assert.equal(attemptLoadConcurrency({}), DEFAULT_ATTEMPT_LOAD_CONCURRENCY);
  assert.equal(attemptLoadConcurrency({ EXAMGATE_ATTEMPT_LOAD_CONCURRENCY: '16' }), 16);
  assert.throws(() => attemptLoadConcurrency({ EXAMGATE_ATTEMPT_LOAD_CONCURRENCY: '0' }), /at least 1, found "0"/);
  assert.throws(() => attemptLoadConcurrency({ EXAMGATE_ATTEMPT_LOAD_CONCURRENCY: 'many' }), /found "many"/);
  assert.throws(() => new LoadLimiter(0), RangeError);
});
