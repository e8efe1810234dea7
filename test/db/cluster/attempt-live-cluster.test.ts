// Two instances' attempt fan-outs, each with its own Redis link: a change announced on one
// reaches the sockets watching on the other once, and a socket that stopped watching hears
// nothing more.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';

import { ClusterLink } from '../../../src/server/cluster/cluster-link.js';
import { AttemptLive, type AttemptChange } from '../../../src/server/exam/attempt-live.js';
import { deleteRedisKeys, REDIS_URL, redisUnavailableReason } from '../../support/redis.js';
import { requirePart } from '../../support/require.js';

async function settle(ms = 300): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms));
}

test('attempt changes cross instances through Redis', { timeout: 30_000 }, async (t) => {
  if (!requirePart(t, await redisUnavailableReason())) return;

  const keyPrefix = `test:${randomBytes(5).toString('hex')}:`;
  const linkA = await ClusterLink.connect({ redisUrl: REDIS_URL, keyPrefix, instanceId: 'a' });
  const linkB = await ClusterLink.connect({ redisUrl: REDIS_URL, keyPrefix, instanceId: 'b' });

  t.after(async () => {
    await linkA.close();
    await linkB.close();
    await deleteRedisKeys(keyPrefix);
  });

  const liveA = await AttemptLive.start(linkA);
  const liveB = await AttemptLive.start(linkB);
  const heardOnB: AttemptChange[] = [];
  const heardOnA: AttemptChange[] = [];
  const unwatchB = liveB.watch('attempt-1', (change) => heardOnB.push(change));
  liveA.watch('attempt-2', (change) => heardOnA.push(change));
  assert.equal(liveB.watchers('attempt-1'), 1);

  await liveA.announce({ attemptId: 'attempt-1', cause: 'extra_time' });
  await settle();
  assert.deepEqual(heardOnB, [{ attemptId: 'attempt-1', cause: 'extra_time' }]);
  assert.deepEqual(heardOnA, [], 'a change of attempt-1 does not reach a watcher of attempt-2');

  unwatchB();
  assert.equal(liveB.watchers('attempt-1'), 0);
  await liveA.announce({ attemptId: 'attempt-1', cause: 'status' });
  await settle();
  assert.equal(heardOnB.length, 1, 'nothing reaches a socket that stopped watching');
});

test('alone, an instance delivers its own changes once', async () => {
  const live = await AttemptLive.start(undefined);
  const delivered: AttemptChange[] = [];
  live.watch('attempt-1', (change) => delivered.push(change));

  await live.announce({ attemptId: 'attempt-1', cause: 'extra_time' });
  assert.deepEqual(delivered, [{ attemptId: 'attempt-1', cause: 'extra_time' }]);
});
