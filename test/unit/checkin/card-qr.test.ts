import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { CardQrError, parseCardQr } from '../../../src/server/checkin/card-qr.js';

// A generated identity in the layout of the card's QR code: ID|old ID|name|DOB|sex|address|issue date.
const SAMPLE = '079305001234|025123456|Trần Thị Bích Ngọc|02092005|Nữ|Số 48 Đường Nguyễn Thị Minh Khai, Quận 1|20102021\r\n';

describe('parseCardQr', () => {
  it('parses every field', () => {
    assert.deepEqual(parseCardQr(SAMPLE), {
      idNumber: '079305001234', legacyIdNumber: '025123456', fullName: 'Trần Thị Bích Ngọc', birthDate: '2005-09-02', sex: 'F',
      address: 'Số 48 Đường Nguyễn Thị Minh Khai, Quận 1', issueDate: '2021-10-20',
    });
  });

  it('normalises a decomposed name to NFC', () => {
    const decomposed = SAMPLE.replace('Trần Thị Bích Ngọc', 'Trần Thị Bích Ngọc'.normalize('NFD'));
    assert.equal(parseCardQr(decomposed).fullName, 'Trần Thị Bích Ngọc');
  });

  it('accepts an empty old ID', () => {
    assert.equal(parseCardQr(SAMPLE.replace('|025123456|', '||')).legacyIdNumber, null);
  });

  it('rejects too few fields', () => {
    assert.throws(() => parseCardQr('079305001234|Trần Thị Bích Ngọc'), CardQrError);
  });

  it('rejects a short ID number', () => {
    assert.throws(() => parseCardQr(SAMPLE.replace('079305001234', '79305001234')), /not 12 digits/);
  });

  it('rejects an impossible date', () => {
    assert.throws(() => parseCardQr(SAMPLE.replace('02092005', '31022005')), /not a calendar date/);
  });

  it('keeps the value out of the message', () => {
    assert.throws(() => parseCardQr(SAMPLE.replace('02092005', '0209x005')), (error: Error) => !error.message.includes('0209x005'));
  });
});
