// Station tokens: a unit administrator issues one per check-in station; the station program
// sends it when it connects. Only the SHA-256 of a token is stored, so the table cannot give
// a token away; a token shows once, when it is issued.
import { createHash, randomBytes } from 'node:crypto';

import type { Kysely } from 'kysely';

import { appendAudit } from '../audit/audit-log.js';
import { newId, nowIso } from '../db/columns.js';
import type { Database } from '../db/schema.js';
import { checkInDb, type StationTokenTable } from './checkin-schema.js';

/** Prefix of every station token, so a leaked token is recognisable in a secret scan. */
export const STATION_TOKEN_PREFIX = 'egst_';

export function hashStationToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export interface IssuedStationToken {
  id: string;
  /** The token text; shown once and never stored. */
  token: string;
}

/** Issues a token for a station of the room; the audit entry names the station, not the token. */
export async function issueStationToken(db: Kysely<Database>, station: { id: string; room_id: string }, unitId: string, label: string, actorUserId: string | null): Promise<IssuedStationToken> {
  const token = `${STATION_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  const row: StationTokenTable = {
    id: newId(), station_id: station.id, room_id: station.room_id, token_hash: hashStationToken(token), label: label.trim(),
    created_by: actorUserId, created_at: nowIso(), revoked_at: null, revoked_by: null, last_seen_at: null,
  };

  await db.transaction().execute(async (trx) => {
    await checkInDb(trx).insertInto('check_in_station_tokens').values(row).execute();
    await appendAudit(trx, { action: 'checkin.station_token.issue', actorUserId, unitId, subjectType: 'check_in_station', subjectId: station.id, details: { tokenId: row.id, roomId: station.room_id } });
  });

  return { id: row.id, token };
}

/** Revokes a token; a station connected with it is disconnected by the caller. Returns false when it was unknown or revoked already. */
export async function revokeStationToken(db: Kysely<Database>, tokenId: string, unitId: string, actorUserId: string | null): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const result = await checkInDb(trx).updateTable('check_in_station_tokens').set({ revoked_at: nowIso(), revoked_by: actorUserId }).where('id', '=', tokenId).where('revoked_at', 'is', null).executeTakeFirst();

    if (Number(result.numUpdatedRows) === 0) {
      return false;
    }

    await appendAudit(trx, { action: 'checkin.station_token.revoke', actorUserId, unitId, subjectType: 'check_in_station_token', subjectId: tokenId });
    return true;
  });
}

export interface AuthenticatedStation {
  tokenId: string;
  stationId: string;
  stationName: string;
  roomId: string;
  roomName: string;
  unitId: string;
}

/** Finds the station of a token that is not revoked, or returns null. */
export async function authenticateStation(db: Kysely<Database>, token: string): Promise<AuthenticatedStation | null> {
  if (!token.startsWith(STATION_TOKEN_PREFIX)) {
    return null;
  }

  const row = await checkInDb(db)
    .selectFrom('check_in_station_tokens')
    .innerJoin('check_in_stations', 'check_in_stations.id', 'check_in_station_tokens.station_id')
    .innerJoin('rooms', 'rooms.id', 'check_in_station_tokens.room_id')
    .select(['check_in_station_tokens.id as tokenId', 'check_in_stations.id as stationId', 'check_in_stations.name as stationName', 'rooms.id as roomId', 'rooms.name as roomName', 'rooms.unit_id as unitId'])
    .where('check_in_station_tokens.token_hash', '=', hashStationToken(token))
    .where('check_in_station_tokens.revoked_at', 'is', null)
    .executeTakeFirst();

  if (row === undefined) {
    return null;
  }

  await checkInDb(db).updateTable('check_in_station_tokens').set({ last_seen_at: nowIso() }).where('id', '=', row.tokenId).execute();
  return row;
}
