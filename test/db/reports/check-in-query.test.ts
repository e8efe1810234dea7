import assert from 'node:assert/strict';

import type { Kysely } from 'kysely';

import { evaluatePilot } from '../../../src/reports/evaluation.js';
import { newId } from '../../../src/server/db/columns.js';
import type { Database } from '../../../src/server/db/schema.js';
import { loadEvaluationInput } from '../../../src/server/reports/evaluation-query.js';
import { forEachDatabase } from '../../support/databases.js';

const T0 = Date.parse('2026-03-09T01:00:00.000Z');

function at(seconds: number): string {
  return new Date(T0 + seconds * 1000).toISOString();
}

// Four candidates: c1 by chip after one unreadable tap, c2 by chip, c3 admitted by override
// (no card) and c4 refused (data mismatch). One cancelled attempt of c4 must be ignored.
async function seed(db: Kysely<Database>): Promise<void> {
  const loose = db as unknown as Kysely<Record<string, Record<string, unknown>>>;
  const now = at(0);
  const ids = { department: newId(), unit: newId(), round: newId(), event: newId(), session: newId(), room: newId() };

  await loose.insertInto('departments').values({ id: ids.department, code: 'SO', name: 'Sở GDĐT', created_at: now }).execute();
  await loose.insertInto('units').values({ id: ids.unit, department_id: ids.department, code: 'A', name: 'Trung tâm A', kind: 'centre', created_at: now, updated_at: now }).execute();
  await loose.insertInto('pilot_rounds').values({ id: ids.round, department_id: ids.department, number: 2, name: 'Đợt 2', starts_on: null, ends_on: null, created_at: now }).execute();
  await loose.insertInto('exam_events').values({ id: ids.event, unit_id: ids.unit, pilot_round_id: ids.round, kind: 'exam', code: 'E', title: 'Kỳ thi', starts_on: null, ends_on: null, created_at: now }).execute();
  await loose.insertInto('exam_sessions').values({ id: ids.session, exam_event_id: ids.event, code: 'CA1', date: '2026-03-09', start_time: '08:00', duration_minutes: 45, window_minutes: 15, created_at: now }).execute();
  await loose.insertInto('rooms').values({ id: ids.room, unit_id: ids.unit, code: 'P1', name: 'Phòng 1', created_at: now }).execute();

  const attempts: [candidate: string, status: string, outcome: string | null, reason: string | null, start: number, duration: number | null, steps: Record<string, number>][] = [
    ['c1', 'decided', 'refused', 'no_readable_card', 0, 4_000, { read: 3_000 }],
    ['c1', 'decided', 'admitted', null, 10, 6_000, { read: 2_500, verify: 300 }],
    ['c2', 'decided', 'admitted', null, 20, 5_000, { read: 2_000, verify: 200 }],
    ['c3', 'decided', 'override', 'no_card', 30, 0, {}],
    ['c4', 'decided', 'refused', 'data_mismatch', 40, 9_000, { read: 2_200, verify: 250 }],
    ['c4', 'cancelled', null, null, 50, null, {}],
  ];

  for (const [candidate, status, outcome, reason, start, duration, steps] of attempts) {
    await loose.insertInto('check_ins').values({
      id: newId(), exam_event_id: ids.event, exam_session_id: ids.session, room_id: ids.room, unit_id: ids.unit, station_id: null,
      candidate_id: candidate, registration_id: null, seat_id: null, selection_method: 'dashboard', selected_by: null, status,
      nonce: null, nonce_used: 0, outcome, reason, registry_state: 'not_configured', registry_outcome: null, registry_job_id: null, registry_billable: 0,
      face_confirmed_by: null, override_reason: outcome === 'override' ? 'Thí sinh chưa làm thẻ' : null, access_control: null, sod_sha256: null,
      checks: '[]', step_durations_ms: JSON.stringify(steps), duration_ms: duration, attempt_id: null,
      started_at: at(start), card_read_at: null, decided_at: outcome === null ? null : at(start + 7), ended_at: at(start + 7), updated_at: at(start + 7),
    }).execute();
  }
}

forEachDatabase('check-in attempts in the evaluation', async (testDatabase, t) => {
  const { db } = testDatabase.database;
  await seed(db);

  await t.test('outcomes, reasons and timings', async () => {
    const report = evaluatePilot(await loadEvaluationInput(db));
    const checkIn = report.rounds[0]?.department.checkIn;
    assert.ok(checkIn);

    assert.equal(checkIn.attempts, 5);
    assert.equal(checkIn.candidatesSeen, 4);
    assert.equal(checkIn.byChip, 2);
    assert.equal(checkIn.byOverride, 1);
    assert.equal(checkIn.refused, 1);
    assert.deepEqual(checkIn.refusedByReason, { data_mismatch: 1 });
    assert.deepEqual(checkIn.overrideByReason, { no_card: 1 });
    assert.deepEqual(checkIn.refusedAttemptsByReason, { no_readable_card: 1, data_mismatch: 1 });

    // Per candidate, card reads only: c1 4 s + 6 s, c2 5 s, c4 9 s. The override of c3 is
    // stored with 0 ms, as the server stores overrides, and must not pull the median down.
    assert.deepEqual(checkIn.timePerCandidateMs, { count: 3, min: 5_000, mean: 8_000, median: 9_000, p95: 9_900, max: 10_000 });
    assert.equal(checkIn.stepTimesMs['read']?.count, 4);
    assert.equal(checkIn.timeBands.reduce((sum, band) => sum + band.count, 0), 3);
    assert.equal(checkIn.stepTimesMs['verify']?.median, 250);
  });
});
