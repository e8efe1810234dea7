import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';

import { examDb } from '../../../src/server/exam/exam-schema.js';
import { seedExam } from '../../../src/server/exam/exam-seed.js';
import { chromiumUnavailableReason, requirePart } from '../../support/require.js';
import { CandidateClient } from '../../db/exam/candidate-client.js';
import {
  describeViolations,
  saveScreenshot,
  seriousAxeViolations,
  signInAs,
  useDemoBrowser,
} from './harness.js';

const UNAVAILABLE = chromiumUnavailableReason();
const ESSAY_TEXT = 'Ta có x² − 1 = 0 nên x = 1 hoặc x = −1.';

describe('essay grading in Chromium', { timeout: 150_000 }, () => {
  const demo = useDemoBrowser(UNAVAILABLE);
  let attemptId = '';

  // One finished attempt in the demo unit with an essay answered and another left empty.
  before(async () => {
    if (UNAVAILABLE !== null) return;
    const db = demo.server.app.db;
    const teacher = await db.selectFrom('users').select('unit_id').where('username', '=', 'giaovien').executeTakeFirstOrThrow();
    const seeded = await seedExam(db, { candidates: 1, questions: 40, unitId: teacher.unit_id ?? undefined, setup: { shuffleQuestions: false } });
    const candidate = new CandidateClient(demo.server.url, seeded.candidates[0]!);
    const loaded = await candidate.load();
    attemptId = loaded.body.attempt.id;
    const essays = loaded.body.questions.filter((question: { kind: string }) => question.kind === 'essay');
    assert.ok(essays.length >= 2, 'the generated exam has two essays');
    await candidate.save(attemptId, [{ questionId: essays[0].id, clientVersion: 1, value: { text: ESSAY_TEXT } }]);
    await candidate.submit(attemptId);
  });

  it('teacher grades an essay by hand', async (t) => {
    if (!requirePart(t, UNAVAILABLE)) return;
    const { page } = demo;

    await signInAs(page, demo.server.url, 'giaovien', demo.passwordOf('giaovien'));
    await page.goto(`${demo.server.url}/#/teacher/grading`);
    const eventPicker = page.getByLabel('Kỳ thi', { exact: true });
    const examOption = eventPicker.locator('option', { hasText: 'Toán 10' });
    await examOption.waitFor({ state: 'attached' });
    await eventPicker.selectOption((await examOption.getAttribute('value')) ?? '');
    const sessionPicker = page.getByLabel('Ca thi', { exact: true });
    await sessionPicker.locator('option').nth(1).waitFor({ state: 'attached' });
    await sessionPicker.selectOption({ index: 1 });

    const summary = page.getByTestId('grading-summary');
    await summary.waitFor();
    assert.match((await summary.textContent()) ?? '', /^2 câu tự luận, 1 câu chưa chấm\./);
    const answered = page.getByTestId('essay').filter({ hasText: ESSAY_TEXT });
    assert.equal(await answered.count(), 1);
    assert.equal(await page.getByTestId('essay').filter({ hasText: 'Thí sinh không trả lời câu này.' }).count(), 1);

    await answered.getByLabel(/^Điểm \(tối đa/).fill('0,75');
    const violations = await seriousAxeViolations(page);
    assert.equal(violations.length, 0, describeViolations(violations));
    await saveScreenshot(page, 'teacher-essay-grading');
    await answered.getByRole('button', { name: 'Lưu điểm' }).click();
    await summary.filter({ hasText: '0 câu chưa chấm' }).waitFor();
    assert.match((await answered.getByTestId('essay-state').textContent()) ?? '', /Đã chấm: 0,75 \/ 1 điểm/);

    const attempt = await examDb(demo.server.app.db).selectFrom('exam_attempts').select(['manual_pending', 'score']).where('id', '=', attemptId).executeTakeFirstOrThrow();
    assert.equal(Number(attempt.manual_pending), 0);
    assert.notEqual(attempt.score, null, 'the attempt has a score once every essay is graded');
  });
});
