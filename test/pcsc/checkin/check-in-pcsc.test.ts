// Check-in end to end through real pcscd and the vpcd virtual reader: the station program reads
// virtual CCCDs over PC/SC, and the server admits good cards and refuses faulty ones, each for
// its own reason.
import assert from 'node:assert/strict';
import { it } from 'node:test';

import '../../support/pcsc-exit.js';
import { createTestDatabase } from '../../support/databases.js';
import { pcscUnavailableReason, requirePart } from '../../support/require.js';
import { setUpCheckInRoom } from '../../db/checkin/check-in-room.js';
import { tapThroughReader, withReaderStation } from './reader-taps.js';

const GOOD = [0, 1];
const TAMPERED = 2;
const CLONED = 3;
const UNKNOWN_ISSUER = 4;
const PULLED_OUT = 5;

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
  await withReaderStation(room, database, async (waitForRemoval) => {

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
  });
});

it('room of 40 cards through pcscd', { timeout: 900_000 }, async (t) => {
  if (!requirePart(t, pcscUnavailableReason())) return;

  const database = await createTestDatabase('sqlite');
  const room = await setUpCheckInRoom(database, { count: 40 });
  await withReaderStation(room, database, async (waitForRemoval) => {

    for (const [index, candidate] of room.candidates.entries()) {
      const verified = await tapThroughReader(room, waitForRemoval, index);
      assert.equal(verified.status, 'verified', `candidate ${candidate.candidateNumber}: ${verified.reason} ${JSON.stringify(verified.checks.filter((check: any) => check.status === 'failed'))}`);
      const admitted = await room.proctor.post(`/api/checkin/check-ins/${verified.id}/confirm-face`, { accepted: true });
      assert.equal(admitted.body.outcome, 'admitted');
    }

    const panel = await room.proctor.get(`/api/checkin/sessions/${room.session.id}/rooms/${room.room.id}`);
    const admitted = panel.body.candidates.filter((candidate: any) => candidate.latestCheckIn?.outcome === 'admitted');
    assert.equal(admitted.length, 40);
  });
});
