import type { Kysely } from 'kysely';

import { appendAudit } from '../audit/audit-log.js';
import { newId, nowIso } from '../db/columns.js';
import type { Database, ExamEventKind, ExamEventTable, ExamSessionTable } from '../db/schema.js';
import { ApiError } from '../errors.js';

export const EXAM_EVENT_KINDS: readonly ExamEventKind[] = ['exam', 'contest', 'certification_test'];

export interface NewExamEvent {
  code: string;
  title: string;
  kind: ExamEventKind;
  pilotRoundId?: string | null;
  startsOn?: string | null;
  endsOn?: string | null;
}

export async function createExamEvent(db: Kysely<Database>, unitId: string, input: NewExamEvent, actorUserId: string | null): Promise<ExamEventTable> {
  const code = input.code.trim().toUpperCase();
  const taken = await db.selectFrom('exam_events').select('id').where('unit_id', '=', unitId).where('code', '=', code).executeTakeFirst();

  if (taken !== undefined) {
    throw new ApiError('EXAM_EVENT_CODE_TAKEN', { code });
  }

  if (input.pilotRoundId) {
    const round = await db.selectFrom('pilot_rounds').select('id').where('id', '=', input.pilotRoundId).executeTakeFirst();

    if (round === undefined) {
      throw new ApiError('PILOT_ROUND_NOT_FOUND', { pilotRoundId: input.pilotRoundId });
    }
  }

  const row: ExamEventTable = {
    id: newId(),
    unit_id: unitId,
    pilot_round_id: input.pilotRoundId ?? null,
    kind: input.kind,
    code,
    title: input.title.trim(),
    starts_on: input.startsOn ?? null,
    ends_on: input.endsOn ?? null,
    created_at: nowIso(),
  };

  await db.transaction().execute(async (trx) => {
    await trx.insertInto('exam_events').values(row).execute();
    await appendAudit(trx, { action: 'exam_events.create', actorUserId, unitId, subjectType: 'exam_event', subjectId: row.id, details: { code, kind: row.kind } });
  });

  return row;
}

export async function requireExamEvent(db: Kysely<Database>, examEventId: string): Promise<ExamEventTable> {
  const row = await db.selectFrom('exam_events').selectAll().where('id', '=', examEventId).executeTakeFirst();

  if (row === undefined) {
    throw new ApiError('EXAM_EVENT_NOT_FOUND', { examEventId });
  }

  return row;
}

export interface NewExamSession {
  code: string;
  date: string;
  startTime: string;
  durationMinutes: number;
  windowMinutes: number;
}

export async function createExamSession(db: Kysely<Database>, event: ExamEventTable, input: NewExamSession, actorUserId: string | null): Promise<ExamSessionTable> {
  const code = input.code.trim().toUpperCase();
  const taken = await db.selectFrom('exam_sessions').select('id').where('exam_event_id', '=', event.id).where('code', '=', code).executeTakeFirst();

  if (taken !== undefined) {
    throw new ApiError('EXAM_SESSION_CODE_TAKEN', { code });
  }

  const row: ExamSessionTable = {
    id: newId(),
    exam_event_id: event.id,
    code,
    date: input.date,
    start_time: input.startTime,
    duration_minutes: input.durationMinutes,
    window_minutes: input.windowMinutes,
    created_at: nowIso(),
  };

  await db.transaction().execute(async (trx) => {
    await trx.insertInto('exam_sessions').values(row).execute();
    await appendAudit(trx, { action: 'exam_sessions.create', actorUserId, unitId: event.unit_id, subjectType: 'exam_session', subjectId: row.id, details: { code, examEventId: event.id } });
  });

  return row;
}

/** Returns the session with its event; throws EXAM_SESSION_NOT_FOUND. */
export async function requireExamSession(db: Kysely<Database>, examSessionId: string): Promise<{ session: ExamSessionTable; event: ExamEventTable }> {
  const session = await db.selectFrom('exam_sessions').selectAll().where('id', '=', examSessionId).executeTakeFirst();

  if (session === undefined) {
    throw new ApiError('EXAM_SESSION_NOT_FOUND', { examSessionId });
  }

  return { session, event: await requireExamEvent(db, session.exam_event_id) };
}
