// The station and the server recover from faults without deciding a check-in twice: a lost
// connection during a read, a server restart during a check-in, and two stations in one room.
import assert from 'node:assert/strict';

import { forEachDatabase } from '../../support/databases.js';
import { cardTransport, setUpCheckInRoom, tapCard, waitForDecision } from './check-in-room.js';

forEachDatabase('station resilience', async (database, t) => {
  const room = await setUpCheckInRoom(database, { count: 6 });

  try {
    await t.test('no station online', async () => {
      const refused = await room.proctor.post(`/api/checkin/sessions/${room.session.id}/rooms/${room.room.id}/check-ins`, { candidateId: room.candidates[0]!.candidateId });
      assert.equal(refused.status, 409);
      assert.equal(refused.body.code, 'CHECKIN_NO_STATION_ONLINE');
      assert.doesNotMatch(refused.body.message.vi, /\bany\b/);
    });

    const first = await room.startStation(0);
    const second = await room.startStation(1);

    await t.test('two stations in one room', async () => {
      const ambiguous = await room.proctor.post(`/api/checkin/sessions/${room.session.id}/rooms/${room.room.id}/check-ins`, { candidateId: room.candidates[0]!.candidateId });
      assert.equal(ambiguous.status, 409);
      assert.equal(ambiguous.body.code, 'CHECKIN_STATION_AMBIGUOUS');

      const [a, b] = await Promise.all([
        tapCard(room, first.slot, { candidateId: room.candidates[0]!.candidateId, stationId: room.stationIds[0] }, cardTransport(room.candidates[0]!.image)),
        tapCard(room, second.slot, { candidateId: room.candidates[1]!.candidateId, stationId: room.stationIds[1] }, cardTransport(room.candidates[1]!.image)),
      ]);
      assert.equal(a.status, 'verified');
      assert.equal(b.status, 'verified');
      assert.equal(a.stationId, room.stationIds[0]);
      assert.equal(b.stationId, room.stationIds[1]);
    });

    await t.test('connection lost during a read', async () => {
      const candidate = room.candidates[2]!;
      const started = await room.proctor.post(`/api/checkin/sessions/${room.session.id}/rooms/${room.room.id}/check-ins`, { candidateId: candidate.candidateId, stationId: room.stationIds[0] });
      assert.equal(started.status, 201);
      await new Promise((resolve) => setTimeout(resolve, 100));

      // A slow card keeps the read going while the connection drops; the result waits in the
      // station's outbox and goes out after the reconnect.
      first.slot.present(cardTransport(candidate.image, 10));
      await new Promise((resolve) => setTimeout(resolve, 50));
      first.station.dropConnection();
      const decided = await waitForDecision(room, started.body.id, 20_000);
      first.slot.remove();
      assert.equal(decided.status, 'verified');
      assert.equal(first.station.connected, true);
    });

    await t.test('server restart during a check-in', async () => {
      const candidate = room.candidates[3]!;
      const started = await room.proctor.post(`/api/checkin/sessions/${room.session.id}/rooms/${room.room.id}/check-ins`, { candidateId: candidate.candidateId, stationId: room.stationIds[0] });
      assert.equal(started.status, 201);
      await new Promise((resolve) => setTimeout(resolve, 100));

      await room.restart();
      first.slot.present(cardTransport(candidate.image));
      await first.station.waitUntilConnected(10_000);
      const decided = await waitForDecision(room, started.body.id, 20_000);
      first.slot.remove();
      assert.equal(decided.status, 'verified');
    });

    await t.test('a newer read waits for the card in use', async () => {
      // The proctor names the next candidate while the reader is still reading the previous
      // card: the new read must not talk to that card at the same time, and waits for a fresh one.
      const [previous, next] = [room.candidates[4]!, room.candidates[5]!];
      const begin = async (candidateId: string) => room.proctor.post(`/api/checkin/sessions/${room.session.id}/rooms/${room.room.id}/check-ins`, { candidateId, stationId: room.stationIds[0] });
      const startedPrevious = await begin(previous.candidateId);
      assert.equal(startedPrevious.status, 201);
      first.slot.present(cardTransport(previous.image, 5));
      await new Promise((resolve) => setTimeout(resolve, 150));

      const startedNext = await begin(next.candidateId);
      assert.equal(startedNext.status, 201);
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      const waiting = await room.proctor.get(`/api/checkin/check-ins/${startedNext.body.id}`);
      assert.equal(waiting.body.status, 'waiting_card', `the next check-in is ${waiting.body.status} (${waiting.body.reason}) before its card is tapped`);

      first.slot.remove();
      first.slot.present(cardTransport(next.image));
      const decided = await waitForDecision(room, startedNext.body.id, 20_000);
      first.slot.remove();
      assert.equal(decided.status, 'verified');
    });
  } finally {
    await room.close();
  }
});
