import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { accessKeysFor, fallbackKeys, MAX_FALLBACK_KEYS, possibleExpiryDates } from '../../../src/server/checkin/access-keys.js';

describe('possibleExpiryDates', () => {
  it('young holder tries 25th then 40th birthday', () => {
    assert.deepEqual(possibleExpiryDates('2006-09-08', '2026-06-01'), ['2031-09-08', '2046-09-08']);
  });

  it('holder between 25 and 40 tries 40th and 60th', () => {
    assert.deepEqual(possibleExpiryDates('1990-01-20', '2026-06-01'), ['2030-01-20', '2050-01-20']);
  });

  it('holder near 60 adds no expiry', () => {
    assert.deepEqual(possibleExpiryDates('1967-03-05', '2026-06-01'), ['2027-03-05', null]);
  });

  it('holder over 60 has no expiry only', () => {
    assert.deepEqual(possibleExpiryDates('1950-07-01', '2026-06-01'), [null]);
  });

  it('29 February falls back to 28 in common years', () => {
    assert.deepEqual(possibleExpiryDates('2008-02-29', '2026-06-01'), ['2033-02-28', '2048-02-29']);
  });
});

describe('accessKeysFor', () => {
  it('puts the CAN first, then BAC keys', () => {
    const keys = accessKeysFor({ idNumber: '079305001234', birthDate: '2005-09-02' }, '2026-06-01');
    assert.deepEqual(keys[0], { kind: 'can', can: '001234' });
    assert.deepEqual(keys[1], { kind: 'bac', documentNumber: '305001234', birthDate: '2005-09-02', expiryDate: '2030-09-02' });
    assert.equal(keys.length, 3);
  });

  it('limits the fallback keys', () => {
    const holders = Array.from({ length: 12 }, (_, index) => ({ idNumber: `0793050012${String(index).padStart(2, '0')}`, birthDate: '2005-09-02' }));
    assert.equal(fallbackKeys(holders).length, MAX_FALLBACK_KEYS);
  });
});
