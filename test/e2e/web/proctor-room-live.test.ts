import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

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

describe('live room view in Chromium', { timeout: 150_000 }, () => {
  const demo = useDemoBrowser(UNAVAILABLE);

  it('shows a check-in override as it happens', async (t) => {
    if (!requirePart(t, UNAVAILABLE)) return;
    const { page } = demo;

    await signInAs(page, demo.server.url, 'canbocoithi', demo.passwordOf('canbocoithi'));
    await page.goto(`${demo.server.url}/#/proctor/room`);
    for (const label of ['Kỳ thi', 'Ca thi']) {
      const picker = page.getByLabel(label, { exact: true });
      await picker.locator('option').nth(1).waitFor({ state: 'attached' });
      await picker.selectOption({ index: 1 });
    }
    const sessionId = await page.getByLabel('Ca thi', { exact: true }).inputValue();
    await page.getByTestId('monitor-table').waitFor();
    const badge = page.locator('[data-testid^="room-live-"][data-state="live"]').first();
    await badge.waitFor();
    const roomId = ((await badge.getAttribute('data-testid')) ?? '').replace('room-live-', '');

    // A second proctor device admits a candidate of that room without chip through the check-in API.
    const seat = await demo.server.app.db.selectFrom('seat_assignments').innerJoin('seats', 'seats.id', 'seat_assignments.seat_id')
      .innerJoin('exam_registrations', 'exam_registrations.id', 'seat_assignments.registration_id')
      .select(['exam_registrations.candidate_id as candidateId', 'exam_registrations.candidate_number as candidateNumber'])
      .where('seat_assignments.exam_session_id', '=', sessionId).where('seats.room_id', '=', roomId)
      .orderBy('exam_registrations.candidate_number').executeTakeFirstOrThrow();
    const other = await new ApiClient(demo.server.url).login('canbocoithi', demo.passwordOf('canbocoithi'));
    const override = await other.post(`/api/checkin/sessions/${sessionId}/rooms/${roomId}/overrides`, { candidateId: seat.candidateId, kind: 'broken_chip', reason: 'Chip không đọc được ở cả hai đầu đọc.' });
    assert.equal(override.status, 201, JSON.stringify(override.body));

    const row = page.getByTestId('monitor-table').getByRole('row').filter({ hasText: seat.candidateNumber });
    await row.getByTestId('admission').filter({ hasText: 'Không qua chip (ngoại lệ)' }).waitFor({ timeout: 4000 });

    const violations = await seriousAxeViolations(page);
    assert.equal(violations.length, 0, describeViolations(violations));
    await saveScreenshot(page, 'proctor-room-live');
  });
});
