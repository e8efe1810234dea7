import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { en } from '../../../web/src/i18n/en.js';
import { vi } from '../../../web/src/i18n/vi.js';
import { heldNotice } from '../../../web/src/screens/exam/held-notice.js';
import { timeLeftMs } from '../../../web/src/screens/proctor/time-left.js';

/** Fills the placeholders of a catalogue message, as the web app's translate does. */
function fill(template: string, params: Record<string, number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => String(params[name] ?? whole));
}

describe('held exam notice', () => {
  it('omits the count without unsent changes', () => {
    const notice = heldNotice(0);
    const textVi = fill(vi[notice.key], notice.params);
    const textEn = fill(en[notice.key], notice.params);

    assert.doesNotMatch(textVi, /chưa gửi/);
    assert.doesNotMatch(textEn, /unsent/);
    assert.match(textVi, /Hãy gặp cán bộ coi thi\.$/);
  });

  it('names the unsent changes when some wait', () => {
    const notice = heldNotice(3);

    assert.match(fill(vi[notice.key], notice.params), /3 thay đổi chưa gửi vẫn được giữ/);
    assert.match(fill(en[notice.key], notice.params), /3 unsent changes stay on this computer/);
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
