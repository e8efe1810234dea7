import type { FastifyPluginAsync } from 'fastify';

import { ADMIN_ROLES, requireRole, requireUnitRole, STAFF_ROLES } from '../auth/access.js';
import type { ExamEventKind, ExamEventTable, ExamSessionTable } from '../db/schema.js';
import { createExamEvent, createExamSession, EXAM_EVENT_KINDS, requireExamEvent, requireExamSession } from '../events/exam-events.js';
import { assignSeatsAutomatically, importSeatAssignments, registerCandidates, type SeatAssignmentInput } from '../events/seating.js';
import { requireUnit } from '../organisation/units.js';
import { codeSchema, idParams, idSchema, isoDateSchema, nameSchema, timeSchema } from './schemas.js';

const examEventSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    unitId: { type: 'string' },
    pilotRoundId: { type: ['string', 'null'] },
    kind: { type: 'string' },
    code: { type: 'string' },
    title: { type: 'string' },
    startsOn: { type: ['string', 'null'] },
    endsOn: { type: ['string', 'null'] },
  },
} as const;

const examSessionSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    examEventId: { type: 'string' },
    code: { type: 'string' },
    date: { type: 'string' },
    startTime: { type: 'string' },
    durationMinutes: { type: 'integer' },
    windowMinutes: { type: 'integer' },
  },
} as const;

function examEventView(row: ExamEventTable) {
  return { id: row.id, unitId: row.unit_id, pilotRoundId: row.pilot_round_id, kind: row.kind, code: row.code, title: row.title, startsOn: row.starts_on, endsOn: row.ends_on };
}

function examSessionView(row: ExamSessionTable) {
  return {
    id: row.id,
    examEventId: row.exam_event_id,
    code: row.code,
    date: row.date,
    startTime: row.start_time,
    durationMinutes: Number(row.duration_minutes),
    windowMinutes: Number(row.window_minutes),
  };
}

/** Exam events (kỳ thi) of a unit, their sessions (ca thi), registrations with candidate numbers, and seats. */
export const examEventRoutes: FastifyPluginAsync = async (app) => {
  app.get<{ Params: { unitId: string } }>(
    '/units/:unitId/exam-events',
    { schema: { summary: 'Exam events of a unit', tags: ['exam events'], params: idParams('unitId'), response: { 200: { type: 'array', items: examEventSchema } } } },
    async (request) => {
      requireUnitRole(request, request.params.unitId, STAFF_ROLES);
      const rows = await app.db.selectFrom('exam_events').selectAll().where('unit_id', '=', request.params.unitId).orderBy('created_at', 'desc').execute();
      return rows.map(examEventView);
    },
  );

  app.post<{ Params: { unitId: string }; Body: { code: string; title: string; kind: ExamEventKind; pilotRoundId?: string | null; startsOn?: string; endsOn?: string } }>(
    '/units/:unitId/exam-events',
    {
      schema: {
        summary: 'Create an exam event',
        tags: ['exam events'],
        params: idParams('unitId'),
        body: {
          type: 'object',
          required: ['code', 'title', 'kind'],
          properties: {
            code: codeSchema,
            title: nameSchema,
            kind: { type: 'string', enum: [...EXAM_EVENT_KINDS] },
            pilotRoundId: { anyOf: [idSchema, { type: 'null' }] },
            startsOn: isoDateSchema,
            endsOn: isoDateSchema,
          },
        },
        response: { 201: examEventSchema },
      },
    },
    async (request, reply) => {
      const user = requireUnitRole(request, request.params.unitId, ADMIN_ROLES);
      await requireUnit(app.db, request.params.unitId);
      const row = await createExamEvent(app.db, request.params.unitId, request.body, user.id);
      return reply.status(201).send(examEventView(row));
    },
  );

  app.get<{ Params: { examEventId: string } }>(
    '/exam-events/:examEventId',
    { schema: { summary: 'One exam event with its sessions', tags: ['exam events'], params: idParams('examEventId') } },
    async (request) => {
      requireRole(request, STAFF_ROLES);
      const event = await requireExamEvent(app.db, request.params.examEventId);
      requireUnitRole(request, event.unit_id, STAFF_ROLES);
      const sessions = await app.db.selectFrom('exam_sessions').selectAll().where('exam_event_id', '=', event.id).orderBy('date').orderBy('start_time').execute();
      return { ...examEventView(event), sessions: sessions.map(examSessionView) };
    },
  );

  app.post<{ Params: { examEventId: string }; Body: { code: string; date: string; startTime: string; durationMinutes: number; windowMinutes?: number } }>(
    '/exam-events/:examEventId/sessions',
    {
      schema: {
        summary: 'Add a session: date, local start time, duration and the late-start window in minutes',
        tags: ['exam events'],
        params: idParams('examEventId'),
        body: {
          type: 'object',
          required: ['code', 'date', 'startTime', 'durationMinutes'],
          properties: {
            code: codeSchema,
            date: isoDateSchema,
            startTime: timeSchema,
            durationMinutes: { type: 'integer', minimum: 1, maximum: 600 },
            windowMinutes: { type: 'integer', minimum: 0, maximum: 600, default: 15 },
          },
        },
        response: { 201: examSessionSchema },
      },
    },
    async (request, reply) => {
      requireRole(request, ADMIN_ROLES);
      const event = await requireExamEvent(app.db, request.params.examEventId);
      const user = requireUnitRole(request, event.unit_id, ADMIN_ROLES);
      const row = await createExamSession(app.db, event, { ...request.body, windowMinutes: request.body.windowMinutes ?? 15 }, user.id);
      return reply.status(201).send(examSessionView(row));
    },
  );

  app.post<{ Params: { examEventId: string }; Body: { candidateIds?: string[]; all?: boolean } }>(
    '/exam-events/:examEventId/registrations',
    {
      schema: {
        summary: 'Register candidates of the unit (listed, or all) and give each a candidate number',
        tags: ['exam events'],
        params: idParams('examEventId'),
        body: { type: 'object', properties: { candidateIds: { type: 'array', items: idSchema, maxItems: 50000 }, all: { type: 'boolean' } } },
        response: { 200: { type: 'object', properties: { registered: { type: 'integer' } } } },
      },
    },
    async (request) => {
      requireRole(request, ADMIN_ROLES);
      const event = await requireExamEvent(app.db, request.params.examEventId);
      const user = requireUnitRole(request, event.unit_id, ADMIN_ROLES);
      const registered = await registerCandidates(app.db, event, request.body.all === true ? 'all' : (request.body.candidateIds ?? []), user.id);
      return { registered };
    },
  );

  app.get<{ Params: { examEventId: string } }>(
    '/exam-events/:examEventId/registrations',
    { schema: { summary: 'Registered candidates with their candidate numbers', tags: ['exam events'], params: idParams('examEventId') } },
    async (request) => {
      requireRole(request, STAFF_ROLES);
      const event = await requireExamEvent(app.db, request.params.examEventId);
      requireUnitRole(request, event.unit_id, STAFF_ROLES);
      const rows = await app.db
        .selectFrom('exam_registrations')
        .innerJoin('candidates', 'candidates.id', 'exam_registrations.candidate_id')
        .select(['exam_registrations.id', 'exam_registrations.candidate_number', 'candidates.id as candidate_id', 'candidates.full_name_display', 'candidates.chip_status'])
        .where('exam_registrations.exam_event_id', '=', event.id)
        .orderBy('exam_registrations.candidate_number')
        .execute();
      return rows.map((row) => ({ id: row.id, candidateNumber: row.candidate_number, candidateId: row.candidate_id, fullName: row.full_name_display, chipStatus: row.chip_status }));
    },
  );

  app.post<{ Params: { examSessionId: string }; Body: { roomIds?: string[] } }>(
    '/exam-sessions/:examSessionId/seats/auto',
    {
      schema: {
        summary: 'Seat every unseated registered candidate automatically (rooms in code order, seats in order)',
        tags: ['exam events'],
        params: idParams('examSessionId'),
        body: { type: 'object', properties: { roomIds: { type: 'array', items: idSchema, minItems: 1 } } },
        response: { 200: { type: 'object', properties: { seated: { type: 'integer' } } } },
      },
    },
    async (request) => {
      requireRole(request, ADMIN_ROLES);
      const { session, event } = await requireExamSession(app.db, request.params.examSessionId);
      const user = requireUnitRole(request, event.unit_id, ADMIN_ROLES);
      return { seated: await assignSeatsAutomatically(app.db, session, event, request.body.roomIds ?? null, user.id) };
    },
  );

  app.post<{ Params: { examSessionId: string }; Body: { assignments: SeatAssignmentInput[] } }>(
    '/exam-sessions/:examSessionId/seats/import',
    {
      schema: {
        summary: 'Apply an imported seat plan: candidate number to room code and seat label',
        tags: ['exam events'],
        params: idParams('examSessionId'),
        body: {
          type: 'object',
          required: ['assignments'],
          properties: {
            assignments: {
              type: 'array',
              maxItems: 50000,
              items: {
                type: 'object',
                required: ['candidateNumber', 'roomCode', 'seatLabel'],
                properties: { candidateNumber: { type: 'string', minLength: 1 }, roomCode: { type: 'string', minLength: 1 }, seatLabel: { type: 'string', minLength: 1 } },
              },
            },
          },
        },
        response: { 200: { type: 'object', properties: { seated: { type: 'integer' } } } },
      },
    },
    async (request) => {
      requireRole(request, ADMIN_ROLES);
      const { session, event } = await requireExamSession(app.db, request.params.examSessionId);
      const user = requireUnitRole(request, event.unit_id, ADMIN_ROLES);
      return { seated: await importSeatAssignments(app.db, session, event, request.body.assignments, user.id) };
    },
  );

  app.get<{ Params: { examSessionId: string } }>(
    '/exam-sessions/:examSessionId/seats',
    { schema: { summary: 'Seat plan of a session', tags: ['exam events'], params: idParams('examSessionId') } },
    async (request) => {
      requireRole(request, STAFF_ROLES);
      const { session, event } = await requireExamSession(app.db, request.params.examSessionId);
      requireUnitRole(request, event.unit_id, STAFF_ROLES);
      const rows = await app.db
        .selectFrom('seat_assignments')
        .innerJoin('exam_registrations', 'exam_registrations.id', 'seat_assignments.registration_id')
        .innerJoin('candidates', 'candidates.id', 'exam_registrations.candidate_id')
        .innerJoin('seats', 'seats.id', 'seat_assignments.seat_id')
        .innerJoin('rooms', 'rooms.id', 'seats.room_id')
        .select(['exam_registrations.candidate_number', 'candidates.id as candidate_id', 'candidates.full_name_display', 'rooms.id as room_id', 'rooms.code as room_code', 'seats.id as seat_id', 'seats.label as seat_label'])
        .where('seat_assignments.exam_session_id', '=', session.id)
        .orderBy('rooms.code')
        .orderBy('seats.position')
        .execute();
      return rows.map((row) => ({
        candidateNumber: row.candidate_number,
        candidateId: row.candidate_id,
        fullName: row.full_name_display,
        roomId: row.room_id,
        roomCode: row.room_code,
        seatId: row.seat_id,
        seatLabel: row.seat_label,
      }));
    },
  );
};
