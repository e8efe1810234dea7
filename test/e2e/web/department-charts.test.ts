import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';

import type { Kysely } from 'kysely';
import type { Locator } from 'playwright-core';

import { KyselyRegistryOutageStore, outageDb } from '../../../src/server/checkin/registry-outage-store.js';
import type { Database } from '../../../src/server/db/schema.js';
import { createExamEvent } from '../../../src/server/events/exam-events.js';
import { gradeEssay } from '../../../src/server/exam/attempt-grading.js';
import { keepAttemptLocked, readmitAttempt, relockAttempt } from '../../../src/server/exam/attempt-holds.js';
import { examDb } from '../../../src/server/exam/exam-schema.js';
import { seedExam } from '../../../src/server/exam/exam-seed.js';
import { createUnit } from '../../../src/server/organisation/units.js';
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

const MINUTE_MS = 60_000;

/** Answers each seeded candidate sends again with `resent` set, by candidate index. */
const RESENT_ANSWERS = [2, 1];

/** Parses a number in the Vietnamese format (1.234,5). */
function parseFigure(text: string): number {
  return Number(text.replace(/\./g, '').replace(',', '.').trim());
}

/** Reads a chart's table as numbers, row by row, from the Vietnamese format (1.234,5). */
async function chartNumbers(chart: Locator): Promise<number[][]> {
  const rows = await chart.locator('table.chart-table tbody tr').all();
  const values: number[][] = [];
  for (const row of rows) {
    const cells = await row.locator('td').allTextContents();
    values.push(cells.map(parseFigure));
  }
  return values;
}

/** Reads a table's body and footer rows as numbers, keyed by the row header. */
async function tableRows(table: Locator): Promise<Map<string, number[]>> {
  const rows = new Map<string, number[]>();
  for (const row of await table.locator('tbody tr, tfoot tr').all()) {
    const header = ((await row.locator('th').textContent()) ?? '').trim();
    rows.set(header, (await row.locator('td').allTextContents()).map(parseFigure));
  }
  return rows;
}

interface OutageEvents {
  /** The demo's exam event and the seeded exam, both of the demo unit. */
  demo: string;
  seeded: string;
  /** The exam event of the second unit. */
  second: string;
}

/**
 * Records round 1's registry outages through the outage store, as the registry wiring does. The
 * demo unit has two overlapping periods, minutes 0–10 and 5–20 of a day three hours ago (one
 * outage of 20 minutes). The second unit has minutes 15–20 and a period opened 30 minutes ago
 * that is still open. For the department, 0–20 is one outage. Returns the start of the open
 * period in milliseconds since the epoch.
 */
async function seedOutages(db: Kysely<Database>, events: OutageEvents): Promise<number> {
  const store = new KyselyRegistryOutageStore(db, 'department-charts-test');
  const base = Math.floor(Date.now() / MINUTE_MS) * MINUTE_MS - 180 * MINUTE_MS;
  const at = (minutes: number): string => new Date(base + minutes * MINUTE_MS).toISOString();

  assert.ok(await store.recordUnavailable({ key: { examEventId: events.demo, candidateId: 'outage-1' }, reason: 'connect_timeout', at: at(0) }));
  assert.ok(await store.recordUnavailable({ key: { examEventId: events.seeded, candidateId: 'outage-2' }, reason: 'server_error', at: at(5) }));
  await outageDb(db).updateTable('registry_outages').set({ ended_at: at(10), closed_by: 'department-charts-test' }).where('exam_event_id', '=', events.demo).execute();
  assert.ok(await store.recordUnavailable({ key: { examEventId: events.second, candidateId: 'outage-3' }, reason: 'connection_failed', at: at(15) }));
  assert.equal(await store.recordAvailable(at(20)), 2);

  const openSinceMs = Date.now() - 30 * MINUTE_MS;
  assert.ok(await store.recordUnavailable({ key: { examEventId: events.second, candidateId: 'outage-4' }, reason: 'circuit_open', at: new Date(openSinceMs).toISOString() }));
  return openSinceMs;
}

/**
 * Holds three unlocked attempts of a new exam of the second unit in pilot round 1 after a late
 * registry result, as check-in does. The proctor re-admits the first and keeps the second
 * locked, and the third waits for a decision.
 */
async function seedHolds(db: Kysely<Database>, unitId: string, roundId: string, proctorId: string): Promise<void> {
  const held = await seedExam(db, { candidates: 3, questions: 2, unitId });
  const session = await db.selectFrom('exam_sessions').select('exam_event_id').where('id', '=', held.examSessionId).executeTakeFirstOrThrow();
  await db.updateTable('exam_events').set({ pilot_round_id: roundId }).where('id', '=', session.exam_event_id).execute();

  const attemptIds: string[] = [];
  for (const candidate of held.candidates) {
    const relocked = await relockAttempt(db, { sessionId: held.examSessionId, candidateId: candidate.candidateId, reason: 'registry_mismatch', checkInId: 'department-charts-test' });
    assert.equal(relocked?.status, 'locked');
    attemptIds.push(relocked.attemptId);
  }

  const note = 'Đã gọi công an phường xác minh thông tin trên thẻ.';
  await readmitAttempt(db, { attemptId: attemptIds[0] as string, actorUserId: proctorId, kind: 'other', note });
  await keepAttemptLocked(db, { attemptId: attemptIds[1] as string, actorUserId: proctorId, note });
}

describe('department charts in Chromium', { timeout: 150_000 }, () => {
  const demo = useDemoBrowser(UNAVAILABLE);
  let examEventId = '';
  let openOutageSinceMs = 0;

  // Six finished and fully graded attempts in the demo unit, so the score distribution has bars.
  // The seeded exam joins pilot round 1, two of its candidates resend answers, and a second unit
  // and both units' exam events get registry outages.
  before(async () => {
    if (UNAVAILABLE !== null) return;
    const db = demo.server.app.db;
    const admin = await db.selectFrom('users').select(['id', 'unit_id']).where('username', '=', 'donvi.admin').executeTakeFirstOrThrow();
    const seeded = await seedExam(db, { candidates: 6, questions: 12, unitId: admin.unit_id ?? undefined });
    const session = await db.selectFrom('exam_sessions').select('exam_event_id').where('id', '=', seeded.examSessionId).executeTakeFirstOrThrow();
    examEventId = session.exam_event_id;

    const round = await db.selectFrom('pilot_rounds').select('id').where('number', '=', 1).executeTakeFirstOrThrow();
    await db.updateTable('exam_events').set({ pilot_round_id: round.id }).where('id', '=', examEventId).execute();
    const demoEvent = await db.selectFrom('exam_events').select('id').where('code', '=', 'DEMO-TIN-HOC').executeTakeFirstOrThrow();
    const secondUnit = await createUnit(db, { code: 'DEMO-THPT', name: 'Trường THPT thử nghiệm', kind: 'school' }, null);
    const secondEvent = await createExamEvent(db, secondUnit.id, { code: 'KT-MANG', title: 'Kiểm tra khi mất kết nối', kind: 'exam', pilotRoundId: round.id }, null);
    openOutageSinceMs = await seedOutages(db, { demo: demoEvent.id, seeded: examEventId, second: secondEvent.id });
    await seedHolds(db, secondUnit.id, round.id, admin.id);

    for (const [salt, seededCandidate] of seeded.candidates.entries()) {
      const candidate = new CandidateClient(demo.server.url, seededCandidate);
      const loaded = await candidate.load();
      const attemptId = loaded.body.attempt.id as string;
      const answers = (loaded.body.questions as { id: string; kind: string }[]).map((question) => ({ questionId: question.id, clientVersion: 1, value: answerFor(question, salt) }));
      await candidate.save(attemptId, answers);

      // The browser sends these again because it got no reply to the first save.
      const resent = answers.slice(0, RESENT_ANSWERS[salt] ?? 0).map((answer) => ({ ...answer, resent: true }));
      if (resent.length > 0) {
        const saved = await candidate.save(attemptId, resent);
        assert.equal(saved.status, 200, JSON.stringify(saved.body));
      }

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

  it('evaluation shows outages and resends', async (t) => {
    if (!requirePart(t, UNAVAILABLE)) return;
    const { page, context } = demo.browser;
    await context.clearCookies();
    await signInAs(page, demo.server.url, 'so.admin', demo.passwordOf('so.admin'));

    const requestedMs = Date.now();
    await page.goto(`${demo.server.url}/#/department/evaluation`);
    const registry = page.getByTestId('registry-round-1');
    await registry.locator('tfoot').waitFor();
    const loadedMs = Date.now();

    // The server ends the open outage at the time it builds the report, which lies between the
    // two clock readings. The dashboard rounds minutes to two decimals.
    const openMinutesMin = (requestedMs - openOutageSinceMs) / MINUTE_MS - 0.005;
    const openMinutesMax = (loadedMs - openOutageSinceMs) / MINUTE_MS + 0.005;
    const report = await (await page.request.get(`${demo.server.url}/api/reports/evaluation`)).json() as {
      rounds: { department: { registry: { checks: number; billableChecks: number } }; units: { unit: { code: string }; figures: { registry: { checks: number; billableChecks: number }; exams: { submitted: number; autoFinalised: number; answersResent: number } } }[] }[];
    };
    const round = report.rounds[0];
    assert.ok(round !== undefined, 'the demo has pilot round 1');
    assert.deepEqual(round.units.map((entry) => entry.unit.code), ['DEMO-GDTX', 'DEMO-THPT']);

    // Columns: checks sent, billable checks, outages, outage minutes, outages still open.
    const rows = await tableRows(registry);
    assert.deepEqual([...rows.keys()], ['DEMO-GDTX', 'DEMO-THPT', 'Toàn Sở']);
    const demoUnit = rows.get('DEMO-GDTX') ?? [];
    const secondUnit = rows.get('DEMO-THPT') ?? [];
    const department = rows.get('Toàn Sở') ?? [];
    assert.deepEqual(demoUnit.slice(0, 2), [round.units[0]?.figures.registry.checks, round.units[0]?.figures.registry.billableChecks]);
    assert.deepEqual(department.slice(0, 2), [round.department.registry.checks, round.department.registry.billableChecks]);
    assert.deepEqual(demoUnit.slice(2), [1, 20, 0], 'the overlapping periods of the demo unit are one outage of 20 minutes');
    assert.equal(secondUnit[2], 2);
    assert.equal(secondUnit[4], 1);
    const secondMinutes = secondUnit[3] ?? Number.NaN;
    assert.ok(secondMinutes >= 5 + openMinutesMin, `second unit: ${secondMinutes} outage minutes, expected at least 5 + ${openMinutesMin}`);
    assert.ok(secondMinutes <= 5 + openMinutesMax, `second unit: ${secondMinutes} outage minutes, expected at most 5 + ${openMinutesMax}`);
    assert.equal(department[2], 2, 'the department merges the periods of minutes 0–20 into one outage');
    assert.equal(department[4], 1);
    assert.ok(Math.abs((department[3] ?? Number.NaN) - secondMinutes - 15) <= 0.011, `department: ${department[3]} outage minutes, expected 15 more than the second unit's ${secondMinutes}`);

    const exams = await chartNumbers(page.getByRole('figure', { name: 'Bài thi theo đơn vị' }));
    assert.deepEqual(exams, round.units.map(({ figures }) => [figures.exams.submitted, figures.exams.autoFinalised, figures.exams.answersResent]));
    assert.deepEqual(exams.map((row) => row[2]), [3, 0], 'answers resent per unit');

    const comparison = async (label: string): Promise<number[]> => {
      const row = page.locator('tr').filter({ has: page.getByRole('rowheader', { name: label, exact: true }) });
      return (await row.locator('td').allTextContents()).map(parseFigure);
    };
    assert.deepEqual(await comparison('Số lần mất kết nối CSDL dân cư'), [2]);
    assert.deepEqual(await comparison('Thời gian mất kết nối CSDL dân cư (phút)'), [department[3]]);
    assert.deepEqual(await comparison('Số lần mất kết nối CSDL dân cư chưa kết thúc khi lập báo cáo'), [1]);
    assert.deepEqual(await comparison('Câu trả lời gửi lại sau mất mạng'), [3]);
    assert.deepEqual(await comparison('Bài thi bị tạm giữ do kết quả CSDL dân cư đến muộn'), [3]);
    assert.deepEqual(await comparison('Bài thi bị tạm giữ: cho vào thi lại theo quyết định của CBCT'), [1]);

    // Columns: held, re-admitted by override, kept locked, no decision yet.
    const holds = await tableRows(page.getByTestId('holds-round-1'));
    assert.deepEqual(holds.get('DEMO-GDTX'), [0, 0, 0, 0]);
    assert.deepEqual(holds.get('DEMO-THPT'), [3, 1, 1, 1]);
    assert.deepEqual(holds.get('Toàn Sở'), [3, 1, 1, 1]);

    const violations = await seriousAxeViolations(page);
    assert.equal(violations.length, 0, describeViolations(violations));
    await registry.evaluate((element) => (element as unknown as { scrollIntoView(options: object): void }).scrollIntoView({ block: 'end' }));
    await saveScreenshot(page, 'department-evaluation');
  });
});
