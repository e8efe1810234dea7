// Check-in end to end through real pcscd and the vpcd virtual reader: the station program reads
// virtual CCCDs over PC/SC, and the server admits good cards and refuses faulty ones, each for
// its own reason.
import assert from 'node:assert/strict';
import { it } from 'node:test';

import { insertIntoVpcd, VPCD_DEFAULT_PORT } from '../../../src/sim/vpcd.js';
import { virtualCardFromImage } from '../../../src/sim/card-image.js';
import { PcscCardSlot } from '../../../src/station/card-slot.js';
import { Station } from '../../../src/station/station.js';
import { createTestDatabase } from '../../support/databases.js';
import { pcscUnavailableReason, requirePart } from '../../support/require.js';
import { VPCD_READER } from '../../support/virtual-reader.js';
import { lockVpcd } from '../../support/vpcd-lock.js';
import { setUpCheckInRoom, waitForDecision, type CheckInRoom } from '../../db/checkin/check-in-room.js';

const GOOD = [0, 1];
const TAMPERED = 2;
const CLONED = 3;
const UNKNOWN_ISSUER = 4;
const PULLED_OUT = 5;

/** Resolves when the station's slot reports the card gone, as a person's next tap comes after pcscd saw the last card leave. */
function removalWatcher(slot: PcscCardSlot): () => Promise<void> {
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

async function tapThroughReader(room: CheckInRoom, waitForRemoval: () => Promise<void>, candidateIndex: number, cardIndex = candidateIndex) {
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

it('check-in through pcscd and vpcd', { timeout: 600_000 }, async (t) => {
  if (!requirePart(t, pcscUnavailableReason())) return;

  const database = await createTestDatabase('sqlite');
  const room = await setUpCheckInRoom(database, {
    count: 6,
    faults: {
      [TAMPERED]: [{ name: 'tampered-dg', value: 'DG13' }],
      [CLONED]: [{ name: 'cloned-chip' }],
      [UNKNOWN_ISSUER]: [{ name: 'unknown-signer' }],
      [PULLED_OUT]: [{ name: 'card-pulled-out', value: '12' }],
    },
  });
  // The cards are built before the shared reader is taken, so the lock is held for the taps only.
  const lock = await lockVpcd();
  const slot = new PcscCardSlot(() => undefined);
  const station = new Station({ serverUrl: room.baseUrl, token: room.tokens[0] as string, slot, reader: VPCD_READER });
  const waitForRemoval = removalWatcher(slot);

  try {
    station.start();
    await station.waitUntilConnected();

    for (const index of GOOD) {
      const verified = await tapThroughReader(room, waitForRemoval, index);
      assert.equal(verified.status, 'verified', JSON.stringify(verified.checks.filter((check: any) => check.status === 'failed')));
      const admitted = await room.proctor.post(`/api/checkin/check-ins/${verified.id}/confirm-face`, { accepted: true });
      assert.equal(admitted.body.outcome, 'admitted');
      assert.equal(typeof verified.stepDurationsMs.read, 'number', 'the station reports its read time');
    }

    const cases: [string, number, number, string][] = [
      ['tampered', TAMPERED, TAMPERED, 'tampered_file'],
      ['cloned', CLONED, CLONED, 'clone_suspected'],
      ['unknown issuer', UNKNOWN_ISSUER, UNKNOWN_ISSUER, 'unknown_issuer'],
      ['wrong person', GOOD[0] as number, TAMPERED, 'wrong_access_key'],
      ['card pulled out', PULLED_OUT, PULLED_OUT, 'no_readable_card'],
    ];

    for (const [name, candidateIndex, cardIndex, reason] of cases) {
      const result = await tapThroughReader(room, waitForRemoval, candidateIndex, cardIndex);
      assert.equal(result.reason, reason, `${name}: ${JSON.stringify(result.checks.filter((check: any) => check.status === 'failed'))}`);
    }
  } finally {
    await station.stop();
    await slot.close();
    await room.close();
    await database.dispose();
    await lock.release();
  }
});

it('room of 40 cards through pcscd', { timeout: 900_000 }, async (t) => {
  if (!requirePart(t, pcscUnavailableReason())) return;

  const database = await createTestDatabase('sqlite');
  const room = await setUpCheckInRoom(database, { count: 40 });
  const lock = await lockVpcd();
  const slot = new PcscCardSlot(() => undefined);
  const station = new Station({ serverUrl: room.baseUrl, token: room.tokens[0] as string, slot, reader: VPCD_READER });
  const waitForRemoval = removalWatcher(slot);

  try {
    station.start();
    await station.waitUntilConnected();

    for (const [index, candidate] of room.candidates.entries()) {
      const verified = await tapThroughReader(room, waitForRemoval, index);
      assert.equal(verified.status, 'verified', `candidate ${candidate.candidateNumber}: ${verified.reason} ${JSON.stringify(verified.checks.filter((check: any) => check.status === 'failed'))}`);
      const admitted = await room.proctor.post(`/api/checkin/check-ins/${verified.id}/confirm-face`, { accepted: true });
      assert.equal(admitted.body.outcome, 'admitted');
    }

    const panel = await room.proctor.get(`/api/checkin/sessions/${room.session.id}/rooms/${room.room.id}`);
    const admitted = panel.body.candidates.filter((candidate: any) => candidate.latestCheckIn?.outcome === 'admitted');
    assert.equal(admitted.length, 40);
  } finally {
    await station.stop();
    await slot.close();
    await room.close();
    await database.dispose();
    await lock.release();
  }
});
