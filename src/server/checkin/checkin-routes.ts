// HTTP routes of check-in (prefix /api/checkin): station tokens, trust anchors, the proctor's
// room panel (name the candidate, compare the photo, confirm, override), the seat's view of
// its candidate, and the two WebSockets (station and live room events).
import type { FastifyInstance, FastifyRequest } from 'fastify';

import { isChipError } from '../../chip/errors.js';
import { ADMIN_ROLES, requireRole, requireUnitRole } from '../auth/access.js';
import { STREAM_ID_PATTERN } from '../cluster/live-event-log.js';
import type { Role } from '../db/schema.js';
import { ApiError } from '../errors.js';
import { requireExamSession } from '../events/exam-events.js';
import { requireRoom } from '../events/rooms.js';
import { idParams, idSchema } from '../routes/schemas.js';
import { OVERRIDE_NOTE_MIN_LENGTH, requireWrittenNote } from '../written-note.js';
import { checkInDb } from './checkin-schema.js';
import type { CandidateSelection, CheckInService, CheckInView } from './checkin-service.js';
import { OVERRIDE_KINDS, REFUSAL_REASONS, type OverrideKind, type RefusalReason } from './decisions.js';
import { loadPhoto } from './photo-store.js';
import { findRoomRegistrations } from './room-registrations.js';
import type { StationHub } from './station-hub.js';
import { serveStation } from './station-socket.js';
import { authenticateStation, issueStationToken, revokeStationToken } from './station-tokens.js';
import { addTrustAnchor, listTrustAnchors, removeTrustAnchor, type TrustAnchorKind, type TrustStoreCache } from './trust-anchors.js';

const PROCTOR_ROLES: readonly Role[] = ['department_admin', 'unit_admin', 'proctor'];

export interface CheckInRouteContext {
  service: CheckInService;
  hub: StationHub;
  trust: TrustStoreCache;
}

/** The decision text of a check-in, for the proctor panel. */
function explain(view: CheckInView) {
  if (view.outcome === 'override') {
    return { override: true, kind: view.reason, label: OVERRIDE_KINDS[view.reason as OverrideKind] ?? null };
  }

  if (view.reason === null || !(view.reason in REFUSAL_REASONS)) {
    return null;
  }

  return { override: false, ...REFUSAL_REASONS[view.reason as RefusalReason] };
}

async function requireRoomAccess(app: FastifyInstance, request: FastifyRequest, roomId: string, roles: readonly Role[] = PROCTOR_ROLES) {
  requireRole(request, roles);
  const room = await requireRoom(app.db, roomId);
  const user = requireUnitRole(request, room.unit_id, roles);
  return { room, user };
}

function bearerToken(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  return typeof header === 'string' && header.startsWith('Bearer ') ? header.slice(7).trim() : null;
}

const sessionRoomParams = idParams('sessionId', 'roomId');

export function registerCheckInRoutes(app: FastifyInstance, context: CheckInRouteContext): void {
  const { service, hub, trust } = context;

  // -------------------------------------------------------------------------------------------
  // WebSockets

  app.get('/station', { websocket: true, schema: { summary: 'WebSocket of a check-in station (Authorization: Bearer <station token>)', tags: ['checkin'] } }, async (socket, request) => {
    // The station sends its hello as soon as the socket opens, which may be before the token
    // lookup ends, so early messages wait here and are replayed to the station handler.
    const early: unknown[] = [];
    const keep = (data: unknown): void => {
      early.push(data);
    };
    socket.on('message', keep);
    const token = bearerToken(request);
    const station = token === null ? null : await authenticateStation(app.db, token);
    socket.off('message', keep);

    if (station === null) {
      request.log.info({ reason: token === null ? 'missing' : 'unknown or revoked' }, 'station connection rejected: bad token');
      socket.close(4401, 'station token missing, unknown or revoked');
      return;
    }

    serveStation(socket, station, hub, service, request.log);
    for (const data of early) socket.emit('message', data, false);
  });

  app.get<{ Params: { roomId: string }; Querystring: { after?: string } }>('/rooms/:roomId/live', {
    websocket: true,
    schema: {
      summary: 'WebSocket of live check-in events of a room, for the proctor dashboard; ?after=<event id> replays missed events (with Redis)', tags: ['checkin'], params: idParams('roomId'),
      querystring: { type: 'object', properties: { after: { type: 'string', pattern: STREAM_ID_PATTERN } }, additionalProperties: false },
    },
  }, async (socket, request) => {
    try {
      await requireRoomAccess(app, request, request.params.roomId, ['department_admin', 'unit_admin', 'proctor', 'teacher']);
    } catch (error) {
      socket.close(4403, error instanceof ApiError ? error.code : 'forbidden');
      return;
    }

    const stations = hub.stationsInRoom(request.params.roomId).map((station) => ({ stationId: station.stationId, name: station.stationName, readers: station.readers }));
    socket.send(JSON.stringify({ type: 'snapshot', roomId: request.params.roomId, at: new Date().toISOString(), data: { stations } }));
    const unsubscribe = hub.subscribe(request.params.roomId, (event) => socket.send(JSON.stringify(event)), request.query.after);
    socket.on('close', unsubscribe);
  });

  // -------------------------------------------------------------------------------------------
  // Station tokens (unit administrator)

  app.post<{ Params: { stationId: string }; Body: { label?: string } }>('/stations/:stationId/tokens', {
    schema: { summary: 'Issue a token for a check-in station; the token is shown once', tags: ['checkin'], params: idParams('stationId'), body: { type: 'object', properties: { label: { type: 'string', maxLength: 100 } } } },
  }, async (request, reply) => {
    const station = await app.db.selectFrom('check_in_stations').selectAll().where('id', '=', request.params.stationId).executeTakeFirst();
    if (station === undefined) throw new ApiError('CHECKIN_STATION_NOT_FOUND', { stationId: request.params.stationId });
    const { room, user } = await requireRoomAccess(app, request, station.room_id, ADMIN_ROLES);
    const issued = await issueStationToken(app.db, station, room.unit_id, request.body.label ?? station.name, user.id);
    return reply.status(201).send({ id: issued.id, stationId: station.id, roomId: room.id, token: issued.token });
  });

  app.get<{ Params: { roomId: string } }>('/rooms/:roomId/station-tokens', {
    schema: { summary: 'Station tokens of a room (never the token text)', tags: ['checkin'], params: idParams('roomId') },
  }, async (request) => {
    await requireRoomAccess(app, request, request.params.roomId, ADMIN_ROLES);
    const rows = await checkInDb(app.db).selectFrom('check_in_station_tokens').select(['id', 'station_id', 'label', 'created_at', 'revoked_at', 'last_seen_at']).where('room_id', '=', request.params.roomId).orderBy('created_at').execute();
    return rows.map((row) => ({ id: row.id, stationId: row.station_id, label: row.label, createdAt: row.created_at, revokedAt: row.revoked_at, lastSeenAt: row.last_seen_at, connected: hub.station(row.station_id)?.tokenId === row.id }));
  });

  app.post<{ Params: { tokenId: string } }>('/station-tokens/:tokenId/revoke', {
    schema: { summary: 'Revoke a station token and disconnect the station using it', tags: ['checkin'], params: idParams('tokenId') },
  }, async (request) => {
    const token = await checkInDb(app.db).selectFrom('check_in_station_tokens').select(['room_id']).where('id', '=', request.params.tokenId).executeTakeFirst();
    if (token === undefined) throw new ApiError('CHECKIN_STATION_TOKEN_NOT_FOUND', { tokenId: request.params.tokenId });
    const { room, user } = await requireRoomAccess(app, request, token.room_id, ADMIN_ROLES);

    if (!(await revokeStationToken(app.db, request.params.tokenId, room.unit_id, user.id))) {
      throw new ApiError('CHECKIN_STATION_TOKEN_NOT_FOUND', { tokenId: request.params.tokenId });
    }

    hub.disconnectToken(request.params.tokenId);
    return { id: request.params.tokenId, revoked: true };
  });

  // -------------------------------------------------------------------------------------------
  // Trust anchors (department administrator)

  app.post<{ Querystring: { kind: TrustAnchorKind } }>('/trust-anchors', {
    schema: { summary: 'Load a CSCA certificate (PEM or DER), an ICAO master list or a CRL (multipart field "file")', tags: ['checkin'], querystring: { type: 'object', required: ['kind'], properties: { kind: { type: 'string', enum: ['certificate', 'master-list', 'crl'] } } } },
  }, async (request, reply) => {
    const user = requireRole(request, ['department_admin']);
    const part = await request.file();
    if (part === undefined) throw new ApiError('IMPORT_FILE_MISSING');
    const bytes = new Uint8Array(await part.toBuffer());

    try {
      const anchor = await addTrustAnchor(app.db, request.query.kind, part.filename, bytes, user.id, await trust.current());
      return reply.status(201).send(anchor);
    } catch (error) {
      if (isChipError(error)) throw new ApiError('CHECKIN_TRUST_ANCHOR_INVALID', { name: part.filename, problem: error.message });
      throw error;
    }
  });

  app.get('/trust-anchors', { schema: { summary: 'Loaded trust anchors', tags: ['checkin'] } }, async (request) => {
    requireRole(request, ['department_admin', 'unit_admin']);
    return listTrustAnchors(app.db);
  });

  app.delete<{ Params: { trustAnchorId: string } }>('/trust-anchors/:trustAnchorId', {
    schema: { summary: 'Remove a trust anchor', tags: ['checkin'], params: idParams('trustAnchorId') },
  }, async (request) => {
    const user = requireRole(request, ['department_admin']);
    if (!(await removeTrustAnchor(app.db, request.params.trustAnchorId, user.id))) throw new ApiError('CHECKIN_TRUST_ANCHOR_NOT_FOUND', { trustAnchorId: request.params.trustAnchorId });
    return { id: request.params.trustAnchorId, removed: true };
  });

  // -------------------------------------------------------------------------------------------
  // The proctor's room panel

  app.get('/decisions', { schema: { summary: 'The decision catalogue: refusal reasons and override kinds with Vietnamese and English text', tags: ['checkin'] } }, async (request) => {
    requireRole(request, PROCTOR_ROLES);
    return { refusals: REFUSAL_REASONS, overrides: OVERRIDE_KINDS };
  });

  app.get<{ Params: { sessionId: string; roomId: string } }>('/sessions/:sessionId/rooms/:roomId', {
    schema: { summary: 'The room panel: candidates seated in the room with their latest check-in, and the connected stations', tags: ['checkin'], params: sessionRoomParams },
  }, async (request) => {
    await requireRoomAccess(app, request, request.params.roomId);
    await requireExamSession(app.db, request.params.sessionId);
    const registrations = await findRoomRegistrations(app.db, request.params.sessionId, request.params.roomId);
    const checkIns = await service.listForRoom(request.params.sessionId, request.params.roomId);
    const latest = new Map<string, CheckInView>();
    for (const checkIn of checkIns) if (checkIn.candidateId !== null) latest.set(checkIn.candidateId, checkIn);

    return {
      stations: hub.stationsInRoom(request.params.roomId).map((station) => ({ stationId: station.stationId, name: station.stationName, readers: station.readers, connectedAt: station.connectedAt })),
      candidates: registrations.map((registration) => ({
        candidateId: registration.candidateId, candidateNumber: registration.candidateNumber, fullName: registration.fullNameDisplay, birthDate: registration.birthDate,
        seatId: registration.seatId, seatLabel: registration.seatLabel, hasChippedCard: registration.chipStatus === 'chipped', latestCheckIn: latest.get(registration.candidateId) ?? null,
      })),
      checkIns,
    };
  });

  app.post<{ Params: { sessionId: string; roomId: string }; Body: { stationId?: string; candidateId?: string; candidateNumber?: string; qr?: string; fallback?: boolean } }>('/sessions/:sessionId/rooms/:roomId/check-ins', {
    schema: {
      summary: 'Name who is at the station (exactly one of candidateId, candidateNumber, qr, fallback) and send the read request',
      tags: ['checkin'],
      params: sessionRoomParams,
      body: {
        type: 'object',
        properties: { stationId: idSchema, candidateId: idSchema, candidateNumber: { type: 'string', minLength: 1, maxLength: 40 }, qr: { type: 'string', minLength: 1, maxLength: 1000 }, fallback: { type: 'boolean', const: true } },
        oneOf: [{ required: ['candidateId'] }, { required: ['candidateNumber'] }, { required: ['qr'] }, { required: ['fallback'] }],
      },
    },
  }, async (request, reply) => {
    const { user } = await requireRoomAccess(app, request, request.params.roomId);
    const body = request.body;
    const selection: CandidateSelection = body.candidateId !== undefined ? { method: 'dashboard', candidateId: body.candidateId }
      : body.candidateNumber !== undefined ? { method: 'candidate_number', candidateNumber: body.candidateNumber }
        : body.qr !== undefined ? { method: 'qr', qrText: body.qr } : { method: 'fallback' };
    const view = await service.start({ examSessionId: request.params.sessionId, roomId: request.params.roomId, ...(body.stationId === undefined ? {} : { stationId: body.stationId }), selection, actorUserId: user.id });
    return reply.status(201).send(view);
  });

  app.get<{ Params: { checkInId: string } }>('/check-ins/:checkInId', {
    schema: { summary: 'A check-in with its decision text and the registration to compare with the chip photo', tags: ['checkin'], params: idParams('checkInId') },
  }, async (request) => {
    const row = await service.requireCheckIn(request.params.checkInId);
    await requireRoomAccess(app, request, row.room_id);
    const view = await service.view(row.id);
    const [registration] = row.candidate_id === null ? [] : await findRoomRegistrations(app.db, row.exam_session_id, row.room_id, { candidateId: row.candidate_id });
    const hasPhoto = service.settings.photoKey !== null && (await checkInDb(app.db).selectFrom('check_in_photos').select('check_in_id').where('check_in_id', '=', row.id).executeTakeFirst()) !== undefined;

    return {
      ...view,
      decision: explain(view),
      registration: registration === undefined ? null : { candidateNumber: registration.candidateNumber, fullName: registration.fullNameDisplay, birthDate: registration.birthDate, seatLabel: registration.seatLabel },
      photoUrl: hasPhoto ? `/api/checkin/check-ins/${row.id}/photo` : null,
    };
  });

  app.get<{ Params: { checkInId: string } }>('/check-ins/:checkInId/photo', {
    schema: { summary: 'The chip photo of a check-in (decrypted; JPEG or PNG)', tags: ['checkin'], params: idParams('checkInId') },
  }, async (request, reply) => {
    const row = await service.requireCheckIn(request.params.checkInId);
    await requireRoomAccess(app, request, row.room_id);
    const key = service.settings.photoKey;
    if (key === null) throw new ApiError('CHECKIN_PHOTO_KEY_MISSING');
    const photo = await loadPhoto(app.db, key, row.id);
    if (photo === null) throw new ApiError('CHECKIN_PHOTO_NOT_FOUND', { checkInId: row.id });
    return reply.header('cache-control', 'no-store').type(photo.mimeType).send(Buffer.from(photo.data));
  });

  app.post<{ Params: { checkInId: string }; Body: { accepted: boolean } }>('/check-ins/:checkInId/confirm-face', {
    schema: { summary: 'The proctor compared the chip photo with the person: accepted admits and unlocks the seat, otherwise refuses (face_mismatch)', tags: ['checkin'], params: idParams('checkInId'), body: { type: 'object', required: ['accepted'], properties: { accepted: { type: 'boolean' } } } },
  }, async (request) => {
    const row = await service.requireCheckIn(request.params.checkInId);
    const { user } = await requireRoomAccess(app, request, row.room_id);
    const view = await service.confirmFace(row.id, request.body.accepted, user.id);
    return { ...view, decision: explain(view) };
  });

  app.post<{ Params: { checkInId: string } }>('/check-ins/:checkInId/cancel', {
    schema: { summary: 'Cancel a check-in that waits for a card or for the face confirmation', tags: ['checkin'], params: idParams('checkInId') },
  }, async (request) => {
    const row = await service.requireCheckIn(request.params.checkInId);
    const { user } = await requireRoomAccess(app, request, row.room_id);
    return service.cancel(row.id, user.id);
  });

  app.post<{ Params: { sessionId: string; roomId: string }; Body: { candidateId: string; kind: OverrideKind; reason: string } }>('/sessions/:sessionId/rooms/:roomId/overrides', {
    schema: {
      summary: 'Proctor override: admit a candidate without chip evidence (no card yet, broken chip) with a written reason; flagged everywhere',
      tags: ['checkin'],
      params: sessionRoomParams,
      body: { type: 'object', required: ['candidateId', 'kind', 'reason'], properties: { candidateId: idSchema, kind: { type: 'string', enum: Object.keys(OVERRIDE_KINDS) }, reason: { type: 'string', minLength: OVERRIDE_NOTE_MIN_LENGTH, maxLength: 500 } } },
    },
  }, async (request, reply) => {
    const { user } = await requireRoomAccess(app, request, request.params.roomId);
    const reason = requireWrittenNote(request.body.reason, 'body.reason', OVERRIDE_NOTE_MIN_LENGTH);
    const view = await service.override({ examSessionId: request.params.sessionId, roomId: request.params.roomId, candidateId: request.body.candidateId, kind: request.body.kind, reason, actorUserId: user.id });
    return reply.status(201).send({ ...view, decision: explain(view) });
  });

  // -------------------------------------------------------------------------------------------
  // The seat's view of its candidate

  app.get<{ Params: { sessionId: string; seatId: string } }>('/sessions/:sessionId/seats/:seatId/candidate', {
    schema: { summary: 'Name, candidate number and chip photo of the candidate admitted to a seat, shown on the seat before the exam starts', tags: ['checkin'], params: idParams('sessionId', 'seatId') },
  }, async (request) => {
    const user = requireRole(request, ['department_admin', 'unit_admin', 'proctor', 'candidate']);
    const row = await checkInDb(app.db).selectFrom('check_ins').selectAll()
      .where('exam_session_id', '=', request.params.sessionId).where('seat_id', '=', request.params.seatId).where('outcome', 'in', ['admitted', 'override'])
      .orderBy('ended_at', 'desc').executeTakeFirst();

    if (row === undefined || row.candidate_id === null) {
      return { admitted: false };
    }

    if (user.role === 'candidate' ? user.candidateId !== row.candidate_id : !(user.role === 'department_admin' || user.unitId === row.unit_id)) {
      throw new ApiError('AUTH_FORBIDDEN_UNIT', { unitId: row.unit_id });
    }

    const [registration] = await findRoomRegistrations(app.db, row.exam_session_id, row.room_id, { candidateId: row.candidate_id });
    const photo = service.settings.photoKey === null ? null : await loadPhoto(app.db, service.settings.photoKey, row.id);

    return {
      admitted: true,
      candidateId: row.candidate_id,
      candidateNumber: registration?.candidateNumber ?? null,
      fullName: registration?.fullNameDisplay ?? null,
      seatLabel: registration?.seatLabel ?? null,
      override: row.outcome === 'override',
      photo: photo === null ? null : { mimeType: photo.mimeType, base64: Buffer.from(photo.data).toString('base64') },
    };
  });
}
