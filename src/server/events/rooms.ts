import type { Kysely } from 'kysely';

import { appendAudit } from '../audit/audit-log.js';
import { newId, nowIso } from '../db/columns.js';
import type { CheckInStationTable, Database, RoomTable, SeatTable } from '../db/schema.js';
import { ApiError } from '../errors.js';

/** Seat labels `01`, `02`, ... padded to the width of the largest number. */
export function seatLabels(count: number): string[] {
  const width = Math.max(2, String(count).length);
  return Array.from({ length: count }, (_, index) => String(index + 1).padStart(width, '0'));
}

export interface NewRoom {
  code: string;
  name: string;
  seatCount: number;
  stationNames?: string[];
}

/** Creates a room with `seatCount` numbered seats and its check-in stations. */
export async function createRoom(db: Kysely<Database>, unitId: string, input: NewRoom, actorUserId: string | null): Promise<RoomTable> {
  const code = input.code.trim().toUpperCase();
  const taken = await db.selectFrom('rooms').select('id').where('unit_id', '=', unitId).where('code', '=', code).executeTakeFirst();

  if (taken !== undefined) {
    throw new ApiError('ROOM_CODE_TAKEN', { code });
  }

  const room: RoomTable = { id: newId(), unit_id: unitId, code, name: input.name.trim(), created_at: nowIso() };
  const seats: SeatTable[] = seatLabels(input.seatCount).map((label, index) => ({ id: newId(), room_id: room.id, label, position: index + 1 }));
  const stations: CheckInStationTable[] = (input.stationNames ?? []).map((name) => ({ id: newId(), room_id: room.id, name, created_at: room.created_at }));

  await db.transaction().execute(async (trx) => {
    await trx.insertInto('rooms').values(room).execute();

    if (seats.length > 0) {
      await trx.insertInto('seats').values(seats).execute();
    }

    if (stations.length > 0) {
      await trx.insertInto('check_in_stations').values(stations).execute();
    }

    await appendAudit(trx, { action: 'rooms.create', actorUserId, unitId, subjectType: 'room', subjectId: room.id, details: { code, seats: seats.length, stations: stations.length } });
  });

  return room;
}

export async function requireRoom(db: Kysely<Database>, roomId: string): Promise<RoomTable> {
  const room = await db.selectFrom('rooms').selectAll().where('id', '=', roomId).executeTakeFirst();

  if (room === undefined) {
    throw new ApiError('ROOM_NOT_FOUND', { roomId });
  }

  return room;
}

export async function addStation(db: Kysely<Database>, room: RoomTable, name: string, actorUserId: string | null): Promise<CheckInStationTable> {
  const station: CheckInStationTable = { id: newId(), room_id: room.id, name: name.trim(), created_at: nowIso() };

  await db.transaction().execute(async (trx) => {
    await trx.insertInto('check_in_stations').values(station).execute();
    await appendAudit(trx, { action: 'stations.create', actorUserId, unitId: room.unit_id, subjectType: 'check_in_station', subjectId: station.id, details: { roomId: room.id } });
  });

  return station;
}
