// The outage tracking wrapper: which results open a period, which close one, and that a failing
// store changes no result.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { RegistryOutageStore, UnavailableCheck } from '../../../src/registry/outage-store.js';
import { OutageTrackingRegistry } from '../../../src/registry/outage-tracking.js';
import type { IdentityRegistry, RegistryResult, UnavailableReason } from '../../../src/registry/types.js';
import { ManualClock, requestFor } from './support.js';

class RecordingStore implements RegistryOutageStore {
  readonly unavailable: UnavailableCheck[] = [];
  readonly available: string[] = [];
  failing = false;

  async recordUnavailable(check: UnavailableCheck): Promise<boolean> {
    if (this.failing) throw new Error('database is locked');
    this.unavailable.push(check);
    return this.unavailable.length === 1;
  }

  async recordAvailable(at: string): Promise<number> {
    if (this.failing) throw new Error('database is locked');
    this.available.push(at);
    return 1;
  }
}

function unavailable(reason: UnavailableReason): RegistryResult {
  return { outcome: 'unavailable', reason, retryable: true, detail: 'test', referenceId: null, latencyMs: 1, billable: false };
}

function serviceReturning(result: RegistryResult): IdentityRegistry {
  return { verify: async () => result };
}

function logger() {
  const lines: { level: string; message: string }[] = [];
  const log = (level: string) => (_fields: Record<string, unknown>, message: string) => lines.push({ level, message });
  return { lines, info: log('info'), warn: log('warn'), error: log('error') };
}

describe('OutageTrackingRegistry', () => {
  it('opens a period on unreachable reasons', async () => {
    for (const reason of ['connect_timeout', 'response_timeout', 'connection_failed', 'server_error', 'circuit_open'] as const) {
      const store = new RecordingStore();
      const clock = new ManualClock();
      const tracked = new OutageTrackingRegistry(serviceReturning(unavailable(reason)), store, { clock: clock.now });

      const result = await tracked.verify(requestFor(0, 'event-7'));

      assert.equal(result.outcome, 'unavailable');
      assert.equal(store.unavailable.length, 1, reason);
      assert.deepEqual(store.unavailable[0], { key: { examEventId: 'event-7', candidateId: 'candidate-0' }, reason, at: new Date(clock.nowMs).toISOString() });
      assert.equal(store.available.length, 0);
    }
  });

  it('ignores failures that are no outage', async () => {
    for (const reason of ['tls_failure', 'rate_limited', 'malformed_response', 'request_rejected', 'idempotency_conflict'] as const) {
      const store = new RecordingStore();
      await new OutageTrackingRegistry(serviceReturning(unavailable(reason)), store).verify(requestFor(0));

      assert.equal(store.unavailable.length, 0, reason);
      assert.equal(store.available.length, 0, reason);
    }
  });

  it('closes periods on an answer', async () => {
    const store = new RecordingStore();
    const clock = new ManualClock();
    const answer: RegistryResult = { outcome: 'not_found', referenceId: 'SIM-1', latencyMs: 1, billable: true };

    const result = await new OutageTrackingRegistry(serviceReturning(answer), store, { clock: clock.now }).verify(requestFor(0));

    assert.deepEqual(result, answer);
    assert.deepEqual(store.available, [new Date(clock.nowMs).toISOString()]);
  });

  it('keeps the result when the store fails', async () => {
    const store = new RecordingStore();
    store.failing = true;
    const log = logger();
    const failure = unavailable('server_error');

    const result = await new OutageTrackingRegistry(serviceReturning(failure), store, { logger: log }).verify(requestFor(0));

    assert.deepEqual(result, failure);
    assert.deepEqual(log.lines, [{ level: 'error', message: 'recording registry availability failed' }]);
  });
});
