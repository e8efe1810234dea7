import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';

import type { Kysely } from 'kysely';

import { HttpRegistryClient } from '../../../src/registry/http-client.js';
import { KyselyMeteringStore } from '../../../src/registry/metering-store-kysely.js';
import { MeteredRegistry } from '../../../src/registry/metering.js';
import { RegistryCheck } from '../../../src/registry/registry-check.js';
import { KyselyRetryQueueStore } from '../../../src/registry/retry-queue-store-kysely.js';
import { RegistryRetryWorker, type RegistryResolution } from '../../../src/registry/retry-queue.js';
import { RegistrySimulator } from '../../../src/registry/simulator.js';
import type { RegistryTables } from '../../../src/registry/storage-schema.js';
import { forEachDatabase } from '../../support/databases.js';
import { ManualClock, RECORDS, requestFor } from '../../unit/registry/support.js';

const iso = (ms: number): string => new Date(ms).toISOString();

forEachDatabase('registry metering storage', async ({ database }, t) => {
  const db = database.db as unknown as Kysely<RegistryTables>;
  const store = new KyselyMeteringStore(db);
  const key = { examEventId: 'event-1', candidateId: 'candidate-1' };
  const answer = { outcome: 'mismatch' as const, mismatchedFields: ['fullName' as const], referenceId: 'SIM-1', checkedAt: '2026-12-04T20:00:00.000Z', requestFingerprint: 'a'.repeat(64) };

  await t.test('keeps the first cached answer', async () => {
    assert.equal(await store.getCachedAnswer(key), null);
    assert.deepEqual(await store.putCachedAnswer(key, answer), answer);
    assert.deepEqual(await store.putCachedAnswer(key, { ...answer, outcome: 'match', mismatchedFields: [], referenceId: 'SIM-2' }), answer);
    assert.deepEqual(await store.getCachedAnswer(key), answer);
  });

  await t.test('records a billable check once', async () => {
    const check = { key, referenceId: 'SIM-1', outcome: 'match' as const, checkedAt: '2026-12-04T20:00:00.000Z' };

    assert.equal(await store.recordBillableCheck(check), true);
    assert.equal(await store.recordBillableCheck(check), false);
    assert.equal(await store.recordBillableCheck({ ...check, key: { ...key, examEventId: 'event-2' } }), true);
    assert.equal(await store.countBillableChecks('event-1'), 1);
    assert.equal(await store.countBillableChecks(), 2);
  });

  await t.test('bills concurrent taps from two instances once', async () => {
    const simulator = new RegistrySimulator({ records: RECORDS });
    const client = new HttpRegistryClient({ baseUrl: await simulator.listen() });

    try {
      const first = new MeteredRegistry(client, store);
      const second = new MeteredRegistry(client, new KyselyMeteringStore(db));
      const taps = Array.from({ length: 8 }, (_, index) => (index % 2 === 0 ? first : second).verify(requestFor(0, 'event-taps')));
      const results = await Promise.all(taps);

      assert.ok(results.every((result) => result.outcome === 'match'));
      assert.equal(results.filter((result) => result.billable).length, 1);
      assert.equal(simulator.stats().billableChecks, 1);
      assert.equal(await store.countBillableChecks('event-taps'), simulator.stats().billableChecks);
    } finally {
      client.close();
      await simulator.close();
    }
  });
});

forEachDatabase('registry retry queue storage', async ({ database }, t) => {
  const db = database.db as unknown as Kysely<RegistryTables>;
  const clock = new ManualClock();
  const store = new KyselyRetryQueueStore(db, () => iso(clock.now()));
  const enqueue = (index: number, examEventId: string) =>
    store.enqueue({ id: randomUUID(), checkInId: `check-in-${index}`, request: requestFor(index, examEventId), nextAttemptAt: iso(clock.now()), reason: 'server_error', createdAt: iso(clock.now()) });

  await t.test('keeps one open job per key', async () => {
    const first = await enqueue(0, 'event-enqueue');
    const second = await enqueue(0, 'event-enqueue');
    const racing = await Promise.all([enqueue(1, 'event-enqueue'), enqueue(1, 'event-enqueue'), enqueue(1, 'event-enqueue')]);

    assert.equal(first.created, true);
    assert.equal(second.created, false);
    assert.equal(second.id, first.id);
    assert.equal(racing.filter((result) => result.created).length, 1);
    assert.equal(new Set(racing.map((result) => result.id)).size, 1);
  });

  await t.test('gives each job to exactly one worker', async () => {
    const jobs = await Promise.all(Array.from({ length: 12 }, (_, index) => enqueue(index, 'event-claims')));
    const wanted = new Set(jobs.map((job) => job.id));
    const claims = await Promise.all(Array.from({ length: 8 }, (_, worker) =>
      store.claimDue({ workerId: `worker-${worker}`, now: iso(clock.now()), claimExpiresAt: iso(clock.now() + 30_000), limit: 3 })));
    const claimed = claims.flat().filter((job) => wanted.has(job.id));
    const more = await store.claimDue({ workerId: 'worker-late', now: iso(clock.now()), claimExpiresAt: iso(clock.now() + 30_000), limit: 100 });

    assert.equal(new Set(claimed.map((job) => job.id)).size, claimed.length, 'no job was claimed twice');
    assert.equal(claimed.length + more.filter((job) => wanted.has(job.id)).length, wanted.size, 'every job was claimed');
    assert.ok(claimed.every((job) => job.attempts === 1));
    assert.equal(claimed[0]?.request.idNumber.length, 12);
  });

  await t.test('reclaims after the claim expires', async () => {
    const { id } = await enqueue(2, 'event-expiry');
    const claimed = await store.claimDue({ workerId: 'worker-a', now: iso(clock.now()), claimExpiresAt: iso(clock.now() + 30_000), limit: 100 });
    assert.ok(claimed.some((job) => job.id === id));

    clock.advance(29_999);
    const early = await store.claimDue({ workerId: 'worker-b', now: iso(clock.now()), claimExpiresAt: iso(clock.now() + 30_000), limit: 100 });
    assert.ok(!early.some((job) => job.id === id));

    clock.advance(1);
    const late = await store.claimDue({ workerId: 'worker-b', now: iso(clock.now()), claimExpiresAt: iso(clock.now() + 30_000), limit: 100 });
    assert.equal(late.find((job) => job.id === id)?.attempts, 2);

    assert.equal(await store.finish(id, 'worker-a', 'resolved', null), false);
    assert.equal(await store.reschedule(id, 'worker-a', iso(clock.now()), 'server_error'), false);
    assert.equal(await store.finish(id, 'worker-b', 'resolved', null), true);

    const state = await store.getState(id);
    assert.equal(state?.status, 'resolved');
    assert.equal(state?.hasRequest, false);
  });
});

forEachDatabase('registry check through the retry queue', async ({ database }) => {
  const db = database.db as unknown as Kysely<RegistryTables>;
  const clock = new ManualClock();
  const store = new KyselyRetryQueueStore(db, () => iso(clock.now()));
  const simulator = new RegistrySimulator({ records: RECORDS });
  const client = new HttpRegistryClient({ baseUrl: await simulator.listen(), maxAttempts: 1 });
  const meteringStore = new KyselyMeteringStore(db);
  const metered = new MeteredRegistry(client, meteringStore, { clock: clock.now });
  const check = new RegistryCheck(metered, store, { clock: clock.now });
  const resolutions: RegistryResolution[] = [];
  const worker = new RegistryRetryWorker({
    store,
    registry: metered,
    workerId: 'worker-e2e',
    clock: clock.now,
    random: () => 0.5,
    backoff: { baseDelayMs: 1000, maxDelayMs: 8000 },
    onResolved: async (resolution) => {
      resolutions.push(resolution);
    },
  });

  try {
    simulator.setFault('unavailable');
    const outcome = await check.check(requestFor(3, 'event-e2e'), 'check-in-e2e');
    assert.equal(outcome.state, 'pending');

    clock.advance(60_000);
    simulator.setFault('none');
    const handled = await worker.runOnce();
    assert.ok(handled >= 1);

    const mine = resolutions.find((resolution) => resolution.checkInId === 'check-in-e2e');
    assert.equal(mine?.result.outcome, 'match');
    assert.equal(await meteringStore.countBillableChecks('event-e2e'), 1);
    assert.equal(simulator.stats().billableChecks, await meteringStore.countBillableChecks('event-e2e'));
  } finally {
    client.close();
    await simulator.close();
  }
});
