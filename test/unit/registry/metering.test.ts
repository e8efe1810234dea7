import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';

import { HttpRegistryClient } from '../../../src/registry/http-client.js';
import { MemoryMeteringStore } from '../../../src/registry/metering-store-memory.js';
import { MeteredRegistry } from '../../../src/registry/metering.js';
import { RegistrySimulator } from '../../../src/registry/simulator.js';
import { RECORDS, requestFor } from './support.js';

describe('registry fee metering', () => {
  let simulator: RegistrySimulator;
  let client: HttpRegistryClient;
  let store: MemoryMeteringStore;
  let metered: MeteredRegistry;
  let baseUrl: string;

  before(async () => {
    simulator = new RegistrySimulator({ records: RECORDS });
    baseUrl = await simulator.listen();
    client = new HttpRegistryClient({ baseUrl, maxAttempts: 3, backoff: { baseDelayMs: 5, maxDelayMs: 20 }, circuitBreaker: { failureThreshold: 100, openDurationMs: 1000, halfOpenMaxProbes: 1 } });
  });

  beforeEach(() => {
    store = new MemoryMeteringStore();
    metered = new MeteredRegistry(client, store);
    simulator.setFault('none');
    simulator.setLatency(0);
  });

  after(async () => {
    client.close();
    await simulator.close();
  });

  it('bills repeated taps once', async () => {
    const before = simulator.stats().billableChecks;
    const results = [];

    for (let tap = 0; tap < 5; tap += 1) {
      results.push(await metered.verify(requestFor(0, 'event-taps')));
    }

    assert.deepEqual(results.map((result) => result.billable), [true, false, false, false, false]);
    assert.ok(results.every((result) => result.outcome === 'match'));
    assert.equal(new Set(results.map((result) => result.referenceId)).size, 1);
    assert.equal(simulator.stats().billableChecks - before, 1);
    assert.equal(await metered.countBillableChecks('event-taps'), 1);
  });

  it('bills concurrent taps once', async () => {
    const before = simulator.stats();
    const results = await Promise.all(Array.from({ length: 10 }, () => metered.verify(requestFor(1, 'event-concurrent'))));
    const after = simulator.stats();

    assert.equal(results.filter((result) => result.billable).length, 1);
    assert.equal(after.requests - before.requests, 1);
    assert.equal(after.billableChecks - before.billableChecks, 1);
    assert.equal(await store.countBillableChecks('event-concurrent'), 1);
  });

  it('bills racing instances once', async () => {
    const second = new MeteredRegistry(client, store);
    const before = simulator.stats().billableChecks;
    const results = await Promise.all([metered.verify(requestFor(2, 'event-race')), second.verify(requestFor(2, 'event-race')), metered.verify(requestFor(2, 'event-race')), second.verify(requestFor(2, 'event-race'))]);

    assert.equal(results.filter((result) => result.billable).length, 1);
    assert.equal(simulator.stats().billableChecks - before, 1);
    assert.equal(await store.countBillableChecks('event-race'), 1);
  });

  it('bills each candidate and event once', async () => {
    const before = simulator.stats().billableChecks;

    await metered.verify(requestFor(0, 'event-a'));
    await metered.verify(requestFor(1, 'event-a'));
    await metered.verify(requestFor(0, 'event-b'));
    await metered.verify(requestFor(0, 'event-a'));

    assert.equal(simulator.stats().billableChecks - before, 3);
    assert.equal(await metered.countBillableChecks('event-a'), 2);
    assert.equal(await metered.countBillableChecks('event-b'), 1);
  });

  it('never bills a failed check', async () => {
    simulator.setFault('unavailable');
    const result = await metered.verify(requestFor(3, 'event-outage'));

    assert.equal(result.outcome, 'unavailable');
    assert.equal(result.billable, false);
    assert.equal(await metered.countBillableChecks('event-outage'), 0);
    assert.equal(await store.getCachedAnswer({ examEventId: 'event-outage', candidateId: 'candidate-3' }), null);
  });

  it('meters a billed answer lost to a timeout', async () => {
    const slowClient = new HttpRegistryClient({ baseUrl, maxAttempts: 1, responseTimeoutMs: 50 });
    const slow = new MeteredRegistry(slowClient, store);
    const before = simulator.stats().billableChecks;
    simulator.setLatency(200);

    try {
      const lost = await slow.verify(requestFor(5, 'event-lost'));
      assert.equal(lost.outcome, 'unavailable');

      // The simulator finishes the request after the client gave up; wait for it, bounded.
      const deadline = Date.now() + 5000;

      while (simulator.stats().billableChecks === before && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }

      assert.equal(simulator.stats().billableChecks - before, 1, 'the simulator billed the check it answered late');

      simulator.setLatency(0);
      const replayed = await metered.verify(requestFor(5, 'event-lost'));

      assert.equal(replayed.outcome, 'match');
      assert.equal(replayed.billable, true);
      assert.equal(simulator.stats().billableChecks - before, 1);
      assert.equal(await store.countBillableChecks('event-lost'), 1);
    } finally {
      slowClient.close();
    }
  });

  it('answers later taps from the cache', async () => {
    const first = await metered.verify({ ...requestFor(6, 'event-cache'), fullName: 'Nguyễn Văn Sai' });
    simulator.setFault('unavailable');
    const second = await metered.verify({ ...requestFor(6, 'event-cache'), fullName: 'Nguyễn Văn Sai' });

    assert.equal(first.outcome, 'mismatch');
    assert.equal(second.outcome, 'mismatch');
    assert.deepEqual(second.outcome === 'mismatch' ? second.mismatchedFields : [], ['fullName']);
    assert.equal(second.billable, false);
  });

  it('refuses other data under a checked key', async () => {
    await metered.verify(requestFor(7, 'event-other-data', 'candidate-x'));
    const before = simulator.stats().requests;
    const result = await metered.verify(requestFor(8, 'event-other-data', 'candidate-x'));

    assert.equal(result.outcome, 'unavailable');
    assert.equal(result.outcome === 'unavailable' ? result.reason : '', 'idempotency_conflict');
    assert.equal(simulator.stats().requests, before);
  });
});
