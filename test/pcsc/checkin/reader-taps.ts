// Taps of virtual cards on the vpcd reader for check-in tests through pcscd: the proctor names
// a candidate, the card goes into the reader, and the test waits for the decision and for pcscd
// to see the card leave.
import assert from 'node:assert/strict';

import { insertIntoVpcd, VPCD_DEFAULT_PORT } from '../../../src/sim/vpcd.js';
import { virtualCardFromImage } from '../../../src/sim/card-image.js';
import { PcscCardSlot } from '../../../src/station/card-slot.js';
import { Station } from '../../../src/station/station.js';
import type { TestDatabase } from '../../support/databases.js';
import { VPCD_READER } from '../../support/virtual-reader.js';
import { lockVpcd } from '../../support/vpcd-lock.js';
import { waitForDecision, type CheckInRoom } from '../../db/checkin/check-in-room.js';

/** Resolves when the station's slot reports the card gone, as a person's next tap comes after pcscd saw the last card leave. */
export function removalWatcher(slot: PcscCardSlot): () => Promise<void> {
  let removed: (() => void) | null = null;
  slot.onEvent((event) => {
    if (event.type === 'card-removed') removed?.();
  });

  return () => new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('pcscd did not report the card removed within 10 s')), 10_000);
    removed = () => {
      clearTimeout(timer);
      removed = null;
      resolve();
    };
  });
}

export async function tapThroughReader(room: CheckInRoom, waitForRemoval: () => Promise<void>, candidateIndex: number, cardIndex = candidateIndex) {
  const started = await room.proctor.post(`/api/checkin/sessions/${room.session.id}/rooms/${room.room.id}/check-ins`, { candidateId: room.candidates[candidateIndex]!.candidateId, stationId: room.stationIds[0] });
  assert.equal(started.status, 201, JSON.stringify(started.body));
  const insertion = await insertIntoVpcd(virtualCardFromImage(room.candidates[cardIndex]!.image), { port: VPCD_DEFAULT_PORT });

  try {
    return await waitForDecision(room, started.body.id, 30_000);
  } finally {
    const gone = waitForRemoval();
    await insertion.remove();
    await gone;
  }
}

/**
 * Takes the vpcd lock, runs the station program of station 0 on the vpcd reader, and calls
 * `body` with the removal watcher. Afterwards it stops the station, closes the room and disposes
 * the database. Build the cards before calling, so the lock is held for the taps only.
 */
export async function withReaderStation(room: CheckInRoom, database: TestDatabase, body: (waitForRemoval: () => Promise<void>) => Promise<void>): Promise<void> {
  const lock = await lockVpcd();
  const slot = new PcscCardSlot(() => undefined);
  const station = new Station({ serverUrl: room.baseUrl, token: room.tokens[0] as string, slot, reader: VPCD_READER });
  const waitForRemoval = removalWatcher(slot);

  try {
    station.start();
    await station.waitUntilConnected();
    await body(waitForRemoval);
  } finally {
    await station.stop();
    await slot.close();
    await room.close();
    await database.dispose();
    await lock.release();
  }
}
