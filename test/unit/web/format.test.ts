import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { formatCountdown, formatDate, formatDateTime, formatNumber, formatTime } from '../../../web/src/i18n/format.js';

describe('web formats', () => {
  it('writes dates as dd/mm/yyyy in Vietnam time', () => {
    assert.equal(formatDate('2026-03-04T20:00:00Z'), '05/03/2026');
  });

  it('writes times on a 24-hour clock', () => {
    assert.equal(formatTime('2026-03-04T08:05:00Z'), '15:05');
    assert.equal(formatDateTime('2026-03-04T17:30:00Z'), '05/03/2026 00:30');
  });

  it('uses Vietnamese number separators', () => {
    assert.equal(formatNumber(1234567.5), '1.234.567,5');
  });

  it('formats countdowns', () => {
    assert.equal(formatCountdown(65_001), '01:06');
    assert.equal(formatCountdown(3_600_000 + 5_000), '1:00:05');
    assert.equal(formatCountdown(-5), '00:00');
  });
});
