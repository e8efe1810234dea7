// A station driven by hand over the station WebSocket, and recorded genuine runs of chip
// authentication to replay through it, for tests of chip authentication through the station.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';

import WebSocket from 'ws';

import { systemRandom } from '../../../src/chip/crypto/index.js';
import { cardDumpToJson } from '../../../src/chip/dump.js';
import type { CardTransport } from '../../../src/chip/iso7816/index.js';
import { parseDg14 } from '../../../src/chip/lds/dg14.js';
import { DEFAULT_FILES } from '../../../src/chip/reader/index.js';
import { accessKeysFor } from '../../../src/server/checkin/access-keys.js';
import { ChipAuthenticationRelay } from '../../../src/server/checkin/chip-authentication-relay.js';
import { chipAuthenticationKeyOf } from '../../../src/server/checkin/verify-check-in.js';
import { virtualCardFromImage } from '../../../src/sim/card-image.js';
import { STATION_PROTOCOL_VERSION } from '../../../src/station/protocol.js';
import { readWithKeys } from '../../../src/station/read-with-keys.js';
import { relayChipAuthentication } from '../../../src/station/relay-chip-authentication.js';
import { directTransport } from '../../support/virtual-cards.js';
import { EXAM_DATE, type CheckInRoom, type RoomCandidate } from './check-in-room.js';

/** Connects a station driven by hand over the station WebSocket, as an attacker's program would be. */
export async function handDrivenStation(room: CheckInRoom) {
  const socket = new WebSocket(`ws://127.0.0.1:${room.port}/api/checkin/station`, { headers: { authorization: `Bearer ${room.tokens[1]}` } });
  const received: any[] = [];
  socket.on('message', (data) => received.push(JSON.parse(data.toString())));
  await new Promise((resolve) => socket.once('open', resolve));
  socket.send(JSON.stringify({ type: 'hello', protocolVersion: STATION_PROTOCOL_VERSION, stationVersion: 'hand', readers: ['fake'] }));

  const next = async (type: string, checkInId?: string): Promise<any> => {
    const deadline = Date.now() + 10_000;

    for (;;) {
      const found = received.find((message) => message.type === type && (checkInId === undefined || message.checkInId === checkInId));
      if (found !== undefined) return found;
      if (Date.now() > deadline) throw new Error(`no "${type}" message within 10 s`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };

  await next('welcome');
  return { socket, next, send: (message: unknown) => socket.send(JSON.stringify(message)) };
}

export type HandDrivenStation = Awaited<ReturnType<typeof handDrivenStation>>;

/**
 * Reads the candidate's card through `transport` (default: in process) as a genuine station
 * does, and runs one relay against it. Returns the dump and the recorded response.
 */
export async function recordGenuineRun(candidate: RoomCandidate, transport: CardTransport = directTransport(virtualCardFromImage(candidate.image))) {
  const read = await readWithKeys(transport, accessKeysFor(candidate.person, EXAM_DATE), new Uint8Array(randomBytes(8)), DEFAULT_FILES);
  const dg14 = read.result.dump.files.DG14 as Uint8Array;
  const relay = ChipAuthenticationRelay.start(chipAuthenticationKeyOf(parseDg14(dg14)) as never, dg14, systemRandom);
  const answer = await relayChipAuthentication(read.result.channel, transport, { type: 'chip-authentication', checkInId: 'earlier', ...relay.request });
  assert.deepEqual(relay.verify(answer as never), { passed: true }, 'the recorded run was genuine');
  return { read, answer };
}

/** Starts a check-in on the hand-driven station (station 1) and sends it the recorded dump. */
export async function sendRecordedDump(room: CheckInRoom, station: HandDrivenStation, candidate: RoomCandidate, read: Awaited<ReturnType<typeof recordGenuineRun>>['read']) {
  const started = await room.proctor.post(`/api/checkin/sessions/${room.session.id}/rooms/${room.room.id}/check-ins`, { candidateId: candidate.candidateId, stationId: room.stationIds[1] });
  assert.equal(started.status, 201, JSON.stringify(started.body));
  const request = await station.next('read', started.body.id);
  assert.ok(request.sessionHoldMs > 0, 'the read request says how long to hold the session');

  station.send({ type: 'read-result', checkInId: started.body.id, keyIndex: 0, dump: cardDumpToJson(read.result.dump), steps: read.steps, timings: { waitForCardMs: 0, readMs: 1 }, reader: 'fake' });
  return { checkInId: started.body.id as string, relayRequest: await station.next('chip-authentication', started.body.id) };
}
