// The candidate's live socket on SQLite and PostgreSQL. The first message carries the clock, and
// extra time granted by the proctor arrives at once without a save or a clock reading. A socket
// for another candidate's attempt, or without a candidate login, is closed.
import assert from 'node:assert/strict';

import { seedExam } from '../../../src/server/exam/exam-seed.js';
import { forEachDatabase } from '../../support/databases.js';
import { ApiClient, seedTestOrganisation, startTestServer, TEST_PASSWORD } from '../../support/server.js';
import { CandidateClient } from './candidate-client.js';
import { openLive, waitFor } from './live-socket.js';

process.env.EXAMGATE_FINALISER = 'off';

forEachDatabase('candidate live socket', async (testDatabase, t) => {
  const organisation = await seedTestOrganisation(testDatabase);
  const server = await startTestServer(testDatabase);

  try {
    const seeded = await seedExam(testDatabase.database.db, { candidates: 2, questions: 3, unitId: organisation.unitA.id });
    const [first, second] = seeded.candidates.map((candidate) => new CandidateClient(server.baseUrl, candidate));
    const loaded = await first!.load();
    const attemptId = loaded.body.attempt.id as string;
    const cookieOf = (candidate: (typeof seeded.candidates)[number]): string => `examgate_session=${candidate.sessionToken}`;

    await t.test('extra time reaches the open socket without a save', async () => {
      const live = openLive(server.baseUrl, attemptId, cookieOf(seeded.candidates[0]!));
      t.after(() => live.socket.close());

      const connected = await waitFor(() => live.messages[0], 'the first clock message');
      assert.equal(connected.type, 'clock');
      assert.equal(connected.cause, 'connected');
      assert.equal(connected.deadline, loaded.body.attempt.deadline);
      assert.equal(connected.status, 'in_progress');
      assert.ok(Math.abs(Date.parse(connected.serverTime as string) - Date.now()) < 5_000);

      const proctor = await new ApiClient(server.baseUrl).login('proctor.a', TEST_PASSWORD);
      const granted = await proctor.post(`/api/exam/attempts/${attemptId}/extra-time`, { extraMinutes: 10, reason: 'Thí sinh khiếm thị, được cộng giờ' });
      assert.equal(granted.status, 200);

      const pushed = await waitFor(() => live.messages.find((message) => message.cause === 'extra_time'), 'the extra-time message');
      assert.equal(pushed.deadline, granted.body.deadline);
      assert.equal(Date.parse(pushed.deadline as string) - Date.parse(loaded.body.attempt.deadline), 10 * 60_000);
    });

    await t.test('another candidate\'s socket for this attempt is closed', async () => {
      await second!.load();
      const live = openLive(server.baseUrl, attemptId, cookieOf(seeded.candidates[1]!));
      const closed = await live.closed;
      assert.equal(closed.code, 4404);
      assert.equal(closed.reason, 'EXAM_ATTEMPT_NOT_FOUND');
      assert.equal(live.messages.length, 0);
    });

    await t.test('a socket without a login is closed', async () => {
      const live = openLive(server.baseUrl, attemptId, null);
      const closed = await live.closed;
      assert.equal(closed.code, 4401);
      assert.equal(live.messages.length, 0);
    });
  } finally {
    await server.close();
  }
});
