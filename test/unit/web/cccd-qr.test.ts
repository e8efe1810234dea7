import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { parseCccdQr } from '../../../web/src/check-in/cccd-qr.js';

// Generated test identity; the layout (7 fields separated by |, dates ddmmyyyy) is the one
// printed in the QR code on the front of chipped CCCD cards.
const SAMPLE = '001205012345|123456789|Nguyễn Thị Thu Hà|15032005|Nữ|Số 12, phố Hàng Bạc, Hoàn Kiếm, Hà Nội|20042021';

describe('parseCccdQr', () => {
  it('reads every field', () => {
    const result = parseCccdQr(SAMPLE);

    assert.equal(result.ok, true);
    if (!result.ok) return;
    assert.equal(result.value.idNumber, '001205012345');
    assert.equal(result.value.legacyIdNumber, '123456789');
    assert.equal(result.value.fullName, 'Nguyễn Thị Thu Hà');
    assert.equal(result.value.birthDate, '2005-03-15');
    assert.equal(result.value.sex, 'F');
    assert.equal(result.value.issuedOn, '2021-04-20');
  });

  it('accepts an empty old ID', () => {
    const result = parseCccdQr('079206001234||Trần Văn Đức|01012006|Nam|Quận 1, TP. Hồ Chí Minh|05062022');

    assert.equal(result.ok && result.value.legacyIdNumber, null);
    assert.equal(result.ok && result.value.sex, 'M');
  });

  it('normalises decomposed Vietnamese to NFC', () => {
    const decomposed = SAMPLE.normalize('NFD');

    const result = parseCccdQr(decomposed);

    assert.equal(result.ok && result.value.fullName, 'Nguyễn Thị Thu Hà');
  });

  it('rejects malformed codes with a reason', () => {
    const cases: [string, RegExp][] = [
      ['001205012345|Nguyễn', /7 fields/],
      ['00120501234|||x|15032005|Nữ||20042021'.replace('|||x|', '||x|'), /12 digits/],
      ['001205012345|12|Hà|15032005|Nữ|x|20042021', /old ID/],
      ['001205012345||Hà|31022005|Nữ|x|20042021', /calendar date/],
      ['001205012345||Hà|15032005|X|x|20042021', /Nam nor Nữ/],
      ['001205012345|||15032005|Nữ|x|20042021', /name is empty/],
    ];

    for (const [text, reason] of cases) {
      const result = parseCccdQr(text);
      assert.equal(result.ok, false, text);
      assert.match(result.ok ? '' : result.reason, reason, text);
    }
  });
});
