import type { FastifyPluginAsync } from 'fastify';

import { ADMIN_ROLES, requireRole, requireUnitRole, STAFF_ROLES } from '../auth/access.js';
import { addStation, createRoom, requireRoom } from '../events/rooms.js';
import { requireUnit } from '../organisation/units.js';
import { codeSchema, idParams, nameSchema } from './schemas.js';

/** Exam rooms (phòng thi) of a unit, their seats and check-in station records. */
export const roomRoutes: FastifyPluginAsync = async (app) => {
  app.get<{ Params: { unitId: string } }>(
    '/units/:unitId/rooms',
    { schema: { summary: 'Rooms of a unit with seat and station counts', tags: ['rooms'], params: idParams('unitId') } },
    async (request) => {
      requireUnitRole(request, request.params.unitId, STAFF_ROLES);
      const rooms = await app.db
        .selectFrom('rooms')
        .select((eb) => [
          'rooms.id',
          'rooms.code',
          'rooms.name',
          eb.selectFrom('seats').select((inner) => inner.fn.countAll<string | number>().as('count')).whereRef('seats.room_id', '=', 'rooms.id').as('seat_count'),
          eb.selectFrom('check_in_stations').select((inner) => inner.fn.countAll<string | number>().as('count')).whereRef('check_in_stations.room_id', '=', 'rooms.id').as('station_count'),
        ])
        .where('rooms.unit_id', '=', request.params.unitId)
        .orderBy('rooms.code')
        .execute();
      return rooms.map((room) => ({ id: room.id, code: room.code, name: room.name, seatCount: Number(room.seat_count), stationCount: Number(room.station_count) }));
    },
  );

  app.post<{ Params: { unitId: string }; Body: { code: string; name: string; seatCount: number; stationNames?: string[] } }>(
    '/units/:unitId/rooms',
    {
      schema: {
        summary: 'Create a room with numbered seats and its check-in stations',
        tags: ['rooms'],
        params: idParams('unitId'),
        body: {
          type: 'object',
          required: ['code', 'name', 'seatCount'],
          properties: { code: codeSchema, name: nameSchema, seatCount: { type: 'integer', minimum: 1, maximum: 500 }, stationNames: { type: 'array', items: nameSchema, maxItems: 20 } },
        },
      },
    },
    async (request, reply) => {
      const user = requireUnitRole(request, request.params.unitId, ADMIN_ROLES);
      await requireUnit(app.db, request.params.unitId);
      const room = await createRoom(app.db, request.params.unitId, request.body, user.id);
      return reply.status(201).send({ id: room.id, unitId: room.unit_id, code: room.code, name: room.name, seatCount: request.body.seatCount });
    },
  );

  app.get<{ Params: { roomId: string } }>(
    '/rooms/:roomId',
    { schema: { summary: 'A room with its seats and check-in stations', tags: ['rooms'], params: idParams('roomId') } },
    async (request) => {
      requireRole(request, STAFF_ROLES);
      const room = await requireRoom(app.db, request.params.roomId);
      requireUnitRole(request, room.unit_id, STAFF_ROLES);
      const seats = await app.db.selectFrom('seats').select(['id', 'label', 'position']).where('room_id', '=', room.id).orderBy('position').execute();
      const stations = await app.db.selectFrom('check_in_stations').select(['id', 'name']).where('room_id', '=', room.id).orderBy('name').execute();
      return { id: room.id, unitId: room.unit_id, code: room.code, name: room.name, seats: seats.map((seat) => ({ ...seat, position: Number(seat.position) })), stations };
    },
  );

  app.post<{ Params: { roomId: string }; Body: { name: string } }>(
    '/rooms/:roomId/stations',
    {
      schema: {
        summary: 'Record a check-in station of a room',
        tags: ['rooms'],
        params: idParams('roomId'),
        body: { type: 'object', required: ['name'], properties: { name: nameSchema } },
      },
    },
    async (request, reply) => {
      requireRole(request, ADMIN_ROLES);
      const room = await requireRoom(app.db, request.params.roomId);
      const user = requireUnitRole(request, room.unit_id, ADMIN_ROLES);
      const station = await addStation(app.db, room, request.body.name, user.id);
      return reply.status(201).send({ id: station.id, roomId: station.room_id, name: station.name });
    },
  );
};
