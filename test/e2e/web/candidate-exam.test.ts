import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';

import { attemptLiveOf } from '../../../src/server/exam/attempt-live.js';
import { setExtraTime } from '../../../src/server/exam/attempts.js';
import { examDb } from '../../../src/server/exam/exam-schema.js';
import { seedExam } from '../../../src/server/exam/exam-seed.js';
import { chromiumUnavailableReason, requirePart } from '../../support/require.js';
import {
  describeViolations,
  saveScreenshot,
  seriousAxeViolations,
  useDemoBrowser,
} from './harness.js';

const UNAVAILABLE = chromiumUnavailableReason();
const QUESTION_COUNT = 10;

describe('candidate exam in Chromium', { timeout: 180_000 }, () => {
  const demo = useDemoBrowser(UNAVAILABLE);
  let candidateId = '';

  // Runs after the demo server started: a ready exam session with one logged-in candidate.
  before(async () => {
    if (UNAVAILABLE !== null) return;
    const exam = await seedExam(demo.server.app.db, { candidates: 1, questions: QUESTION_COUNT, durationMinutes: 45, setup: { resultsAllowed: true } });

    const candidate = exam.candidates[0];
    assert.ok(candidate, 'the seed created a candidate');
    candidateId = candidate.candidateId;
    await demo.browser.context.addCookies([
      { name: 'examgate_session', value: candidate.sessionToken, url: demo.server.url },
      { name: 'examgate_csrf', value: candidate.csrfToken, url: demo.server.url },
    ]);
  });

  async function storedAnswers(): Promise<{ question_id: string; version: number; value: string | null; flagged: number }[]> {
    return examDb(demo.server.app.db).selectFrom('exam_answers').select(['question_id', 'version', 'value', 'flagged']).execute();
  }

  it('takes the exam through a network loss, a reload and submission', async (t) => {
    if (!requirePart(t, UNAVAILABLE)) return;
    const { page, context } = demo.browser;

    // Open the exam: title, countdown on the server clock, one grid button per question.
    await page.goto(`${demo.server.url}/`);
    await page.getByRole('heading', { name: 'Kiểm tra giữa kỳ Toán 10' }).waitFor();
    const countdown = (await page.getByTestId('countdown').textContent()) ?? '';
    assert.match(countdown, /^(4[0-5]|3\d):\d\d$/, `countdown ${countdown} is near 45 minutes`);

    // Extra time granted while the exam is open reaches the countdown through the live socket,
    // without a save or a reload, and a notice names the new deadline.
    const { db } = demo.server.app;
    const attempt = await examDb(db).selectFrom('exam_attempts').select('id').where('candidate_id', '=', candidateId).executeTakeFirstOrThrow();
    await setExtraTime(db, attempt.id, 10 * 60, null, 'Thí sinh được cộng giờ theo quyết định của hội đồng');
    await (await attemptLiveOf(demo.server.app.database)).announce({ attemptId: attempt.id, cause: 'extra_time' });
    await page.getByTestId('deadline-changed').waitFor();
    const extended = (await page.getByTestId('countdown').textContent()) ?? '';
    assert.match(extended, /^5[0-5]:\d\d$/, `countdown ${extended} shows the 10 extra minutes`);
    const grid = page.getByRole('navigation', { name: 'Danh sách câu hỏi' });
    assert.equal(await grid.getByRole('button').count(), QUESTION_COUNT);

    // Answer question 1 with the mouse and question 2 with the keyboard only; flag question 2.
    await page.getByRole('radio').first().check();
    await page.getByTestId('save-status').filter({ hasText: 'Đã lưu' }).waitFor();
    await page.locator('body').press('n');
    await page.getByRole('heading', { name: /Câu 2 \/ 10/ }).waitFor();
    await page.keyboard.press('2');
    await page.keyboard.press('f');
    await page.getByTestId('save-status').filter({ hasText: 'Đã lưu' }).waitFor();
    assert.equal(await page.getByRole('radio').nth(1).isChecked(), true);
    assert.match((await grid.getByRole('button').nth(1).getAttribute('aria-label')) ?? '', /Đánh dấu xem lại/);

    const violations = await seriousAxeViolations(page);
    assert.equal(violations.length, 0, describeViolations(violations));
    await saveScreenshot(page, 'candidate-exam');

    // Lose the network: answers keep being accepted locally and the banner counts them.
    await context.setOffline(true);
    await grid.getByRole('button').nth(2).click();
    await page.getByRole('radio').nth(2).check();
    await grid.getByRole('button').nth(3).click();
    await page.keyboard.press('1');
    const banner = page.getByTestId('offline-banner');
    await banner.filter({ hasText: '2 câu trả lời chưa gửi' }).waitFor();
    await saveScreenshot(page, 'candidate-exam-offline');
    assert.equal((await storedAnswers()).length, 2, 'the server has only the answers sent before the loss');

    // Reload while saving still fails: the unsent answers come back from local storage.
    await page.route('**/answers', (route) => route.abort('internetdisconnected'));
    await context.setOffline(false);
    await page.reload();
    await page.getByRole('heading', { name: 'Kiểm tra giữa kỳ Toán 10' }).waitFor();
    await page.getByTestId('offline-banner').filter({ hasText: '2 câu trả lời chưa gửi' }).waitFor();
    await grid.getByRole('button').nth(2).click();
    assert.equal(await page.getByRole('radio').nth(2).isChecked(), true, 'question 3 keeps its unsent answer after the reload');

    // The network comes back: the queue resends on its own until everything is acknowledged.
    await page.unroute('**/answers');
    await page.getByText('Tất cả câu trả lời đã lưu trên máy chủ.').waitFor({ timeout: 30_000 });
    const stored = await storedAnswers();
    assert.equal(stored.length, 4);
    assert.equal(stored.filter((answer) => answer.flagged === 1).length, 1);

    // Submit: the summary names the unanswered questions.
    await page.getByRole('button', { name: 'Nộp bài' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    assert.match((await page.getByTestId('submit-summary').textContent()) ?? '', /4 \/ 10/);
    assert.match((await dialog.textContent()) ?? '', /Các câu chưa trả lời: 5, 6, 7, 8, 9, 10/);
    await saveScreenshot(page, 'candidate-submit');
    await dialog.getByRole('button', { name: 'Nộp bài' }).click();

    // Results appear because the session allows them, then the feedback form.
    await page.getByText('Bạn đã nộp bài. Cảm ơn bạn.').waitFor();
    await page.getByRole('heading', { name: /Kết quả/ }).waitFor();
    const attemptRow = await examDb(demo.server.app.db).selectFrom('exam_attempts').select(['status', 'manual_pending']).executeTakeFirstOrThrow();
    assert.equal(attemptRow.status, 'submitted');
    if (Number(attemptRow.manual_pending) === 0) {
      assert.match((await page.getByTestId('score').textContent()) ?? '', /^Điểm: [\d,]+ \/ [\d,]+$/);
    } else {
      await page.getByText(/đang chờ giáo viên chấm/).waitFor();
    }

    const numbers = await page.getByRole('row').locator('td:first-child').allTextContents();
    assert.deepEqual(numbers, Array.from({ length: QUESTION_COUNT }, (_, index) => String(index + 1)), 'grades are listed in question order');
    await saveScreenshot(page, 'candidate-result');

    // The reports questionnaire: four Likert statements and a comment, stored where the pilot
    // evaluation reads them.
    const form = page.getByTestId('feedback-candidate');
    await form.getByRole('heading', { name: 'Phiếu khảo sát ý kiến thí sinh' }).waitFor();
    const statements = form.getByRole('group');
    assert.equal(await statements.count(), 4);
    assert.equal(await form.getByRole('button', { name: 'Gửi góp ý' }).isDisabled(), true, 'sending waits for every statement');
    for (let index = 0; index < 4; index += 1) {
      await statements.nth(index).getByRole('radio', { name: index === 0 ? 'Rất đồng ý' : 'Đồng ý', exact: true }).check();
    }
    await form.getByLabel('Góp ý khác của bạn (không bắt buộc).').fill('Máy chạy ổn định.');
    await saveScreenshot(page, 'candidate-feedback');
    const formViolations = await seriousAxeViolations(page);
    assert.equal(formViolations.length, 0, describeViolations(formViolations));
    await form.getByRole('button', { name: 'Gửi góp ý' }).click();
    await page.getByText('Cảm ơn bạn đã góp ý.').waitFor();

    const response = await demo.server.app.db.selectFrom('feedback_responses').select(['respondent', 'answers', 'candidate_id', 'exam_event_id']).executeTakeFirstOrThrow();
    assert.equal(response.respondent, 'candidate');
    assert.equal(response.candidate_id, candidateId);
    assert.deepEqual(JSON.parse(response.answers), {
      'candidate.checkin_quick': 5,
      'candidate.checkin_clear': 4,
      'candidate.exam_stable': 4,
      'candidate.data_trust': 4,
      'candidate.comment': 'Máy chạy ổn định.',
    });

    const afterViolations = await seriousAxeViolations(page);
    assert.equal(afterViolations.length, 0, describeViolations(afterViolations));
  });
});
