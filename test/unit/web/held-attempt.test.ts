import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { translate } from '../../../web/src/i18n/index.js';
import { heldNotice } from '../../../web/src/screens/exam/held-notice.js';
import { timeLeftMs } from '../../../web/src/screens/proctor/time-left.js';

describe('held exam notice', () => {
  it('omits the count without unsent changes', () => {
    const notice = heldNotice(0);
    const vi = translate('vi', notice.key, notice.params);
    const en = translate('en', notice.key, notice.params);

    assert.doesNotMatch(vi, /chưa gửi/);
    assert.doesNotMatch(en, /unsent/);
    assert.match(vi, /Hãy gặp cán bộ coi thi\.$/);
  });

  it('names the unsent changes when some wait', () => {
    const notice = heldNotice(3);

    assert.match(translate('vi', notice.key, notice.params), /3 thay đổi chưa gửi vẫn được giữ/);
    assert.match(translate('en', notice.key, notice.params), /3 unsent changes stay on this computer/);
  });
});

describe('room monitor time left', () => {
  const now = Date.parse('2026-03-09T02:00:00Z');
  const deadline = '2026-03-09T02:10:00Z';

  it('runs for an attempt in progress', () => {
    assert.equal(timeLeftMs({ status: 'in_progress', deadline }, now), 600_000);
  });

  it('keeps running while a hold suspends the attempt', () => {
    assert.equal(timeLeftMs({ status: 'suspended', deadline }, now), 600_000);
  });

  it('is blank without a deadline or after the end', () => {
    assert.equal(timeLeftMs({ status: 'locked', deadline: null }, now), null);
    assert.equal(timeLeftMs({ status: 'unlocked', deadline: null }, now), null);
    assert.equal(timeLeftMs({ status: 'submitted', deadline }, now), null);
    assert.equal(timeLeftMs({ status: 'expired', deadline }, now), null);
    assert.equal(timeLeftMs(undefined, now), null);
  });
});
