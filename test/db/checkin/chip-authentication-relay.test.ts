// Chip authentication through the station for cards without DG15, through the server and its
// station WebSocket. A station program with a virtual card proves a genuine chip. Stations
// driven by hand (raw WebSocket) replay a dump with a recorded response, stay silent, report a
// lost card, or respond after the proctor cancelled.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';

import { DEFAULT_FILES } from '../../../src/chip/reader/index.js';
import { accessKeysFor } from '../../../src/server/checkin/access-keys.js';
import { configureCheckIn } from '../../../src/server/checkin/checkin-plugin.js';
import { virtualCardFromImage } from '../../../src/sim/card-image.js';
import { readWithKeys } from '../../../src/station/read-with-keys.js';
import { relayChipAuthentication } from '../../../src/station/relay-chip-authentication.js';
import { forEachDatabase } from '../../support/databases.js';
import { directTransport } from '../../support/virtual-cards.js';
import { cardTransport, EXAM_DATE, setUpCheckInRoom, tapCard, waitForDecision } from './check-in-room.js';
import { handDrivenStation, recordGenuineRun, sendRecordedDump } from './hand-driven-station.js';

const GENUINE = 0;
const CLONED = 1;
const REPLAYED = 2;
const SILENT = 3;
const CARD_LOST = 4;
const CANCELLED = 5;
const COUNT = 6;
const NO_DG15 = { activeAuthenticationKey: null };

forEachDatabase('chip authentication relay', async (database, t) => {
  const room = await setUpCheckInRoom(database, {
    count: COUNT,
    cardOptions: Object.fromEntries(Array.from({ length: COUNT }, (_, index) => [index, NO_DG15])),
    faults: { [CLONED]: [{ name: 'cloned-chip' }] },
  });

  try {
    const { slot } = await room.startStation(0);
    const station = await handDrivenStation(room);
    const tap = (index: number) => tapCard(room, slot, { candidateId: room.candidates[index]!.candidateId, stationId: room.stationIds[0] }, cardTransport(room.candidates[index]!.image));

    await t.test('card without DG15 admitted', async () => {
      const verified = await tap(GENUINE);
      assert.equal(verified.status, 'verified', JSON.stringify(verified.checks.filter((check: any) => check.status === 'failed')));
      assert.ok(verified.checks.some((check: any) => check.id === 'chip-authentication' && check.status === 'passed'), 'the chip authentication check passed');
      assert.equal(typeof verified.stepDurationsMs.chip_authentication, 'number');

      const admitted = await room.proctor.post(`/api/checkin/check-ins/${verified.id}/confirm-face`, { accepted: true });
      assert.equal(admitted.body.outcome, 'admitted');
    });

    await t.test('clone without the DG14 key refused', async () => {
      const refused = await tap(CLONED);
      assert.equal(refused.reason, 'clone_suspected');
      assert.ok(refused.checks.some((check: any) => check.id.startsWith('chip-authentication:') && check.status === 'failed'));
    });

    await t.test('replayed dump with a recorded answer refused', async () => {
      const candidate = room.candidates[REPLAYED]!;
      const earlier = await recordGenuineRun(candidate);
      const { checkInId } = await sendRecordedDump(room, station, candidate, earlier.read);

      station.send({ ...earlier.answer, checkInId });
      const decided = await waitForDecision(room, checkInId);
      assert.equal(decided.reason, 'clone_suspected');
      assert.ok(decided.checks.some((check: any) => check.id === 'chip-authentication:mac'));

      // The same response sent again is ignored: the run ended.
      station.send({ ...earlier.answer, checkInId });
      await new Promise((resolve) => setTimeout(resolve, 100));
      assert.equal((await room.proctor.get(`/api/checkin/check-ins/${checkInId}`)).body.reason, 'clone_suspected');
    });

    await t.test('silent station times out', async () => {
      await configureCheckIn(room.app, { chipAuthenticationTimeoutMs: 300 });
      const candidate = room.candidates[SILENT]!;
      const earlier = await recordGenuineRun(candidate);
      const { checkInId } = await sendRecordedDump(room, station, candidate, earlier.read);

      const decided = await waitForDecision(room, checkInId);
      assert.equal(decided.status, 'decided');
      assert.equal(decided.reason, 'no_readable_card');
      assert.ok(decided.checks.some((check: any) => check.id === 'chip-authentication:timeout'));
      await configureCheckIn(room.app, { chipAuthenticationTimeoutMs: 10_000 });
    });

    await t.test('card lost during the relay refused', async () => {
      const candidate = room.candidates[CARD_LOST]!;
      const earlier = await recordGenuineRun(candidate);
      const { checkInId } = await sendRecordedDump(room, station, candidate, earlier.read);

      station.send({ type: 'chip-authentication-failed', checkInId, failure: 'card-removed', code: 'CARD_REMOVED', message: 'the card left the reader' });
      const decided = await waitForDecision(room, checkInId);
      assert.equal(decided.reason, 'no_readable_card');
      assert.ok(decided.checks.some((check: any) => check.id === 'chip-authentication:station-card-removed'));
    });

    await t.test('cancel during the relay wins', async () => {
      const candidate = room.candidates[CANCELLED]!;
      const earlier = await recordGenuineRun(candidate);
      const { checkInId, relayRequest } = await sendRecordedDump(room, station, candidate, earlier.read);

      const cancelled = await room.proctor.post(`/api/checkin/check-ins/${checkInId}/cancel`);
      assert.equal(cancelled.body.status, 'cancelled');

      // A late response, even one that verifies, does not decide a cancelled check-in.
      const transport = directTransport(virtualCardFromImage(candidate.image));
      const read = await readWithKeys(transport, accessKeysFor(candidate.person, EXAM_DATE), new Uint8Array(randomBytes(8)), DEFAULT_FILES);
      station.send(await relayChipAuthentication(read.result.channel, transport, relayRequest));
      await new Promise((resolve) => setTimeout(resolve, 200));
      const after = await room.proctor.get(`/api/checkin/check-ins/${checkInId}`);
      assert.equal(after.body.status, 'cancelled');
      assert.equal(after.body.outcome, null);
    });

    station.socket.close();
  } finally {
    await room.close();
  }
});
