import assert from 'node:assert/strict';

import type { Kysely } from 'kysely';

import { DEFAULT_PRICE_LIST } from '../../../src/reports/cost.js';
import { evaluatePilot } from '../../../src/reports/evaluation.js';
import type { RegistryTables } from '../../../src/registry/storage-schema.js';
import { newId, nowIso } from '../../../src/server/db/columns.js';
import type { ChipStatus, Database } from '../../../src/server/db/schema.js';
import { loadEvaluationInput } from '../../../src/server/reports/evaluation-query.js';
import { InvalidFeedbackError, saveFeedback } from '../../../src/server/reports/feedback-store.js';
import { listNoChipCandidates } from '../../../src/server/reports/no-chip-query.js';
import { loadPriceList, savePriceList } from '../../../src/server/reports/price-list-store.js';
import { forEachDatabase } from '../../support/databases.js';

interface Seeded {
  departmentId: string;
  unitA: string;
  unitB: string;
  events: Record<string, string>;
  candidates: Record<string, string>;
}

// Generated identities: invented names and valid-looking CCCD numbers.
const PEOPLE: [key: string, unit: 'A' | 'B', className: string | null, name: string, chip: ChipStatus, idNumber: string | null][] = [
  ['a1', 'A', '10A1', 'Nguyễn Thị Ánh Tuyết', 'chipped', '001204012345'],
  ['a2', 'A', '10A1', 'Đặng Văn Ước', 'legacy_id', null],
  ['a3', 'A', '10A2', 'Bùi Thị Yến', 'pre_2021_card', '001309000045'],
  ['a4', 'A', '10A2', 'Trần Quốc Việt', 'chipped', '079305000127'],
  ['b1', 'B', null, 'Hồ Ngọc Ánh', 'no_card', null],
  ['b2', 'B', null, 'Phạm Minh Đức', 'chipped', '038099004321'],
];

async function seed(db: Kysely<Database>): Promise<Seeded> {
  const now = nowIso();
  const departmentId = newId();
  await db.insertInto('departments').values({ id: departmentId, code: 'SO-TN', name: 'Sở GDĐT Thử Nghiệm', created_at: now }).execute();

  const units: Record<'A' | 'B', string> = { A: newId(), B: newId() };
  await db.insertInto('units').values([
    { id: units.A, department_id: departmentId, code: 'A', name: 'Trung tâm GDTX-NNTH Hòa Bình', kind: 'continuing_education_centre', created_at: now, updated_at: now },
    { id: units.B, department_id: departmentId, code: 'B', name: 'Trường THPT Lê Quý Đôn', kind: 'school', created_at: now, updated_at: now },
  ]).execute();

  const classes: Record<string, string> = { '10A1': newId(), '10A2': newId() };
  await db.insertInto('classes').values(Object.entries(classes).map(([name, id]) => ({ id, unit_id: units.A, code: name, name, school_year: '2025-2026', created_at: now }))).execute();

  const rounds: Record<number, string> = { 1: newId(), 2: newId() };
  await db.insertInto('pilot_rounds').values(Object.entries(rounds).map(([number, id]) => ({
    id, department_id: departmentId, number: Number(number), name: `Đợt khảo sát lần ${number}`, starts_on: null, ends_on: null, created_at: now,
  }))).execute();

  const candidates: Record<string, string> = {};
  for (const [key, unit, className, name, chip, idNumber] of PEOPLE) {
    candidates[key] = newId();
    await db.insertInto('candidates').values({
      id: candidates[key], unit_id: units[unit], class_id: className === null ? null : (classes[className] ?? null),
      match_key: idNumber === null ? `name:${name}|2009-01-01` : `id:${idNumber}`, id_number: idNumber,
      legacy_id_number: chip === 'legacy_id' ? '012345678' : null, card_issued_on: null, full_name: name, full_name_display: name,
      birth_date: '2009-01-01', sex: 'F', chip_status: chip, email: null, phone: null, created_at: now, updated_at: now,
    }).execute();
  }

  // Round 1: both units; round 2: unit A only; one event without a round (not evaluated).
  const events: Record<string, string> = { A1: newId(), B1: newId(), A2: newId(), Afree: newId() };
  const eventRows = [['A1', units.A, rounds[1]], ['B1', units.B, rounds[1]], ['A2', units.A, rounds[2]], ['Afree', units.A, null]] as const;
  for (const [code, unitId, roundId] of eventRows) {
    await db.insertInto('exam_events').values({
      id: events[code] as string, unit_id: unitId, pilot_round_id: roundId ?? null, kind: 'exam', code, title: `Kỳ thi ${code}`, starts_on: null, ends_on: null, created_at: now,
    }).execute();
  }

  const registrations: [string, string][] = [
    ['A1', 'a1'], ['A1', 'a2'], ['A1', 'a3'], ['A1', 'a4'],
    ['B1', 'b1'], ['B1', 'b2'],
    ['A2', 'a1'], ['A2', 'a4'],
    ['Afree', 'a2'],
  ];
  for (const [index, [event, person]] of registrations.entries()) {
    await db.insertInto('exam_registrations').values({
      id: newId(), exam_event_id: events[event] as string, candidate_id: candidates[person] as string, candidate_number: String(index + 1).padStart(6, '0'), created_at: now,
    }).execute();
  }

  return { departmentId, unitA: units.A, unitB: units.B, events, candidates };
}

async function seedRegistry(db: Kysely<Database>, seeded: Seeded): Promise<void> {
  const registry = db as unknown as Kysely<Database & RegistryTables>;
  const now = nowIso();
  const event = seeded.events['A1'] as string;

  for (const [person, outcome] of [['a1', 'match'], ['a4', 'mismatch']] as const) {
    const candidateId = seeded.candidates[person] as string;
    await registry.insertInto('registry_answers').values({
      exam_event_id: event, candidate_id: candidateId, outcome, mismatched_fields: outcome === 'mismatch' ? '["fullName"]' : '[]', reference_id: null, request_fingerprint: 'f', checked_at: now,
    }).execute();
    await registry.insertInto('registry_billable_checks').values({ exam_event_id: event, candidate_id: candidateId, reference_id: null, outcome, checked_at: now }).execute();
  }

  await registry.insertInto('registry_retry_jobs').values({
    id: newId(), exam_event_id: seeded.events['B1'] as string, candidate_id: seeded.candidates['b2'] as string, check_in_id: newId(), request_json: null,
    status: 'pending', attempts: 1, next_attempt_at: now, claimed_by: null, claim_expires_at: null, last_reason: 'unavailable', created_at: now, updated_at: now,
  }).execute();
}

forEachDatabase('report queries', async (testDatabase, t) => {
  const { db } = testDatabase.database;
  const seeded = await seed(db);

  await t.test('price list defaults to the plan and keeps versions', async () => {
    const initial = await loadPriceList(db, seeded.departmentId);
    assert.equal(initial.id, null);
    assert.deepEqual(initial.prices, DEFAULT_PRICE_LIST);

    await savePriceList(db, seeded.departmentId, DEFAULT_PRICE_LIST, null);
    await new Promise((resolve) => setTimeout(resolve, 5));
    const edited = { ...DEFAULT_PRICE_LIST, verificationFeePerCheck: 5_500, readerPrice: 12_000_000_000 };
    const id = await savePriceList(db, seeded.departmentId, edited, null);

    const loaded = await loadPriceList(db, seeded.departmentId);
    assert.equal(loaded.id, id);
    assert.deepEqual(loaded.prices, edited);
    assert.equal(typeof loaded.prices.readerPrice, 'number');
  });

  await t.test('price list rejects a negative fee', async () => {
    await assert.rejects(savePriceList(db, seeded.departmentId, { ...DEFAULT_PRICE_LIST, verificationFeePerCheck: -1 }, null), /verificationFeePerCheck -1 VND/);
  });

  await t.test('no-chip list per unit and class', async () => {
    const all = await listNoChipCandidates(db);
    assert.deepEqual(all.map((candidate) => [candidate.fullName, candidate.className, candidate.chipStatus]), [
      ['Đặng Văn Ước', '10A1', 'legacy_id'],
      ['Bùi Thị Yến', '10A2', 'pre_2021_card'],
      ['Hồ Ngọc Ánh', null, 'no_card'],
    ]);
    assert.equal(all[1]?.idNumber, '001309000045');
    assert.equal(all[0]?.legacyIdNumber, '012345678');

    const unitB = await listNoChipCandidates(db, { unitId: seeded.unitB });
    assert.deepEqual(unitB.map((candidate) => candidate.fullName), ['Hồ Ngọc Ánh']);

    const round2 = await listNoChipCandidates(db, { round: 2 });
    assert.deepEqual(round2, []);
  });

  await t.test('feedback is validated and replaced', async () => {
    const base = { examEventId: seeded.events['A1'] as string, unitId: seeded.unitA, respondent: 'candidate' as const, candidateId: seeded.candidates['a1'] as string };

    await assert.rejects(saveFeedback(db, { ...base, answers: { 'candidate.checkin_quick': 9 } }), InvalidFeedbackError);
    await saveFeedback(db, { ...base, answers: { 'candidate.checkin_quick': 2 } });
    await saveFeedback(db, { ...base, answers: { 'candidate.checkin_quick': 5, 'candidate.comment': 'Nhanh, dễ làm theo.' } });
    await saveFeedback(db, { ...base, candidateId: seeded.candidates['a4'] as string, answers: { 'candidate.checkin_quick': 4 } });

    const rows = await db.selectFrom('feedback_responses').selectAll().where('exam_event_id', '=', base.examEventId).execute();
    assert.equal(rows.length, 2);
  });

  await t.test('evaluation input from storage', async () => {
    await seedRegistry(db, seeded);
    const input = await loadEvaluationInput(db);
    const report = evaluatePilot(input);

    assert.deepEqual(report.rounds.map((entry) => entry.round.number), [1, 2]);
    const round1 = report.rounds[0];
    assert.ok(round1);
    assert.deepEqual(round1.department.registration, { registered: 6, withChippedCard: 3, withoutChippedCard: 3, chippedShare: 0.5 });

    const unitA = round1.units.find((entry) => entry.unit.id === seeded.unitA)?.figures;
    assert.ok(unitA);
    assert.equal(unitA.registration.registered, 4);
    assert.deepEqual(unitA.registry.byOutcome, { match: 1, mismatch: 1, not_found: 0, revoked: 0, pending: 0, error: 0 });
    assert.equal(unitA.registry.billableChecks, 2);
    assert.equal(unitA.feedback.candidate.responses, 2);
    assert.equal(unitA.feedback.candidate.likert[0]?.mean, 4.5);
    assert.deepEqual(unitA.feedback.candidate.comments, ['Nhanh, dễ làm theo.']);

    const unitB = round1.units.find((entry) => entry.unit.id === seeded.unitB)?.figures;
    assert.equal(unitB?.registry.byOutcome.pending, 1);
    assert.equal(unitB?.registry.billableChecks, 0);

    assert.equal(report.rounds[1]?.department.registration.registered, 2);
  });
});
