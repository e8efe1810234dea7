// The station end of the WebSocket: authenticate the station token on the upgrade, take the
// station's hello, pass card events to the room's dashboards and read results to the check-in
// service. The server takes no verdict from a station: results are raw bytes that the service
// verifies.
import type { FastifyBaseLogger } from 'fastify';
import type { WebSocket } from 'ws';

import { STATION_PROTOCOL_VERSION, type ServerToStationMessage, type StationToServerMessage } from '../../station/protocol.js';
import type { CheckInService } from './checkin-service.js';
import type { StationConnection, StationHub } from './station-hub.js';
import type { AuthenticatedStation } from './station-tokens.js';

/** Largest station message: a dump with a large DG2 stays well under it. */
export const MAX_STATION_MESSAGE_BYTES = 4 * 1024 * 1024;
/** Time the station has to send its hello after connecting. */
const HELLO_TIMEOUT_MS = 10_000;

function parseMessage(data: unknown): StationToServerMessage | null {
  try {
    const text = Buffer.isBuffer(data) ? data.toString('utf8') : Array.isArray(data) ? Buffer.concat(data as Buffer[]).toString('utf8') : String(data);
    const value = JSON.parse(text) as { type?: unknown };
    return typeof value === 'object' && value !== null && typeof value.type === 'string' ? (value as StationToServerMessage) : null;
  } catch {
    return null;
  }
}

const CHECK_IN_MESSAGES = new Set(['read-result', 'read-failed', 'chip-authentication-result', 'chip-authentication-failed']);

function isCheckInMessage(message: StationToServerMessage): boolean {
  return CHECK_IN_MESSAGES.has(message.type) && 'checkInId' in message && typeof message.checkInId === 'string';
}

/** Serves one authenticated station connection until it closes. */
export function serveStation(socket: WebSocket, station: AuthenticatedStation, hub: StationHub, service: CheckInService, log: FastifyBaseLogger): void {
  const send = (message: ServerToStationMessage): void => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
  };
  const connection: StationConnection = {
    stationId: station.stationId, stationName: station.stationName, roomId: station.roomId, tokenId: station.tokenId, readers: [], stationVersion: 'unknown',
    connectedAt: new Date().toISOString(), send, close: (code, reason) => socket.close(code, reason),
  };
  let greeted = false;
  const helloTimer = setTimeout(() => socket.close(4002, 'no hello within 10 s'), HELLO_TIMEOUT_MS);

  log.info({ stationId: station.stationId, roomId: station.roomId }, 'station connected');

  // Messages are handled in order, so a result never overtakes the hello or another result.
  let queue = Promise.resolve();

  socket.on('message', (data) => {
    queue = queue.then(() => handle(data)).catch((error: unknown) => {
      log.error({ err: error, stationId: station.stationId }, 'station message failed');
      send({ type: 'error', code: 'SERVER_INTERNAL', message: 'the server could not process the message; the check-in stays open, so the proctor can start it again' });
    });
  });

  socket.on('close', () => {
    clearTimeout(helloTimer);
    if (greeted) hub.remove(connection);
    log.info({ stationId: station.stationId }, 'station disconnected');
  });

  async function handle(data: unknown): Promise<void> {
    const message = parseMessage(data);
    const now = new Date().toISOString();

    if (message === null) {
      send({ type: 'error', code: 'STATION_MESSAGE_INVALID', message: 'expected a JSON object with a "type"' });
      return;
    }

    if (!greeted) {
      if (message.type !== 'hello' || message.protocolVersion !== STATION_PROTOCOL_VERSION) {
        send({ type: 'error', code: 'STATION_PROTOCOL_MISMATCH', message: `expected a hello with protocolVersion ${STATION_PROTOCOL_VERSION}; update the station program` });
        socket.close(4003, 'protocol mismatch');
        return;
      }

      greeted = true;
      clearTimeout(helloTimer);
      connection.readers = Array.isArray(message.readers) ? message.readers.map(String) : [];
      connection.stationVersion = String(message.stationVersion);
      send({ type: 'welcome', stationId: station.stationId, stationName: station.stationName, roomId: station.roomId, roomName: station.roomName });
      hub.add(connection);
      return;
    }

    switch (message.type) {
      case 'readers':
        connection.readers = Array.isArray(message.readers) ? message.readers.map(String) : [];
        hub.publish({ type: 'readers', roomId: station.roomId, at: now, stationId: station.stationId, data: { readers: connection.readers } });
        return;
      case 'card-present':
        hub.publish({ type: 'card-present', roomId: station.roomId, at: now, stationId: station.stationId, data: { reader: String(message.reader) } });
        return;
      case 'card-removed':
        hub.publish({ type: 'card-removed', roomId: station.roomId, at: now, stationId: station.stationId, data: { reader: String(message.reader) } });
        return;
      case 'read-result':
        if (!isCheckInMessage(message)) break;
        await service.handleReadResult(station.stationId, message);
        return;
      case 'read-failed':
        if (!isCheckInMessage(message)) break;
        await service.handleReadFailed(station.stationId, message);
        return;
      case 'chip-authentication-result':
        if (!isCheckInMessage(message)) break;
        await service.handleChipAuthenticationResult(station.stationId, message);
        return;
      case 'chip-authentication-failed':
        if (!isCheckInMessage(message)) break;
        await service.handleChipAuthenticationFailed(station.stationId, message);
        return;
      default:
        break;
    }

    send({ type: 'error', code: 'STATION_MESSAGE_INVALID', message: `unexpected message type "${String((message as { type: unknown }).type)}"` });
  }
}
