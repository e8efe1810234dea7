import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { backoffDelayMs } from '../../../src/registry/backoff.js';
import { CircuitBreaker } from '../../../src/registry/circuit-breaker.js';
import { RegistryError } from '../../../src/registry/errors.js';
import { ManualClock } from './support.js';

describe('circuit breaker', () => {
  it('opens after the threshold of consecutive failures', () => {
    const breaker = new CircuitBreaker({ failureThreshold: 3, openDurationMs: 1000, halfOpenMaxProbes: 1, clock: new ManualClock().now });

    breaker.recordFailure();
    breaker.recordFailure();
    breaker.recordSuccess();
    breaker.recordFailure();
    breaker.recordFailure();
    assert.equal(breaker.state, 'closed', 'a success resets the count');

    breaker.recordFailure();
    assert.equal(breaker.state, 'open');
    assert.equal(breaker.tryAcquire(), false);
  });

  it('limits probes while half-open', () => {
    const clock = new ManualClock();
    const breaker = new CircuitBreaker({ failureThreshold: 1, openDurationMs: 1000, halfOpenMaxProbes: 2, clock: clock.now });

    breaker.recordFailure();
    clock.advance(999);
    assert.equal(breaker.state, 'open');
    clock.advance(1);
    assert.equal(breaker.state, 'half_open');
    assert.equal(breaker.tryAcquire(), true);
    assert.equal(breaker.tryAcquire(), true);
    assert.equal(breaker.tryAcquire(), false);

    breaker.recordSuccess();
    assert.equal(breaker.state, 'closed');
    assert.equal(breaker.tryAcquire(), true);
  });

  it('rejects an invalid threshold', () => {
    assert.throws(() => new CircuitBreaker({ failureThreshold: 0, openDurationMs: 1000, halfOpenMaxProbes: 1, clock: Date.now }), RegistryError);
  });
});

describe('backoff', () => {
  it('doubles up to the maximum with jitter', () => {
    const policy = { baseDelayMs: 100, maxDelayMs: 1000 };

    assert.equal(backoffDelayMs(policy, 1, () => 0.999), 99);
    assert.equal(backoffDelayMs(policy, 2, () => 0.5), 100);
    assert.equal(backoffDelayMs(policy, 3, () => 0.5), 200);
    assert.equal(backoffDelayMs(policy, 10, () => 0.5), 500);
    assert.equal(backoffDelayMs(policy, 3, () => 0), 0);
  });
});
