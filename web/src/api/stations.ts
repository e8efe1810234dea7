// Check-in stations of a room and their tokens (docs/api.md rooms, docs/api-checkin.md station
// tokens). The token text comes back once, when it is issued; the server keeps only its hash.
import { apiRequest } from './client.js';

export interface RoomDetail {
  id: string;
  unitId: string;
  code: string;
  name: string;
  seats: { id: string; label: string; position: number | null }[];
  stations: { id: string; name: string }[];
}

export interface StationToken {
  id: string;
  stationId: string;
  label: string;
  createdAt: string;
  revokedAt: string | null;
  lastSeenAt: string | null;
  /** True while a station holds a WebSocket open with this token. */
  connected: boolean;
}

export interface IssuedToken {
  id: string;
  stationId: string;
  roomId: string;
  token: string;
}

const segment = encodeURIComponent;

export const STATION_ROUTES = {
  room: (roomId: string) => `/api/rooms/${segment(roomId)}`,
  tokens: (roomId: string) => `/api/checkin/rooms/${segment(roomId)}/station-tokens`,
  issue: (stationId: string) => `/api/checkin/stations/${segment(stationId)}/tokens`,
  revoke: (tokenId: string) => `/api/checkin/station-tokens/${segment(tokenId)}/revoke`,
} as const;

export const fetchRoom = (roomId: string) => apiRequest<RoomDetail>(STATION_ROUTES.room(roomId));
export const listStationTokens = (roomId: string) => apiRequest<StationToken[]>(STATION_ROUTES.tokens(roomId));
export const issueStationToken = (stationId: string, label: string) =>
  apiRequest<IssuedToken>(STATION_ROUTES.issue(stationId), { method: 'POST', body: label.trim() === '' ? {} : { label: label.trim() } });
export const revokeStationToken = (tokenId: string) => apiRequest<{ id: string; revoked: true }>(STATION_ROUTES.revoke(tokenId), { method: 'POST', body: {} });
