import type { Kysely } from 'kysely';

import type { RegistryTables } from '../../../src/registry/storage-schema.js';
import { newId, nowIso } from '../../../src/server/db/columns.js';
import type { ChipStatus, Database } from '../../../src/server/db/schema.js';

export interface Seeded {
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

/** Seeds a department with two units, rounds 1 and 2, six candidates and their registrations. */
export async function seed(db: Kysely<Database>): Promise<Seeded> {
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

/** Adds registry answers, billing rows and a pending retry job for round 1. */
export async function seedRegistry(db: Kysely<Database>, seeded: Seeded): Promise<void> {
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
