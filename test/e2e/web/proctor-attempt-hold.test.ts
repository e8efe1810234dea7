// The room monitor in Chromium shows an attempt that the registry put on hold, with the
// registry's reason, and the proctor re-admits the candidate by override from that row.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { relockAttempt } from '../../../src/server/exam/attempt-holds.js';
import { chromiumUnavailableReason, requirePart } from '../../support/require.js';
import { ApiClient } from '../../support/server.js';
import {
  describeViolations,
  saveScreenshot,
  seriousAxeViolations,
  signInAs,
  useDemoBrowser,
} from './harness.js';

const UNAVAILABLE = chromiumUnavailableReason();

/** The parts of the browser's DOM that measureOptions uses; the test project has no DOM types. */
interface PageGlobals {
  getComputedStyle(element: unknown): { font: string; paddingLeft: string; paddingRight: string };
  document: { createElement(tag: 'canvas'): { getContext(kind: '2d'): { font: string; measureText(text: string): { width: number } } } };
}

/** Measures, in the page, the widest option text of a select and the width inside its padding. */
function measureOptions(element: unknown): { widestOptionPx: number; contentPx: number } {
  const page = globalThis as unknown as PageGlobals;
  const select = element as { clientWidth: number; options: ArrayLike<{ text: string }> };
  const style = page.getComputedStyle(select);
  const context = page.document.createElement('canvas').getContext('2d');
  context.font = style.font;

  const widestOptionPx = Math.max(...Array.from(select.options).map((option) => context.measureText(option.text).width));
  const contentPx = select.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  return { widestOptionPx: Math.ceil(widestOptionPx), contentPx };
}

describe('attempt hold in the room monitor', { timeout: 150_000 }, () => {
  const demo = useDemoBrowser(UNAVAILABLE);

  it('shows the hold and re-admits', async (t) => {
    if (!requirePart(t, UNAVAILABLE)) return;
    const { page } = demo;
    const { db } = demo.server.app;

    await signInAs(page, demo.server.url, 'canbocoithi', demo.passwordOf('canbocoithi'));
    await page.goto(`${demo.server.url}/#/proctor/room`);
    for (const label of ['Kỳ thi', 'Ca thi']) {
      const picker = page.getByLabel(label, { exact: true });
      await picker.locator('option').nth(1).waitFor({ state: 'attached' });
      await picker.selectOption({ index: 1 });
    }
    const sessionId = await page.getByLabel('Ca thi', { exact: true }).inputValue();
    await page.getByTestId('monitor-table').waitFor();

    // Admit the last candidate of the session by override, then let the registry reject them.
    const seat = await db.selectFrom('seat_assignments').innerJoin('seats', 'seats.id', 'seat_assignments.seat_id')
      .innerJoin('exam_registrations', 'exam_registrations.id', 'seat_assignments.registration_id')
      .select(['exam_registrations.candidate_id as candidateId', 'exam_registrations.candidate_number as candidateNumber', 'seats.room_id as roomId'])
      .where('seat_assignments.exam_session_id', '=', sessionId)
      .orderBy('exam_registrations.candidate_number', 'desc').executeTakeFirstOrThrow();
    const proctor = await new ApiClient(demo.server.url).login('canbocoithi', demo.passwordOf('canbocoithi'));
    const override = await proctor.post(`/api/checkin/sessions/${sessionId}/rooms/${seat.roomId}/overrides`, { candidateId: seat.candidateId, kind: 'no_card', reason: 'Thẻ đang được cấp lại; đã xem giấy hẹn của công an.' });
    assert.equal(override.status, 201, JSON.stringify(override.body));
    const relocked = await relockAttempt(db, { sessionId, candidateId: seat.candidateId, reason: 'registry_mismatch', checkInId: override.body.id });
    assert.equal(relocked?.status, 'locked');

    const row = page.getByTestId('monitor-table').getByRole('row').filter({ hasText: seat.candidateNumber });
    const state = row.getByTestId('attempt-state');
    await state.filter({ hasText: 'Bị khóa lại (CSDL dân cư không xác nhận), chưa bắt đầu' }).waitFor({ timeout: 10_000 });
    assert.match((await state.textContent()) ?? '', /CSDL quốc gia về dân cư có thông tin khác với chip/);

    const violations = await seriousAxeViolations(page);
    assert.equal(violations.length, 0, describeViolations(violations));
    await row.scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'proctor-attempt-hold');

    const kind = row.getByLabel('Trường hợp');
    await kind.selectOption({ label: 'Thí sinh chưa có CCCD gắn chip hoặc thẻ đang được cấp lại' });
    const fit = await kind.evaluate(measureOptions);
    assert.ok(fit.widestOptionPx <= fit.contentPx, `the widest reason code (${fit.widestOptionPx} px) is cut off in a select of ${fit.contentPx} px`);
    assert.equal(await row.getByTestId('time-left').textContent(), '', 'an attempt locked before its start has no deadline');

    await row.getByLabel(/^Lý do \(bắt buộc/).fill('Đã gọi công an phường xác minh: thông tin trên thẻ đúng.');
    await row.getByRole('button', { name: 'Cho vào thi lại' }).click();
    await state.filter({ hasText: 'Đã xác thực, chưa bắt đầu' }).waitFor({ timeout: 10_000 });
    assert.equal(await row.getByTestId('hold-decision').count(), 0);

    const attempt = await db.selectFrom('audit_log').select(['action', 'details']).where('action', '=', 'exam.attempt.readmit').where('subject_id', '=', relocked!.attemptId).executeTakeFirstOrThrow();
    const details = JSON.parse(attempt.details as string) as Record<string, unknown>;
    assert.equal(details.kind, 'no_card');
    assert.equal(details.reason, 'Đã gọi công an phường xác minh: thông tin trên thẻ đúng.');
  });
});
