import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';

import { HttpRegistryClient } from '../../../src/registry/http-client.js';
import { MemoryMeteringStore } from '../../../src/registry/metering-store-memory.js';
import { MeteredRegistry } from '../../../src/registry/metering.js';
import { RegistryCheck } from '../../../src/registry/registry-check.js';
import { MemoryRetryQueueStore } from '../../../src/registry/retry-queue-store-memory.js';
import { RegistryRetryWorker, type RegistryResolution, type RetryWorkerOptions } from '../../../src/registry/retry-queue.js';
import { RegistrySimulator } from '../../../src/registry/simulator.js';
import { ManualClock, RECORDS, requestFor } from './support.js';

describe('registry retry queue', () => {
  let simulator: RegistrySimulator;
  let client: HttpRegistryClient;
  let metered: MeteredRegistry;
  let meteringStore: MemoryMeteringStore;
  let queue: MemoryRetryQueueStore;
  let clock: ManualClock;
  let resolutions: RegistryResolution[];
  let check: RegistryCheck;

  const makeWorker = (workerId: string, options: Partial<RetryWorkerOptions> = {}): RegistryRetryWorker =>
    new RegistryRetryWorker({
      store: queue,
      registry: metered,
      workerId,
      clock: clock.now,
      random: () => 0.5,
      backoff: { baseDelayMs: 1000, maxDelayMs: 8000 },
      claimTtlMs: 30_000,
      onResolved: async (resolution) => {
        resolutions.push(resolution);
      },
      ...options,
    });

  let baseUrl: string;

  before(async () => {
    simulator = new RegistrySimulator({ records: RECORDS });
    baseUrl = await simulator.listen();
    client = new HttpRegistryClient({ baseUrl, maxAttempts: 1, circuitBreaker: { failureThreshold: 100, openDurationMs: 1000, halfOpenMaxProbes: 1 } });
  });

  beforeEach(() => {
    clock = new ManualClock();
    meteringStore = new MemoryMeteringStore();
    metered = new MeteredRegistry(client, meteringStore, { clock: clock.now });
    queue = new MemoryRetryQueueStore();
    resolutions = [];
    check = new RegistryCheck(metered, queue, { clock: clock.now });
    simulator.setFault('none');
  });

  after(async () => {
    client.close();
    await simulator.close();
  });

  it('answers at once when the service is up', async () => {
    const outcome = await check.check(requestFor(0, 'event-up'), 'check-in-up');

    assert.equal(outcome.state, 'answered');
    assert.equal(outcome.result.outcome, 'match');
  });

  it('resolves a pending check after an outage', async () => {
    const billedBefore = simulator.stats().billableChecks;
    simulator.setFault('unavailable');
    const outcome = await check.check(requestFor(1, 'event-outage'), 'check-in-1');
    assert.equal(outcome.state, 'pending');
    const jobId = outcome.state === 'pending' ? outcome.jobId : '';

    const worker = makeWorker('worker-a');
    assert.equal(await worker.runOnce(), 1);
    const rescheduled = await queue.getState(jobId);
    assert.equal(rescheduled?.status, 'pending');
    assert.equal(rescheduled?.attempts, 1);
    assert.equal(rescheduled?.lastReason, 'server_error');
    assert.equal(resolutions.length, 0);

    simulator.setFault('none');
    assert.equal(await worker.runOnce(), 0, 'the job waits for its backoff');
    clock.advance(1000);
    assert.equal(await worker.runOnce(), 1);

    const resolved = await queue.getState(jobId);
    assert.equal(resolved?.status, 'resolved');
    assert.equal(resolved?.hasRequest, false);
    assert.equal(resolutions.length, 1);
    assert.equal(resolutions[0]?.checkInId, 'check-in-1');
    assert.equal(resolutions[0]?.result.outcome, 'match');
    assert.equal(simulator.stats().billableChecks - billedBefore, 1);
    assert.equal(await meteringStore.countBillableChecks('event-outage'), 1);
  });

  it('keeps one job per candidate and event', async () => {
    simulator.setFault('unavailable');
    const first = await check.check(requestFor(2, 'event-one-job'), 'check-in-2a');
    const second = await check.check(requestFor(2, 'event-one-job'), 'check-in-2b');

    assert.equal(first.state, 'pending');
    assert.equal(second.state, 'pending');
    assert.equal(first.state === 'pending' && second.state === 'pending' && first.jobId === second.jobId, true);
  });

  it('gives a job to one worker at a time', async () => {
    simulator.setFault('unavailable');
    await check.check(requestFor(3, 'event-claim'), 'check-in-3');
    const claimNow = new Date(clock.now()).toISOString();
    const claimUntil = new Date(clock.now() + 30_000).toISOString();

    const [claimedA, claimedB] = await Promise.all([
      queue.claimDue({ workerId: 'worker-a', now: claimNow, claimExpiresAt: claimUntil, limit: 10 }),
      queue.claimDue({ workerId: 'worker-b', now: claimNow, claimExpiresAt: claimUntil, limit: 10 }),
    ]);

    assert.equal(claimedA.length + claimedB.length, 1);
  });

  it('reclaims the job of a dead worker', async () => {
    simulator.setFault('unavailable');
    const outcome = await check.check(requestFor(5, 'event-dead'), 'check-in-5');
    const jobId = outcome.state === 'pending' ? outcome.jobId : '';
    simulator.setFault('none');

    // Worker A claims the job and dies without finishing it.
    const claimed = await queue.claimDue({ workerId: 'worker-a', now: new Date(clock.now()).toISOString(), claimExpiresAt: new Date(clock.now() + 30_000).toISOString(), limit: 10 });
    assert.equal(claimed.length, 1);

    const workerB = makeWorker('worker-b');
    clock.advance(29_999);
    assert.equal(await workerB.runOnce(), 0, 'the claim has not expired');
    clock.advance(1);
    assert.equal(await workerB.runOnce(), 1);

    assert.equal((await queue.getState(jobId))?.status, 'resolved');
    assert.equal((await queue.getState(jobId))?.attempts, 2);
    assert.equal(await queue.finish(jobId, 'worker-a', 'resolved', null), false, 'the dead worker lost its claim');
    assert.equal(resolutions.length, 1);
  });

  it('fails a job after maxAttempts', async () => {
    simulator.setFault('unavailable');
    const outcome = await check.check(requestFor(6, 'event-give-up'), 'check-in-6');
    const jobId = outcome.state === 'pending' ? outcome.jobId : '';
    const worker = makeWorker('worker-a', { maxAttempts: 2 });

    assert.equal(await worker.runOnce(), 1);
    clock.advance(10_000);
    assert.equal(await worker.runOnce(), 1);

    assert.equal((await queue.getState(jobId))?.status, 'failed');
    assert.equal(resolutions.length, 1);
    assert.equal(resolutions[0]?.result.outcome, 'unavailable');
    assert.equal(await meteringStore.countBillableChecks('event-give-up'), 0);
  });

  it('retries when the callback fails', async () => {
    simulator.setFault('unavailable');
    const outcome = await check.check(requestFor(7, 'event-callback'), 'check-in-7');
    const jobId = outcome.state === 'pending' ? outcome.jobId : '';
    simulator.setFault('none');
    let calls = 0;
    const worker = makeWorker('worker-a', {
      onResolved: async (resolution) => {
        calls += 1;

        if (calls === 1) {
          throw new Error('check-in record is locked');
        }

        resolutions.push(resolution);
      },
    });
    const billedBefore = simulator.stats().billableChecks;

    await worker.runOnce();
    assert.equal((await queue.getState(jobId))?.lastReason, 'callback_failed');
    clock.advance(10_000);
    await worker.runOnce();

    assert.equal((await queue.getState(jobId))?.status, 'resolved');
    assert.equal(resolutions.length, 1);
    assert.equal(simulator.stats().billableChecks - billedBefore, 1);
  });

  it('fails a job with an invalid request', async () => {
    const now = new Date(clock.now()).toISOString();
    await queue.enqueue({ id: 'job-invalid', checkInId: 'check-in-invalid', request: { ...requestFor(9, 'event-invalid'), idNumber: '123' }, nextAttemptAt: now, reason: 'server_error', createdAt: now });

    assert.equal(await makeWorker('worker-a').runOnce(), 1);

    assert.equal((await queue.getState('job-invalid'))?.status, 'failed');
    assert.equal(resolutions.length, 1);
    assert.equal(resolutions[0]?.result.outcome === 'unavailable' ? resolutions[0].result.reason : '', 'request_rejected');
  });

  it('retries when the metering storage fails', async () => {
    class FailingOnceStore extends MemoryMeteringStore {
      failures = 1;

      override async getCachedAnswer(...args: Parameters<MemoryMeteringStore['getCachedAnswer']>) {
        if (this.failures > 0) {
          this.failures -= 1;
          throw new Error('database connection lost');
        }

        return super.getCachedAnswer(...args);
      }
    }

    simulator.setFault('unavailable');
    const outcome = await check.check(requestFor(10, 'event-storage'), 'check-in-10');
    const jobId = outcome.state === 'pending' ? outcome.jobId : '';
    simulator.setFault('none');
    const worker = makeWorker('worker-a', { registry: new MeteredRegistry(client, new FailingOnceStore(), { clock: clock.now }) });

    await worker.runOnce();
    assert.equal((await queue.getState(jobId))?.status, 'pending');
    assert.equal((await queue.getState(jobId))?.lastReason, 'internal_error');
    clock.advance(10_000);
    await worker.runOnce();

    assert.equal((await queue.getState(jobId))?.status, 'resolved');
    assert.equal(resolutions[0]?.result.outcome, 'match');
  });

  it('logs no personal data', async () => {
    const lines: string[] = [];
    const capture = (level: string) => (fields: Record<string, unknown>, message: string) => {
      lines.push(`${level} ${message} ${JSON.stringify(fields)}`);
    };
    const logger = { info: capture('info'), warn: capture('warn'), error: capture('error') };
    const loggingClient = new HttpRegistryClient({ baseUrl, maxAttempts: 2, backoff: { baseDelayMs: 1, maxDelayMs: 2 }, logger, circuitBreaker: { failureThreshold: 1, openDurationMs: 60_000, halfOpenMaxProbes: 1 } });
    const loggingMetered = new MeteredRegistry(loggingClient, meteringStore, { clock: clock.now, logger });
    const request = requestFor(11, 'event-logs');

    try {
      simulator.setFault('unavailable');
      const outcome = await new RegistryCheck(loggingMetered, queue, { clock: clock.now }).check(request, 'check-in-11');
      assert.equal(outcome.state, 'pending');
      simulator.setFault('none');
      await makeWorker('worker-logs', { registry: loggingMetered, logger }).runOnce();
    } finally {
      loggingClient.close();
    }

    assert.ok(lines.some((line) => line.includes('circuit breaker changed state')));
    assert.ok(lines.some((line) => line.includes('rescheduled')));

    for (const line of lines) {
      assert.ok(!line.includes(request.idNumber), `a log line contains the ID number: ${line}`);
      assert.ok(!line.includes(request.fullName), `a log line contains the name: ${line}`);
      assert.ok(!line.includes(request.birthDate), `a log line contains the birth date: ${line}`);
    }
  });

  it('polls in the background until stopped', async () => {
    simulator.setFault('unavailable');
    const outcome = await check.check(requestFor(8, 'event-poll'), 'check-in-8');
    const jobId = outcome.state === 'pending' ? outcome.jobId : '';
    simulator.setFault('none');
    const worker = makeWorker('worker-a', { pollIntervalMs: 10 });

    worker.start();
    const deadline = Date.now() + 5000;

    while (resolutions.length === 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }

    await worker.stop();
    assert.equal((await queue.getState(jobId))?.status, 'resolved');
    assert.equal(resolutions.length, 1);
  });
});
