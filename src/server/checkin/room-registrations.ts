// The candidates of one exam session seated in one room: who may check in at the room's
// stations, with the data their cards must match and the seat their attempt unlocks on.
import type { Kysely } from 'kysely';

import type { Database } from '../db/schema.js';
import { checkInDb } from './checkin-schema.js';

export interface RoomRegistration {
  registrationId: string;
  candidateId: string;
  candidateNumber: string;
  idNumber: string | null;
  /** Unicode NFC with single spaces, for matching with the chip. */
  fullName: string;
  fullNameDisplay: string;
  birthDate: string;
  sex: 'M' | 'F';
  chipStatus: string;
  seatId: string;
  seatLabel: string;
}

export interface RegistrationFilter {
  candidateId?: string;
  candidateNumber?: string;
  idNumber?: string;
}

/** Registrations of the session's event seated in `roomId` for the session, optionally narrowed by one filter. */
export async function findRoomRegistrations(db: Kysely<Database>, examSessionId: string, roomId: string, filter: RegistrationFilter = {}): Promise<RoomRegistration[]> {
  let query = checkInDb(db)
    .selectFrom('seat_assignments')
    .innerJoin('seats', 'seats.id', 'seat_assignments.seat_id')
    .innerJoin('exam_registrations', 'exam_registrations.id', 'seat_assignments.registration_id')
    .innerJoin('candidates', 'candidates.id', 'exam_registrations.candidate_id')
    .select([
      'exam_registrations.id as registrationId', 'candidates.id as candidateId', 'exam_registrations.candidate_number as candidateNumber',
      'candidates.id_number as idNumber', 'candidates.full_name as fullName', 'candidates.full_name_display as fullNameDisplay',
      'candidates.birth_date as birthDate', 'candidates.sex as sex', 'candidates.chip_status as chipStatus', 'seats.id as seatId', 'seats.label as seatLabel',
    ])
    .where('seat_assignments.exam_session_id', '=', examSessionId)
    .where('seats.room_id', '=', roomId);

  if (filter.candidateId !== undefined) query = query.where('candidates.id', '=', filter.candidateId);
  if (filter.candidateNumber !== undefined) query = query.where('exam_registrations.candidate_number', '=', filter.candidateNumber);
  if (filter.idNumber !== undefined) query = query.where('candidates.id_number', '=', filter.idNumber);

  return query.orderBy('exam_registrations.candidate_number').execute();
}

/** Registrations of the room that have no admitted or overridden check-in in the session yet. */
export async function pendingRoomRegistrations(db: Kysely<Database>, examSessionId: string, roomId: string): Promise<RoomRegistration[]> {
  const all = await findRoomRegistrations(db, examSessionId, roomId);
  const done = await checkInDb(db)
    .selectFrom('check_ins')
    .select('candidate_id')
    .where('exam_session_id', '=', examSessionId)
    .where('outcome', 'in', ['admitted', 'override'])
    .execute();
  const admitted = new Set(done.map((row) => row.candidate_id));
  return all.filter((registration) => !admitted.has(registration.candidateId) && registration.idNumber !== null);
}
