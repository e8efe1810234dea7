// Incident reports (biên bản) under /api/checkin: a proctor writes one for a session in a room
// (kind, time, description, candidates involved), lists the room's reports and prints one as
// PDF with the unit's administrative header. Creating one appends an audit entry.
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';

import { renderPdf } from '../../reports/render/pdf.js';
import { appendAudit } from '../audit/audit-log.js';
import { requireRole, requireUnitRole } from '../auth/access.js';
import { newId, nowIso } from '../db/columns.js';
import type { Role } from '../db/schema.js';
import { ApiError } from '../errors.js';
import { requireExamSession } from '../events/exam-events.js';
import { requireRoom } from '../events/rooms.js';
import { reportHeader } from '../reports/report-service.js';
import { idParams, idSchema } from '../routes/schemas.js';
import { buildIncidentDocument, type IncidentView } from './incident-document.js';
import { incidentDb, INCIDENT_KINDS, type IncidentKind, type IncidentReportTable } from './incident-schema.js';

const INCIDENT_ROLES: readonly Role[] = ['department_admin', 'unit_admin', 'proctor'];
const WRITER_ROLES: readonly Role[] = ['unit_admin', 'proctor'];
const DESCRIPTION_MAX_LENGTH = 4000;
const CANDIDATES_MAX = 100;

interface IncidentBody {
  kind: IncidentKind;
  occurredAt: string;
  description: string;
  candidateIds: string[];
}

const incidentBody = {
  type: 'object',
  required: ['kind', 'occurredAt', 'description', 'candidateIds'],
  properties: {
    kind: { type: 'string', enum: INCIDENT_KINDS },
    occurredAt: { type: 'string', format: 'date-time' },
    description: { type: 'string', minLength: 3, maxLength: DESCRIPTION_MAX_LENGTH },
    candidateIds: { type: 'array', maxItems: CANDIDATES_MAX, uniqueItems: true, items: idSchema },
  },
  additionalProperties: false,
} as const;

export const incidentRoutes: FastifyPluginAsync = async (app) => {
  /** Checks the session and room exist, belong to one unit, and the user may act in that unit. */
  async function requireSessionRoom(request: FastifyRequest, sessionId: string, roomId: string, roles: readonly Role[]) {
    requireRole(request, roles);
    const { session, event } = await requireExamSession(app.db, sessionId);
    const room = await requireRoom(app.db, roomId);
    if (room.unit_id !== event.unit_id) {
      throw new ApiError('ROOM_NOT_FOUND', { roomId });
    }

    const user = requireUnitRole(request, room.unit_id, roles);
    return { session, event, room, user };
  }

  async function toView(row: IncidentReportTable): Promise<IncidentView> {
    const { session, event } = await requireExamSession(app.db, row.exam_session_id);
    const room = await requireRoom(app.db, row.room_id);
    const ids = JSON.parse(row.candidate_ids) as string[];
    const candidates = ids.length === 0 ? [] : await app.db.selectFrom('candidates')
      .leftJoin('exam_registrations', (join) => join.onRef('exam_registrations.candidate_id', '=', 'candidates.id').on('exam_registrations.exam_event_id', '=', event.id))
      .select(['candidates.id as candidateId', 'exam_registrations.candidate_number as candidateNumber', 'candidates.full_name_display as fullName'])
      .where('candidates.id', 'in', ids).execute();
    const author = row.created_by === null ? undefined : await app.db.selectFrom('users').select('display_name').where('id', '=', row.created_by).executeTakeFirst();

    return {
      id: row.id,
      kind: row.kind,
      occurredAt: row.occurred_at,
      description: row.description,
      sessionCode: session.code,
      sessionDate: session.date,
      eventTitle: event.title,
      roomName: room.name,
      createdByName: author?.display_name ?? null,
      candidates: candidates.sort((a, b) => (a.candidateNumber ?? '').localeCompare(b.candidateNumber ?? '')),
    };
  }

  app.post<{ Params: { sessionId: string; roomId: string }; Body: IncidentBody }>('/sessions/:sessionId/rooms/:roomId/incidents', {
    schema: { summary: 'Write an incident report (biên bản) for a session in a room', tags: ['checkin'], params: idParams('sessionId', 'roomId'), body: incidentBody },
  }, async (request, reply) => {
    const { session, event, room, user } = await requireSessionRoom(request, request.params.sessionId, request.params.roomId, WRITER_ROLES);
    const candidateIds = request.body.candidateIds;

    if (candidateIds.length > 0) {
      const registered = await app.db.selectFrom('exam_registrations').select('candidate_id').where('exam_event_id', '=', event.id).where('candidate_id', 'in', candidateIds).execute();
      const known = new Set(registered.map((row) => row.candidate_id));
      const unknown = candidateIds.find((id) => !known.has(id));
      if (unknown !== undefined) {
        throw new ApiError('CHECKIN_INCIDENT_CANDIDATE_INVALID', { candidateId: unknown, examEventId: event.id });
      }
    }

    const row: IncidentReportTable = {
      id: newId(),
      unit_id: room.unit_id,
      exam_session_id: session.id,
      room_id: room.id,
      kind: request.body.kind,
      occurred_at: new Date(request.body.occurredAt).toISOString(),
      description: request.body.description.trim(),
      candidate_ids: JSON.stringify(candidateIds),
      created_by: user.id,
      created_at: nowIso(),
    };

    await app.db.transaction().execute(async (trx) => {
      await incidentDb(trx).insertInto('incident_reports').values(row).execute();
      // The description may name people, so the audit entry keeps only the kind and the count.
      await appendAudit(trx, { action: 'checkin.incident.create', actorUserId: user.id, unitId: room.unit_id, subjectType: 'incident_report', subjectId: row.id, details: { kind: row.kind, examSessionId: session.id, roomId: room.id, candidates: candidateIds.length } });
    });

    return reply.status(201).send(await toView(row));
  });

  app.get<{ Params: { sessionId: string; roomId: string } }>('/sessions/:sessionId/rooms/:roomId/incidents', {
    schema: { summary: 'Incident reports of a session in a room, oldest first', tags: ['checkin'], params: idParams('sessionId', 'roomId') },
  }, async (request) => {
    await requireSessionRoom(request, request.params.sessionId, request.params.roomId, INCIDENT_ROLES);
    const rows = await incidentDb(app.db).selectFrom('incident_reports').selectAll()
      .where('exam_session_id', '=', request.params.sessionId).where('room_id', '=', request.params.roomId)
      .orderBy('occurred_at').orderBy('id').execute();
    return Promise.all(rows.map(toView));
  });

  app.get<{ Params: { incidentId: string } }>('/incidents/:incidentId/pdf', {
    schema: { summary: 'An incident report as PDF with the unit\'s administrative header', tags: ['checkin'], params: idParams('incidentId') },
  }, async (request, reply) => {
    requireRole(request, INCIDENT_ROLES);
    const row = await incidentDb(app.db).selectFrom('incident_reports').selectAll().where('id', '=', request.params.incidentId).executeTakeFirst();
    if (row === undefined) {
      throw new ApiError('CHECKIN_INCIDENT_NOT_FOUND', { incidentId: request.params.incidentId });
    }

    requireUnitRole(request, row.unit_id, INCIDENT_ROLES);
    const unit = await app.db.selectFrom('units').selectAll().where('id', '=', row.unit_id).executeTakeFirstOrThrow();
    const header = await reportHeader(app.db, { unit, issuedAt: new Date(row.created_at) });
    const pdf = await renderPdf(buildIncidentDocument(header, await toView(row)));

    return reply
      .header('content-type', 'application/pdf')
      .header('content-disposition', `attachment; filename="bien-ban-su-co-${row.id}.pdf"`)
      .send(pdf);
  });
};
