// The candidate's own seat, for the seat screen after sign-in: the latest admission (by chip or
// by override) of the signed-in candidate with name, candidate number, seat and chip photo, and
// whether the attempt already started. The candidate's browser has neither the session nor the
// seat id, so this route finds them from the check-in. Staff use
// GET /sessions/:sessionId/seats/:seatId/candidate.
import type { FastifyPluginAsync } from 'fastify';

import { requireRole } from '../auth/access.js';
import { examDb } from '../exam/exam-schema.js';
import { checkInServiceOf } from './checkin-plugin.js';
import { checkInDb } from './checkin-schema.js';
import { loadPhoto } from './photo-store.js';
import { findRoomRegistrations } from './room-registrations.js';

export const candidateSeatRoutes: FastifyPluginAsync = async (app) => {
  app.get('/me/seat', {
    schema: { summary: 'The signed-in candidate\'s admission: seat, name, candidate number and chip photo, before the exam starts', tags: ['checkin'] },
  }, async (request) => {
    const user = requireRole(request, ['candidate']);
    if (user.candidateId === null) {
      return { admitted: false };
    }

    const row = await checkInDb(app.db).selectFrom('check_ins').select(['id', 'exam_session_id', 'room_id', 'seat_id', 'outcome'])
      .where('candidate_id', '=', user.candidateId).where('outcome', 'in', ['admitted', 'override'])
      .orderBy('ended_at', 'desc').executeTakeFirst();
    if (row === undefined) {
      return { admitted: false };
    }

    const [registration] = await findRoomRegistrations(app.db, row.exam_session_id, row.room_id, { candidateId: user.candidateId });
    const room = await app.db.selectFrom('rooms').select(['code', 'name']).where('id', '=', row.room_id).executeTakeFirst();
    const attempt = await examDb(app.db).selectFrom('exam_attempts').select('status').where('exam_session_id', '=', row.exam_session_id).where('candidate_id', '=', user.candidateId).executeTakeFirst();
    const photoKey = checkInServiceOf(app).settings.photoKey;
    const photo = photoKey === null ? null : await loadPhoto(app.db, photoKey, row.id);

    return {
      admitted: true,
      sessionId: row.exam_session_id,
      seatId: row.seat_id,
      seatLabel: registration?.seatLabel ?? null,
      roomCode: room?.code ?? null,
      roomName: room?.name ?? null,
      candidateNumber: registration?.candidateNumber ?? null,
      fullName: registration?.fullNameDisplay ?? null,
      override: row.outcome === 'override',
      attemptStatus: attempt?.status ?? null,
      photo: photo === null ? null : { mimeType: photo.mimeType, base64: Buffer.from(photo.data).toString('base64') },
    };
  });
};
