import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { ServerClock } from '../../../web/src/exam/server-clock.js';

describe('ServerClock', () => {
  it('takes the server time at mid round trip', () => {
    const clock = new ServerClock();

    clock.addSample({ sentAtMs: 1_000, receivedAtMs: 1_200, serverTimeMs: 61_100 });

    assert.equal(clock.offset, 60_000);
    assert.equal(clock.serverNow(2_000), 62_000);
  });

  it('prefers the sample with the shortest round trip', () => {
    const clock = new ServerClock();

    clock.addSample({ sentAtMs: 0, receivedAtMs: 100, serverTimeMs: 5_050 });
    clock.addSample({ sentAtMs: 1_000, receivedAtMs: 3_000, serverTimeMs: 9_000 });

    assert.equal(clock.offset, 5_000);
  });

  it('counts down to the deadline and stops at zero', () => {
    const clock = new ServerClock();
    clock.addSample({ sentAtMs: 0, receivedAtMs: 0, serverTimeMs: -30_000 });

    assert.equal(clock.remainingMs(60_000, 50_000), 40_000);
    assert.equal(clock.remainingMs(60_000, 120_000), 0);
  });
});
