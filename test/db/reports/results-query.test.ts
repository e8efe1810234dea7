import assert from 'node:assert/strict';

import type { Kysely } from 'kysely';

import { evaluatePilot } from '../../../src/reports/evaluation.js';
import { computeResults } from '../../../src/reports/results.js';
import { newId, nowIso } from '../../../src/server/db/columns.js';
import type { Database } from '../../../src/server/db/schema.js';
import { examDb } from '../../../src/server/exam/exam-schema.js';
import { recordResends } from '../../../src/server/exam/save-resends.js';
import { loadEvaluationInput } from '../../../src/server/reports/evaluation-query.js';
import { loadResultsInput } from '../../../src/server/reports/results-query.js';
import { forEachDatabase } from '../../support/databases.js';

interface Seeded {
  eventId: string;
  unitId: string;
  questionId: string;
}

// c1 submits with 8 of 10 points, c2 runs out of time with 3 of 10 after resending its answer
// twice, c3 is unlocked but never starts, c4 is registered but absent. One single-choice
// question with key o2.
async function seed(db: Kysely<Database>): Promise<Seeded> {
  const exam = examDb(db);
  const now = nowIso();
  const departmentId = newId();
  const unitId = newId();
  const classId = newId();
  const roundId = newId();
  const eventId = newId();
  const sessionId = newId();

  await exam.insertInto('departments').values({ id: departmentId, code: 'SO', name: 'Sở GDĐT Thử Nghiệm', created_at: now }).execute();
  await exam.insertInto('units').values({ id: unitId, department_id: departmentId, code: 'A', name: 'Trung tâm GDTX-NNTH Hòa Bình', kind: 'continuing_education_centre', created_at: now, updated_at: now }).execute();
  await exam.insertInto('classes').values({ id: classId, unit_id: unitId, code: '10A1', name: '10A1', school_year: null, created_at: now }).execute();
  await exam.insertInto('pilot_rounds').values({ id: roundId, department_id: departmentId, number: 1, name: 'Đợt 1', starts_on: null, ends_on: null, created_at: now }).execute();
  await exam.insertInto('exam_events').values({ id: eventId, unit_id: unitId, pilot_round_id: roundId, kind: 'exam', code: 'GK1', title: 'Kiểm tra giữa kỳ Tin học', starts_on: null, ends_on: null, created_at: now }).execute();
  await exam.insertInto('exam_sessions').values({ id: sessionId, exam_event_id: eventId, code: 'CA1', date: '2026-03-09', start_time: '08:00', duration_minutes: 45, window_minutes: 15, created_at: now }).execute();

  const bankId = newId();
  const questionId = newId();
  const versionId = newId();
  const question = { id: questionId, kind: 'single', stem: 'Đơn vị đo dung lượng nhỏ nhất?', points: 1, options: [{ id: 'o1', text: 'Byte' }, { id: 'o2', text: 'Bit' }, { id: 'o3', text: 'KB' }], correctOptionId: 'o2' };
  await exam.insertInto('question_banks').values({ id: bankId, unit_id: unitId, name: 'Tin học 10', created_at: now, updated_at: now }).execute();
  await exam.insertInto('questions').values({ id: questionId, bank_id: bankId, position: 1, current_version_id: versionId, retired: 0, created_at: now, updated_at: now }).execute();
  await exam.insertInto('question_versions').values({ id: versionId, question_id: questionId, version: 1, kind: 'single', section: null, topic: null, difficulty: null, points: 1, body: JSON.stringify(question), created_by: null, created_at: now }).execute();

  const people = [
    ['c1', 'Nguyễn Thị Ánh Tuyết', '001204012345', 'submitted', 8, 'o2'],
    ['c2', 'Trần Quốc Việt', '079305000127', 'expired', 3, 'o3'],
    ['c3', 'Lý Thị Hằng', '038099004321', 'unlocked', null, null],
    ['c4', 'Vũ Đức Thắng', '031207001122', null, null, null],
  ] as const;

  for (const [index, [, name, idNumber, status, score, choice]] of people.entries()) {
    const candidateId = newId();
    await exam.insertInto('candidates').values({
      id: candidateId, unit_id: unitId, class_id: classId, match_key: `id:${idNumber}`, id_number: idNumber, legacy_id_number: null, card_issued_on: null,
      full_name: name, full_name_display: name, birth_date: '2009-01-01', sex: 'F', chip_status: 'chipped', email: null, phone: null, created_at: now, updated_at: now,
    }).execute();
    await exam.insertInto('exam_registrations').values({ id: newId(), exam_event_id: eventId, candidate_id: candidateId, candidate_number: `00010${index + 1}`, created_at: now }).execute();

    if (status === null) {
      continue;
    }

    const attemptId = newId();
    const finished = status === 'submitted' || status === 'expired';
    await exam.insertInto('exam_attempts').values({
      id: attemptId, exam_session_id: sessionId, candidate_id: candidateId, seat_id: null, status, unlocked_at: now, unlocked_by: null, device_session_id: null,
      form_code: null, form: null, started_at: finished ? now : null, extra_seconds: 0, deadline_at: null, finalise_after: null,
      finished_at: finished ? now : null, finish_reason: status === 'submitted' ? 'submitted' : status === 'expired' ? 'deadline' : null,
      score, max_score: finished ? 10 : null, manual_pending: 0, created_at: now, updated_at: now,
    }).execute();

    if (choice !== null) {
      await exam.insertInto('exam_answers').values({ attempt_id: attemptId, question_id: questionId, version: 1, value: JSON.stringify({ kind: 'single', optionId: choice }), flagged: 0, saved_at: now }).execute();
      await exam.insertInto('exam_grades').values({
        attempt_id: attemptId, question_id: questionId, question_version_id: versionId, status: 'graded', score: choice === 'o2' ? 1 : 0, max_score: 1, graded_by: null, graded_at: now,
      }).execute();
    }

    if (status === 'expired') {
      const resent = { questionId, clientVersion: 1, idempotencyKey: 'c2-q1-v1', resent: true };
      await recordResends(exam, attemptId, [resent, { ...resent, resent: false }], now);
      await recordResends(exam, attemptId, [resent], now);
    }
  }

  return { eventId, unitId, questionId };
}

forEachDatabase('results and exam attempts from storage', async (testDatabase, t) => {
  const { db } = testDatabase.database;
  const seeded = await seed(db);

  await t.test('scores on the 10-point scale', async () => {
    const input = await loadResultsInput(db, { examEventId: seeded.eventId });

    assert.equal(input.examTitle, 'Kiểm tra giữa kỳ Tin học');
    assert.deepEqual(input.candidates.map((candidate) => [candidate.candidateNumber, candidate.fullName, candidate.idNumber, candidate.className, candidate.score]), [
      ['000101', 'Nguyễn Thị Ánh Tuyết', '001204012345', '10A1', 8],
      ['000102', 'Trần Quốc Việt', '079305000127', '10A1', 3],
      ['000103', 'Lý Thị Hằng', '038099004321', '10A1', null],
      ['000104', 'Vũ Đức Thắng', '031207001122', '10A1', null],
    ]);
  });

  await t.test('item statistics with option choices', async () => {
    const report = computeResults(await loadResultsInput(db, { examEventId: seeded.eventId }));
    const [item] = report.items;

    assert.equal(report.items.length, 1);
    assert.equal(item?.difficulty, 0.5);
    assert.deepEqual(item?.options.map((option) => [option.optionId.split(':')[1], option.isKey, option.all]), [
      ['o1', false, 0],
      ['o2', true, 1],
      ['o3', false, 1],
    ]);
    assert.equal(report.perClass[0]?.graded, 2);
    assert.equal(report.perClass[0]?.absent, 2);
  });

  await t.test('unknown exam event is reported', async () => {
    await assert.rejects(loadResultsInput(db, { examEventId: 'missing' }), /exam event missing was not found/);
  });

  await t.test('exam attempts in the evaluation', async () => {
    const report = evaluatePilot(await loadEvaluationInput(db));
    const exams = report.rounds[0]?.department.exams;

    assert.deepEqual(exams, { started: 2, submitted: 1, autoFinalised: 1, inProgress: 0, answersResent: 2, attemptsWithResends: 1 });
  });
});
