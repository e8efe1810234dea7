// Candidate numbers (số báo danh) per exam event and seats per exam session.
import type { Kysely } from 'kysely';

import { appendAudit } from '../audit/audit-log.js';
import { newId, nowIso } from '../db/columns.js';
import type { Database, ExamEventTable, ExamSessionTable } from '../db/schema.js';
import { ApiError } from '../errors.js';

/** Width of generated candidate numbers: `0001`, `0002`, ... (wider once an event passes 9,999). */
const CANDIDATE_NUMBER_WIDTH = 4;

/**
 * Registers candidates of the event's unit for the event and gives each a candidate number,
 * continuing after the highest number in use. Candidates already registered keep theirs.
 * Returns the number of new registrations.
 */
export async function registerCandidates(db: Kysely<Database>, event: ExamEventTable, candidateIds: string[] | 'all', actorUserId: string | null): Promise<number> {
  return db.transaction().execute(async (trx) => {
    let query = trx
      .selectFrom('candidates')
      .leftJoin('exam_registrations', (join) => join.onRef('exam_registrations.candidate_id', '=', 'candidates.id').on('exam_registrations.exam_event_id', '=', event.id))
      .select(['candidates.id'])
      .where('candidates.unit_id', '=', event.unit_id)
      .where('exam_registrations.id', 'is', null)
      .orderBy('candidates.full_name')
      .orderBy('candidates.birth_date');

    if (candidateIds !== 'all') {
      if (candidateIds.length === 0) {
        return 0;
      }

      query = query.where('candidates.id', 'in', candidateIds);
    }

    const newcomers = await query.execute();
    const existing = await trx.selectFrom('exam_registrations').select('candidate_number').where('exam_event_id', '=', event.id).execute();
    let next = existing.reduce((highest, row) => Math.max(highest, Number.parseInt(row.candidate_number, 10) || 0), 0) + 1;
    const now = nowIso();
    const rows = newcomers.map((candidate) => ({
      id: newId(),
      exam_event_id: event.id,
      candidate_id: candidate.id,
      candidate_number: String(next++).padStart(CANDIDATE_NUMBER_WIDTH, '0'),
      created_at: now,
    }));

    for (let start = 0; start < rows.length; start += 500) {
      await trx.insertInto('exam_registrations').values(rows.slice(start, start + 500)).execute();
    }

    await appendAudit(trx, { action: 'exam_events.register_candidates', actorUserId, unitId: event.unit_id, subjectType: 'exam_event', subjectId: event.id, details: { registered: rows.length } });
    return rows.length;
  });
}

interface FreeSeat {
  id: string;
  label: string;
  room_code: string;
}

async function freeSeats(db: Kysely<Database>, session: ExamSessionTable, unitId: string, roomIds: string[] | null): Promise<FreeSeat[]> {
  let query = db
    .selectFrom('seats')
    .innerJoin('rooms', 'rooms.id', 'seats.room_id')
    .leftJoin('seat_assignments', (join) => join.onRef('seat_assignments.seat_id', '=', 'seats.id').on('seat_assignments.exam_session_id', '=', session.id))
    .select(['seats.id', 'seats.label', 'rooms.code as room_code'])
    .where('rooms.unit_id', '=', unitId)
    .where('seat_assignments.id', 'is', null)
    .orderBy('rooms.code')
    .orderBy('seats.position');

  if (roomIds !== null) {
    query = query.where('rooms.id', 'in', roomIds);
  }

  return query.execute();
}

/**
 * Seats every registered candidate of the session's event who has no seat in the session yet,
 * in candidate-number order, filling rooms in code order and seats in position order. Either
 * every candidate gets a seat or nothing changes (SEATS_NOT_ENOUGH). Returns the count seated.
 */
export async function assignSeatsAutomatically(
  db: Kysely<Database>,
  session: ExamSessionTable,
  event: ExamEventTable,
  roomIds: string[] | null,
  actorUserId: string | null,
): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const unseated = await trx
      .selectFrom('exam_registrations')
      .leftJoin('seat_assignments', (join) => join.onRef('seat_assignments.registration_id', '=', 'exam_registrations.id').on('seat_assignments.exam_session_id', '=', session.id))
      .select(['exam_registrations.id'])
      .where('exam_registrations.exam_event_id', '=', event.id)
      .where('seat_assignments.id', 'is', null)
      .orderBy('exam_registrations.candidate_number')
      .execute();
    const seats = await freeSeats(trx, session, event.unit_id, roomIds);

    if (seats.length < unseated.length) {
      throw new ApiError('SEATS_NOT_ENOUGH', { candidates: unseated.length, seats: seats.length });
    }

    const now = nowIso();
    const rows = unseated.map((registration, index) => ({
      id: newId(),
      exam_session_id: session.id,
      registration_id: registration.id,
      seat_id: (seats[index] as FreeSeat).id,
      created_at: now,
    }));

    for (let start = 0; start < rows.length; start += 500) {
      await trx.insertInto('seat_assignments').values(rows.slice(start, start + 500)).execute();
    }

    await appendAudit(trx, { action: 'exam_sessions.assign_seats', actorUserId, unitId: event.unit_id, subjectType: 'exam_session', subjectId: session.id, details: { seated: rows.length, mode: 'automatic' } });
    return rows.length;
  });
}

export interface SeatAssignmentInput {
  candidateNumber: string;
  roomCode: string;
  seatLabel: string;
}

/**
 * Applies an imported seat plan: each candidate number to a room and seat. The whole plan is
 * checked first and applied in one transaction; a candidate already seated moves to the new seat.
 */
export async function importSeatAssignments(
  db: Kysely<Database>,
  session: ExamSessionTable,
  event: ExamEventTable,
  plan: SeatAssignmentInput[],
  actorUserId: string | null,
): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const registrations = await trx.selectFrom('exam_registrations').select(['id', 'candidate_number']).where('exam_event_id', '=', event.id).execute();
    const seats = await trx
      .selectFrom('seats')
      .innerJoin('rooms', 'rooms.id', 'seats.room_id')
      .select(['seats.id', 'seats.label', 'rooms.code as room_code'])
      .where('rooms.unit_id', '=', event.unit_id)
      .execute();
    const registrationByNumber = new Map(registrations.map((row) => [row.candidate_number, row.id]));
    const seatByKey = new Map(seats.map((seat) => [`${seat.room_code}/${seat.label}`, seat.id]));
    const usedSeats = new Set<string>();
    const rows = plan.map((entry) => {
      const registrationId = registrationByNumber.get(entry.candidateNumber.trim());
      const seatKey = `${entry.roomCode.trim().toUpperCase()}/${entry.seatLabel.trim()}`;
      const seatId = seatByKey.get(seatKey);

      if (registrationId === undefined) {
        throw new ApiError('REGISTRATION_NOT_FOUND', { candidateNumber: entry.candidateNumber });
      }

      if (seatId === undefined) {
        throw new ApiError('SEAT_NOT_FOUND', { seat: entry.seatLabel, room: entry.roomCode });
      }

      if (usedSeats.has(seatId)) {
        throw new ApiError('SEAT_TAKEN', { seat: seatKey });
      }

      usedSeats.add(seatId);
      return { id: newId(), exam_session_id: session.id, registration_id: registrationId, seat_id: seatId, created_at: nowIso() };
    });

    const movedRegistrations = rows.map((row) => row.registration_id);

    if (movedRegistrations.length > 0) {
      await trx.deleteFrom('seat_assignments').where('exam_session_id', '=', session.id).where('registration_id', 'in', movedRegistrations).execute();
    }

    const occupied = await trx.selectFrom('seat_assignments').select('seat_id').where('exam_session_id', '=', session.id).execute();
    const clash = occupied.find((row) => usedSeats.has(row.seat_id));

    if (clash !== undefined) {
      const seat = seats.find((candidate) => candidate.id === clash.seat_id);
      throw new ApiError('SEAT_TAKEN', { seat: seat === undefined ? clash.seat_id : `${seat.room_code}/${seat.label}` });
    }

    for (let start = 0; start < rows.length; start += 500) {
      await trx.insertInto('seat_assignments').values(rows.slice(start, start + 500)).execute();
    }

    await appendAudit(trx, { action: 'exam_sessions.assign_seats', actorUserId, unitId: event.unit_id, subjectType: 'exam_session', subjectId: session.id, details: { seated: rows.length, mode: 'imported' } });
    return rows.length;
  });
}
