// Chip authentication through the station, end to end through real pcscd and the vpcd virtual
// reader, for cards without DG15. The station program relays the server's chip authentication
// to the card. A genuine card is admitted, a clone without the DG14 private key is refused, and
// a replayed dump of the genuine card, with a response recorded from an earlier run through the
// same reader, is refused because no live chip responds.
import assert from 'node:assert/strict';
import { it } from 'node:test';

import { virtualCardFromImage } from '../../../src/sim/card-image.js';
import '../../support/pcsc-exit.js';
import { createTestDatabase } from '../../support/databases.js';
import { pcscUnavailableReason, requirePart } from '../../support/require.js';
import { withCardInReader } from '../../support/virtual-reader.js';
import { setUpCheckInRoom, waitForDecision } from '../../db/checkin/check-in-room.js';
import { handDrivenStation, recordGenuineRun, sendRecordedDump } from '../../db/checkin/hand-driven-station.js';
import { tapThroughReader, withReaderStation } from './reader-taps.js';

const GENUINE = 0;
const CLONED = 1;
const NO_DG15 = { activeAuthenticationKey: null };

it('chip authentication through pcscd and vpcd', { timeout: 600_000 }, async (t) => {
  if (!requirePart(t, pcscUnavailableReason())) return;

  const database = await createTestDatabase('sqlite');
  const room = await setUpCheckInRoom(database, {
    count: 2,
    cardOptions: { [GENUINE]: NO_DG15, [CLONED]: NO_DG15 },
    faults: { [CLONED]: [{ name: 'cloned-chip' }] },
  });
  const genuine = room.candidates[GENUINE]!;
  assert.equal(genuine.image.files.DG15, undefined, 'the card has no DG15');

  // The recording holds the reader lock by itself, so it runs before the station takes it.
  const recorded = await withCardInReader(virtualCardFromImage(genuine.image), (session) => recordGenuineRun(genuine, session.card.transport));
  await withReaderStation(room, database, async (waitForRemoval) => {
    const verified = await tapThroughReader(room, waitForRemoval, GENUINE);
    assert.equal(verified.status, 'verified', JSON.stringify(verified.checks.filter((check: any) => check.status === 'failed')));
    assert.ok(verified.checks.some((check: any) => check.id === 'chip-authentication' && check.status === 'passed'), 'chip authentication passed');
    const admitted = await room.proctor.post(`/api/checkin/check-ins/${verified.id}/confirm-face`, { accepted: true });
    assert.equal(admitted.body.outcome, 'admitted');

    const cloned = await tapThroughReader(room, waitForRemoval, CLONED);
    assert.equal(cloned.reason, 'clone_suspected', JSON.stringify(cloned.checks.filter((check: any) => check.status === 'failed')));

    const replaying = await handDrivenStation(room);
    const { checkInId } = await sendRecordedDump(room, replaying, genuine, recorded.read);
    replaying.send({ ...recorded.answer, checkInId });
    const replayed = await waitForDecision(room, checkInId);
    assert.equal(replayed.reason, 'clone_suspected');
    assert.ok(replayed.checks.some((check: any) => check.id === 'chip-authentication:mac'));
    replaying.socket.close();
  });
});
