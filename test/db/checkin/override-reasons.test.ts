// Override reason codes on SQLite and PostgreSQL: migration 0203 gives override rows written
// before the catalogue the code `other` without losing their text, and the pilot evaluation
// counts overrides per code, each code with a label in both languages.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { Kysely } from 'kysely';

import { evaluatePilot } from '../../../src/reports/evaluation.js';
import { labelOf } from '../../../src/reports/labels.js';
import { OVERRIDE_KIND_CODES, OVERRIDE_KINDS } from '../../../src/server/checkin/decisions.js';
import { newId } from '../../../src/server/db/columns.js';
import { up as giveOverrideCodes } from '../../../src/server/db/migrations/0203_checkin_override_codes.js';
import type { Database } from '../../../src/server/db/schema.js';
import { loadEvaluationInput } from '../../../src/server/reports/evaluation-query.js';
import { forEachDatabase } from '../../support/databases.js';

const NOW = '2026-03-09T01:00:00.000Z';

/** Override check-ins as [candidate, reason code as stored, written note]. */
const OVERRIDES: [string, string | null, string | null][] = [
  ['c1', 'reader_failure', 'Đầu đọc ở cửa phòng mất kết nối USB.'],
  ['c2', 'broken_chip', 'Chip không phản hồi sau ba lần đặt thẻ.'],
  ['c3', null, 'Thí sinh chưa làm thẻ'],
  ['c4', 'lost_card', 'Thí sinh báo mất thẻ hôm qua'],
  ['c5', 'no_card', 'Thẻ đang được cấp lại, đã xem giấy hẹn.'],
];

async function seed(db: Kysely<Database>): Promise<void> {
  const loose = db as unknown as Kysely<Record<string, Record<string, unknown>>>;
  const ids = { department: newId(), unit: newId(), round: newId(), event: newId(), session: newId(), room: newId() };

  await loose.insertInto('departments').values({ id: ids.department, code: 'SO', name: 'Sở GDĐT', created_at: NOW }).execute();
  await loose.insertInto('units').values({ id: ids.unit, department_id: ids.department, code: 'A', name: 'Trung tâm A', kind: 'centre', created_at: NOW, updated_at: NOW }).execute();
  await loose.insertInto('pilot_rounds').values({ id: ids.round, department_id: ids.department, number: 1, name: 'Đợt 1', starts_on: null, ends_on: null, created_at: NOW }).execute();
  await loose.insertInto('exam_events').values({ id: ids.event, unit_id: ids.unit, pilot_round_id: ids.round, kind: 'exam', code: 'E', title: 'Kỳ thi', starts_on: null, ends_on: null, created_at: NOW }).execute();
  await loose.insertInto('exam_sessions').values({ id: ids.session, exam_event_id: ids.event, code: 'CA1', date: '2026-03-09', start_time: '08:00', duration_minutes: 45, window_minutes: 15, created_at: NOW }).execute();
  await loose.insertInto('rooms').values({ id: ids.room, unit_id: ids.unit, code: 'P1', name: 'Phòng 1', created_at: NOW }).execute();

  for (const [candidate, reason, note] of OVERRIDES) {
    await loose.insertInto('check_ins').values({
      id: `check-in-${candidate}`, exam_event_id: ids.event, exam_session_id: ids.session, room_id: ids.room, unit_id: ids.unit, station_id: null,
      candidate_id: candidate, registration_id: null, seat_id: null, selection_method: 'override', selected_by: null, status: 'decided',
      nonce: null, nonce_used: 0, outcome: 'override', reason, registry_state: 'not_checked', registry_outcome: null, registry_job_id: null, registry_billable: 0,
      face_confirmed_by: null, override_reason: note, access_control: null, sod_sha256: null, checks: '[]', step_durations_ms: '{}', duration_ms: 0, attempt_id: null,
      started_at: NOW, card_read_at: null, decided_at: NOW, ended_at: NOW, updated_at: NOW,
    }).execute();
  }
}

async function storedOverride(db: Kysely<Database>, candidate: string): Promise<{ reason: string | null; note: string | null }> {
  const loose = db as unknown as Kysely<Record<string, Record<string, unknown>>>;
  const row = await loose.selectFrom('check_ins').select(['reason', 'override_reason']).where('id', '=', `check-in-${candidate}`).executeTakeFirstOrThrow();
  return { reason: row.reason as string | null, note: row.override_reason as string | null };
}

forEachDatabase('override reason codes', async (testDatabase, t) => {
  const { db } = testDatabase.database;
  await seed(db);
  await giveOverrideCodes(db);

  await t.test('catalogue codes stay as stored', async () => {
    assert.deepEqual(await storedOverride(db, 'c1'), { reason: 'reader_failure', note: 'Đầu đọc ở cửa phòng mất kết nối USB.' });
    assert.deepEqual(await storedOverride(db, 'c5'), { reason: 'no_card', note: 'Thẻ đang được cấp lại, đã xem giấy hẹn.' });
  });

  await t.test('rows without a code become other', async () => {
    assert.deepEqual(await storedOverride(db, 'c3'), { reason: 'other', note: 'Thí sinh chưa làm thẻ' });
  });

  await t.test('unknown codes become other', async () => {
    assert.deepEqual(await storedOverride(db, 'c4'), { reason: 'other', note: 'lost_card: Thí sinh báo mất thẻ hôm qua' });
  });

  await t.test('migration runs twice safely', async () => {
    await giveOverrideCodes(db);
    assert.deepEqual(await storedOverride(db, 'c4'), { reason: 'other', note: 'lost_card: Thí sinh báo mất thẻ hôm qua' });
  });

  await t.test('evaluation counts overrides per code', async () => {
    const report = evaluatePilot(await loadEvaluationInput(db));
    const checkIn = report.rounds[0]?.department.checkIn;
    assert.ok(checkIn);
    assert.equal(checkIn.byOverride, 5);
    assert.deepEqual(checkIn.overrideByReason, { reader_failure: 1, broken_chip: 1, other: 2, no_card: 1 });
  });
});

describe('override reason labels', () => {
  it('every code has report labels', () => {
    for (const code of OVERRIDE_KIND_CODES) {
      const label = labelOf(code);
      assert.notEqual(label.vi, code, `${code} has no Vietnamese report label`);
      assert.notEqual(label.en, code, `${code} has no English report label`);
      assert.ok(OVERRIDE_KINDS[code].vi.length > 0);
    }
  });
});
