import assert from 'node:assert/strict';

import type { Kysely } from 'kysely';

import { evaluatePilot } from '../../../src/reports/evaluation.js';
import { newId, nowIso } from '../../../src/server/db/columns.js';
import type { Database } from '../../../src/server/db/schema.js';
import { keepAttemptLocked, readmitAttempt, relockAttempt } from '../../../src/server/exam/attempt-holds.js';
import { examDb, type AttemptStatus } from '../../../src/server/exam/exam-schema.js';
import { loadAttemptHolds } from '../../../src/server/reports/attempt-hold-query.js';
import { loadEvaluationInput } from '../../../src/server/reports/evaluation-query.js';
import { forEachDatabase } from '../../support/databases.js';

const PROCTOR = 'proctor-user';

type Decision = 'readmit' | 'keep' | 'keep-then-readmit' | 'none';

// In the pilot round: h1 (in progress) and h2 (not started) are re-admitted, h3 is kept
// locked, h4 is kept locked and re-admitted later, h5 waits for a decision, h6 had submitted
// when the registry result came (nothing to hold), h7 has no hold. h8 is held in an exam event
// outside any pilot round, which the evaluation leaves out.
const ATTEMPTS: [name: string, status: AttemptStatus, reason: string | null, decision: Decision, inRound: boolean][] = [
  ['h1', 'in_progress', 'registry_mismatch', 'readmit', true],
  ['h2', 'unlocked', 'registry_mismatch', 'readmit', true],
  ['h3', 'unlocked', 'registry_not_found', 'keep', true],
  ['h4', 'in_progress', 'registry_mismatch', 'keep-then-readmit', true],
  ['h5', 'unlocked', 'registry_revoked', 'none', true],
  ['h6', 'submitted', 'registry_mismatch', 'none', true],
  ['h7', 'in_progress', null, 'none', true],
  ['h8', 'unlocked', 'registry_mismatch', 'none', false],
];

async function seed(db: Kysely<Database>): Promise<void> {
  const exam = examDb(db);
  const now = nowIso();
  const ids = { department: newId(), unit: newId(), round: newId(), event: newId(), session: newId(), otherEvent: newId(), otherSession: newId() };

  await exam.insertInto('departments').values({ id: ids.department, code: 'SO', name: 'Sở GDĐT', created_at: now }).execute();
  await exam.insertInto('units').values({ id: ids.unit, department_id: ids.department, code: 'A', name: 'Trung tâm A', kind: 'continuing_education_centre', created_at: now, updated_at: now }).execute();
  await exam.insertInto('pilot_rounds').values({ id: ids.round, department_id: ids.department, number: 1, name: 'Đợt 1', starts_on: null, ends_on: null, created_at: now }).execute();
  await exam.insertInto('exam_events').values({ id: ids.event, unit_id: ids.unit, pilot_round_id: ids.round, kind: 'exam', code: 'GK1', title: 'Giữa kỳ', starts_on: null, ends_on: null, created_at: now }).execute();
  await exam.insertInto('exam_events').values({ id: ids.otherEvent, unit_id: ids.unit, pilot_round_id: null, kind: 'exam', code: 'TN', title: 'Thử', starts_on: null, ends_on: null, created_at: now }).execute();
  await exam.insertInto('exam_sessions').values({ id: ids.session, exam_event_id: ids.event, code: 'CA1', date: '2026-03-09', start_time: '08:00', duration_minutes: 45, window_minutes: 15, created_at: now }).execute();
  await exam.insertInto('exam_sessions').values({ id: ids.otherSession, exam_event_id: ids.otherEvent, code: 'CA1', date: '2026-03-10', start_time: '08:00', duration_minutes: 45, window_minutes: 15, created_at: now }).execute();

  for (const [index, [name, status, reason, decision, inRound]] of ATTEMPTS.entries()) {
    const candidateId = newId();
    const sessionId = inRound ? ids.session : ids.otherSession;
    const idNumber = `0012040100${String(index).padStart(2, '0')}`;
    await exam.insertInto('candidates').values({
      id: candidateId, unit_id: ids.unit, class_id: null, match_key: `id:${idNumber}`, id_number: idNumber, legacy_id_number: null, card_issued_on: null,
      full_name: name, full_name_display: name, birth_date: '2009-01-01', sex: 'F', chip_status: 'chipped', email: null, phone: null, created_at: now, updated_at: now,
    }).execute();

    const attemptId = newId();
    const started = status !== 'unlocked';
    await exam.insertInto('exam_attempts').values({
      id: attemptId, exam_session_id: sessionId, candidate_id: candidateId, seat_id: null, status, unlocked_at: now, unlocked_by: null, device_session_id: null,
      form_code: null, form: null, started_at: started ? now : null, extra_seconds: 0, deadline_at: null, finalise_after: null,
      finished_at: status === 'submitted' ? now : null, finish_reason: status === 'submitted' ? 'submitted' : null,
      score: null, max_score: null, manual_pending: 0, created_at: now, updated_at: now,
    }).execute();

    if (reason === null) {
      continue;
    }

    await relockAttempt(db, { sessionId, candidateId, reason, checkInId: newId() });
    const note = { attemptId, actorUserId: PROCTOR, note: 'Đã gọi công an phường xác minh thông tin.' };

    if (decision === 'keep' || decision === 'keep-then-readmit') {
      await keepAttemptLocked(db, note);
    }
    if (decision === 'readmit' || decision === 'keep-then-readmit') {
      await readmitAttempt(db, { ...note, kind: 'other' });
    }
  }
}

forEachDatabase('held attempts in the evaluation', async (testDatabase, t) => {
  const { db } = testDatabase.database;
  await seed(db);

  await t.test('one record per held attempt', async () => {
    const holds = await loadAttemptHolds(db);
    const decisions = holds.map((hold) => `${hold.reason}:${hold.decision}`).sort();

    assert.deepEqual(decisions, [
      'registry_mismatch:readmitted',
      'registry_mismatch:readmitted',
      'registry_mismatch:readmitted',
      'registry_not_found:kept_locked',
      'registry_revoked:undecided',
    ]);
    assert.ok(holds.every((hold) => hold.round === 1));
  });

  await t.test('counts by decision and reason', async () => {
    const report = evaluatePilot(await loadEvaluationInput(db));
    const holds = report.rounds[0]?.department.holds;

    assert.deepEqual(holds, {
      held: 5,
      readmitted: 3,
      keptLocked: 1,
      undecided: 1,
      byReason: { registry_mismatch: 3, registry_not_found: 1, registry_revoked: 1 },
    });
    assert.deepEqual(report.rounds[0]?.units[0]?.figures.holds, holds);
  });

  await t.test('comparison rows', async () => {
    const report = evaluatePilot(await loadEvaluationInput(db));
    const value = (key: string) => report.comparison.find((row) => row.key === key)?.values[1];

    assert.equal(value('attemptsHeld'), 5);
    assert.equal(value('heldReadmitted'), 3);
    assert.equal(value('heldKeptLocked'), 1);
    assert.equal(value('heldUndecided'), 1);
  });
});
