import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';

import type { Locator } from 'playwright-core';

import { gradeEssay } from '../../../src/server/exam/attempt-grading.js';
import { examDb } from '../../../src/server/exam/exam-schema.js';
import { seedExam } from '../../../src/server/exam/exam-seed.js';
import { answerFor, CandidateClient } from '../../db/exam/candidate-client.js';
import { chromiumUnavailableReason, requirePart } from '../../support/require.js';
import {
  describeViolations,
  saveScreenshot,
  seriousAxeViolations,
  signInAs,
  useDemoBrowser,
} from './harness.js';

const UNAVAILABLE = chromiumUnavailableReason();

/** Reads a chart's table as numbers, row by row, from the Vietnamese format (1.234,5). */
async function chartNumbers(chart: Locator): Promise<number[][]> {
  const rows = await chart.locator('table.chart-table tbody tr').all();
  const values: number[][] = [];
  for (const row of rows) {
    const cells = await row.locator('td').allTextContents();
    values.push(cells.map((cell) => Number(cell.replace(/\./g, '').replace(',', '.').trim())));
  }
  return values;
}

describe('department charts in Chromium', { timeout: 150_000 }, () => {
  const demo = useDemoBrowser(UNAVAILABLE);
  let examEventId = '';

  // Six finished and fully graded attempts in the demo unit, so the score distribution has bars.
  before(async () => {
    if (UNAVAILABLE !== null) return;
    const db = demo.server.app.db;
    const admin = await db.selectFrom('users').select(['id', 'unit_id']).where('username', '=', 'donvi.admin').executeTakeFirstOrThrow();
    const seeded = await seedExam(db, { candidates: 6, questions: 12, unitId: admin.unit_id ?? undefined });
    const session = await db.selectFrom('exam_sessions').select('exam_event_id').where('id', '=', seeded.examSessionId).executeTakeFirstOrThrow();
    examEventId = session.exam_event_id;

    for (const [salt, seededCandidate] of seeded.candidates.entries()) {
      const candidate = new CandidateClient(demo.server.url, seededCandidate);
      const loaded = await candidate.load();
      const attemptId = loaded.body.attempt.id as string;
      const answers = (loaded.body.questions as { id: string; kind: string }[]).map((question) => ({ questionId: question.id, clientVersion: 1, value: answerFor(question, salt) }));
      await candidate.save(attemptId, answers);
      await candidate.submit(attemptId);

      const pending = await examDb(db).selectFrom('exam_grades').select('question_id').where('attempt_id', '=', attemptId).where('status', '=', 'manual').execute();
      for (const grade of pending) await gradeEssay(db, attemptId, grade.question_id, 0, admin.id);
    }
  });

  it('cost and results charts match the API', async (t) => {
    if (!requirePart(t, UNAVAILABLE)) return;
    const { page } = demo;

    await signInAs(page, demo.server.url, 'so.admin', demo.passwordOf('so.admin'));
    await page.goto(`${demo.server.url}/#/department/evaluation`);
    const costChart = page.getByTestId('cost-round-1');
    await costChart.locator('table.chart-table').waitFor();

    const cost = await (await page.request.get(`${demo.server.url}/api/reports/cost?round=1`)).json() as { lines: { net: number; vat: number }[]; total: number };
    assert.ok(cost.lines.length > 0, 'the round has cost lines');
    assert.deepEqual(await chartNumbers(costChart), cost.lines.map((line) => [line.net, line.vat]));
    const totalText = (await costChart.getByTestId('cost-total').textContent()) ?? '';
    assert.equal(Number(/Tổng cộng: ([\d.]+) đồng/.exec(totalText)?.[1]?.replace(/\./g, '')), cost.total);

    const unitPicker = page.getByLabel('Đơn vị', { exact: true });
    const unitId = (await demo.server.app.db.selectFrom('exam_events').select('unit_id').where('id', '=', examEventId).executeTakeFirstOrThrow()).unit_id;
    await unitPicker.locator(`option[value="${unitId}"]`).waitFor({ state: 'attached' });
    await unitPicker.selectOption(unitId);
    const eventPicker = page.getByLabel('Kỳ thi', { exact: true });
    await eventPicker.locator(`option[value="${examEventId}"]`).waitFor({ state: 'attached' });
    await eventPicker.selectOption(examEventId);
    const eventId = examEventId;
    const resultsChart = page.getByTestId('results-chart');
    await resultsChart.locator('table.chart-table').waitFor();

    const results = await (await page.request.get(`${demo.server.url}/api/reports/results?examEventId=${eventId}`)).json() as { results: { distribution: { bins: { count: number }[] } } };
    const counts = results.results.distribution.bins.map((bin) => bin.count);
    assert.equal(counts.reduce((sum, count) => sum + count, 0), 6, 'the six graded attempts are in the distribution');
    assert.deepEqual(await chartNumbers(resultsChart), counts.map((count) => [count]));

    const violations = await seriousAxeViolations(page);
    assert.equal(violations.length, 0, describeViolations(violations));
    await costChart.scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'department-cost-chart');
    await resultsChart.scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'department-results-chart');
  });
});
