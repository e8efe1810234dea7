// HTTP tests of the saving rules on SQLite and PostgreSQL: keys stay on the server, versions
// and idempotency keys decide what is stored, two tabs, a second device, writes after submit
// or past the deadline, a late start near the window's close, a lost acknowledgement, extra
// time and finalisation at the deadline.
import assert from 'node:assert/strict';

import { examDb } from '../../../src/server/exam/exam-schema.js';
import { finaliseDueAttempts } from '../../../src/server/exam/attempt-finishing.js';
import { seedExam } from '../../../src/server/exam/exam-seed.js';
import { createSession } from '../../../src/server/auth/session-store.js';
import { forEachDatabase } from '../../support/databases.js';
import { ApiClient, seedTestOrganisation, startTestServer, TEST_PASSWORD } from '../../support/server.js';
import { answerFor, CandidateClient } from './candidate-client.js';

process.env.EXAMGATE_FINALISER = 'off';

/** Returns the right answer of a single-choice question of the view, read from the bank. */
async function rightChoice(db: Parameters<typeof examDb>[0], questionId: string): Promise<{ choice: string }> {
  const row = await examDb(db).selectFrom('questions').innerJoin('question_versions', 'question_versions.id', 'questions.current_version_id').select('question_versions.body').where('questions.id', '=', questionId).executeTakeFirstOrThrow();
  return { choice: (JSON.parse(row.body) as { correctOptionId: string }).correctOptionId };
}

function firstSingle(questions: { kind: string; id: string }[]): { kind: string; id: string } {
  return questions.find((question) => question.kind === 'single')!;
}

forEachDatabase('exam saving rules', async (testDatabase, t) => {
  const { db } = testDatabase.database;
  const organisation = await seedTestOrganisation(testDatabase);
  const server = await startTestServer(testDatabase);

  try {
    const seeded = await seedExam(db, { candidates: 6, questions: 10, unitId: organisation.unitA.id, setup: { resultsAllowed: true } });
    const [first, second, third, fourth, fifth, sixth] = seeded.candidates.map((candidate) => new CandidateClient(server.baseUrl, candidate));

    await t.test('load sends questions without keys', async () => {
      const loaded = await first!.load();
      assert.equal(loaded.status, 200);
      assert.equal(loaded.body.attempt.status, 'in_progress');
      assert.equal(loaded.body.questions.length, 10);
      const text = JSON.stringify(loaded.body);
      assert.equal(text.includes('correct'), false);
      assert.equal(text.includes('"answers":[{"kind"'), false);
      const started = Date.parse(loaded.body.attempt.startedAt);
      assert.equal(Date.parse(loaded.body.attempt.deadline) - started, 45 * 60_000);
      assert.ok(Math.abs(Date.parse(loaded.body.attempt.serverTime) - Date.now()) < 5_000);
      const again = await first!.load();
      assert.deepEqual(again.body.questions, loaded.body.questions);
    });

    await t.test('versions decide what is stored', async () => {
      const { body } = await first!.load();
      const attemptId = body.attempt.id as string;
      const question = body.questions[0];
      const stored = await first!.save(attemptId, [{ questionId: question.id, clientVersion: 2, value: answerFor(question, 1), idempotencyKey: 'k2' }]);
      assert.equal(stored.body.acks[0].result, 'stored');
      assert.equal(stored.body.acks[0].storedVersion, 2);

      const duplicate = await first!.save(attemptId, [{ questionId: question.id, clientVersion: 2, value: answerFor(question, 1), idempotencyKey: 'k2' }]);
      assert.equal(duplicate.body.acks[0].result, 'duplicate');
      assert.equal(duplicate.body.acks[0].storedVersion, 2);

      const stale = await first!.save(attemptId, [{ questionId: question.id, clientVersion: 1, value: answerFor(question, 2), idempotencyKey: 'k1' }]);
      assert.equal(stale.body.acks[0].result, 'stale');
      assert.equal(stale.body.acks[0].storedVersion, 2);

      const reloaded = await first!.load();
      assert.deepEqual(reloaded.body.answers.find((answer: { questionId: string }) => answer.questionId === question.id)?.value, answerFor(question, 1));
    });

    await t.test('rejects answers by position or unknown question', async () => {
      const { body } = await first!.load();
      const question = body.questions.find((entry: { kind: string }) => entry.kind === 'single');
      const response = await first!.save(body.attempt.id, [
        { questionId: question.id, clientVersion: 10, value: { choice: 'B' } },
        { questionId: 'not-a-question', clientVersion: 1, value: { text: 'x' } },
      ]);
      assert.equal(response.status, 200);
      assert.equal(response.body.acks[0].result, 'rejected');
      assert.equal(response.body.acks[1].result, 'rejected');
    });

    await t.test('a reused key changes nothing', async () => {
      const { body } = await first!.load();
      const question = body.questions[3];
      const stored = await first!.save(body.attempt.id, [{ questionId: question.id, clientVersion: 3, value: answerFor(question, 1), idempotencyKey: 'reused' }]);
      assert.equal(stored.body.acks[0].result, 'stored');

      // The same key again with a newer version and another value, alone and in a batch.
      for (const extra of [[], [{ questionId: body.questions[4].id, clientVersion: 1, value: answerFor(body.questions[4], 1) }]]) {
        const reused = await first!.save(body.attempt.id, [{ questionId: question.id, clientVersion: 9, value: answerFor(question, 2), idempotencyKey: 'reused' }, ...extra]);
        assert.equal(reused.body.acks[0].result, 'duplicate');
        assert.equal(reused.body.acks[0].storedVersion, 3);
      }

      const reloaded = await first!.load();
      const answer = reloaded.body.answers.find((entry: { questionId: string }) => entry.questionId === question.id);
      assert.equal(answer?.version, 3);
      assert.deepEqual(answer?.value, answerFor(question, 1));
    });

    await t.test('rejects a value of the wrong shape', async () => {
      const { body } = await first!.load();
      const question = firstSingle(body.questions);

      for (const [index, value] of [{ text: 'x' }, { choice: ['B'] }, { choice: 3 }].entries()) {
        const response = await first!.save(body.attempt.id, [{ questionId: question.id, clientVersion: 50 + index, value }]);
        assert.equal(response.body.acks[0].result, 'rejected');
        assert.match(response.body.acks[0].reason, /single-choice question must be/);
      }
    });

    await t.test('rejects control characters in keys', async () => {
      const { body } = await first!.load();
      const question = body.questions[0];
      const withNul = await first!.save(body.attempt.id, [{ questionId: question.id, clientVersion: 60, value: null, idempotencyKey: 'k\u0000z' }]);
      assert.equal(withNul.status, 400);
      assert.equal(withNul.body.code, 'REQUEST_INVALID');
      assert.match(withNul.body.message.vi, /ký tự điều khiển/);
      assert.match(withNul.body.message.en, /control character/);

      const inQuestion = await first!.save(body.attempt.id, [{ questionId: 'q\u0000x', clientVersion: 60, value: null }]);
      assert.equal(inQuestion.status, 400);
    });

    await t.test('two tabs: the stale tab cannot overwrite', async () => {
      const tabA = first!;
      const tabB = new CandidateClient(server.baseUrl, seeded.candidates[0]!);
      const { body } = await tabA.load();
      const question = body.questions[1];
      const newer = await tabA.save(body.attempt.id, [{ questionId: question.id, clientVersion: 5, value: answerFor(question, 5), idempotencyKey: 'tabA-5' }]);
      assert.equal(newer.body.acks[0].result, 'stored');
      const older = await tabB.save(body.attempt.id, [{ questionId: question.id, clientVersion: 3, value: answerFor(question, 3), idempotencyKey: 'tabB-3' }]);
      assert.equal(older.body.acks[0].result, 'stale');
      assert.equal(older.body.acks[0].storedVersion, 5);
      const history = await examDb(db).selectFrom('exam_answer_history').select(['client_version', 'result']).where('attempt_id', '=', body.attempt.id).where('question_id', '=', question.id).orderBy('received_at').execute();
      assert.deepEqual(history.map((row) => [Number(row.client_version), row.result]), [[5, 'stored'], [3, 'stale']]);
    });

    await t.test('a second device waits for the proctor', async () => {
      const loaded = await second!.load();
      assert.equal(loaded.status, 200);
      const otherLogin = await createSession(db, seeded.candidates[1]!.userId, 60);
      const otherDevice = new CandidateClient(server.baseUrl, { sessionToken: otherLogin.token, csrfToken: otherLogin.csrfToken });
      const refused = await otherDevice.load();
      assert.equal(refused.status, 409);
      assert.equal(refused.body.code, 'EXAM_DEVICE_CONFLICT');

      const proctor = await new ApiClient(server.baseUrl).login('proctor.a', TEST_PASSWORD);
      const moved = await proctor.post(`/api/exam/sessions/${seeded.examSessionId}/unlock`, { candidateId: seeded.candidates[1]!.candidateId, reason: 'Máy 12 hỏng, chuyển sang máy 14' });
      assert.equal(moved.status, 200);
      assert.equal(moved.body.moved, true);

      const resumed = await otherDevice.load();
      assert.equal(resumed.status, 200);
      assert.equal(resumed.body.attempt.deadline, loaded.body.attempt.deadline);
      const question = resumed.body.questions[0];
      const oldDevice = await second!.save(loaded.body.attempt.id, [{ questionId: question.id, clientVersion: 9, value: answerFor(question, 9) }]);
      assert.equal(oldDevice.status, 409);
      assert.equal(oldDevice.body.code, 'EXAM_DEVICE_CONFLICT');
      const audit = await db.selectFrom('audit_log').select('action').where('subject_id', '=', loaded.body.attempt.id).execute();
      assert.ok(audit.some((entry) => entry.action === 'exam.attempt.override_unlock'));
    });

    await t.test('writes after submit are closed; submit repeats', async () => {
      const { body } = await third!.load();
      const question = firstSingle(body.questions);
      await third!.save(body.attempt.id, [{ questionId: question.id, clientVersion: 1, value: await rightChoice(db, question.id) }]);
      const submitted = await third!.submit(body.attempt.id);
      assert.equal(submitted.status, 200);
      assert.equal(submitted.body.status, 'submitted');
      assert.equal(submitted.body.answeredCount, 1);
      const again = await third!.submit(body.attempt.id);
      assert.deepEqual(again.body, submitted.body);
      const late = await third!.save(body.attempt.id, [{ questionId: question.id, clientVersion: 2, value: answerFor(question, 1) }]);
      assert.equal(late.status, 200);
      assert.equal(late.body.acks[0].result, 'closed');
      assert.equal(late.body.status, 'submitted');
      const result = await third!.request('GET', `/api/exam/attempts/${body.attempt.id}/result`);
      assert.equal(result.status, 200);
      assert.equal(result.body.score, 0.25);
    });

    await t.test('the client clock is never consulted', async () => {
      const { body } = await fifth!.load();
      const question = body.questions[3];
      const skewed = await fifth!.request('POST', `/api/exam/attempts/${body.attempt.id}/answers`, { answers: [{ questionId: question.id, clientVersion: 1, value: answerFor(question, 1), clientTime: '2099-01-01T00:00:00.000Z' }] });
      assert.equal(skewed.status, 200);
      assert.equal(skewed.body.acks[0].result, 'stored');
      assert.equal(skewed.body.deadline, body.attempt.deadline);
      assert.ok(Math.abs(Date.parse(skewed.body.serverTime) - Date.now()) < 5_000);
    });

    await t.test('a lost acknowledgement is safe to resend', async () => {
      const { body } = await fourth!.load();
      const question = body.questions[2];
      const item = { questionId: question.id, clientVersion: 4, value: answerFor(question, 4), idempotencyKey: 'lost-ack-4' };
      const controller = new AbortController();
      const inFlight = fourth!.save(body.attempt.id, [item], controller.signal).catch((error: unknown) => error);
      setTimeout(() => controller.abort(), 1);
      await inFlight;
      const retried = await fourth!.save(body.attempt.id, [item]);
      assert.ok(['stored', 'duplicate'].includes(retried.body.acks[0].result));
      assert.equal(retried.body.acks[0].storedVersion, 4);
      const stored = await examDb(db).selectFrom('exam_answers').select('version').where('attempt_id', '=', body.attempt.id).where('question_id', '=', question.id).executeTakeFirstOrThrow();
      assert.equal(Number(stored.version), 4);
      const history = await examDb(db).selectFrom('exam_answer_history').select('id').where('attempt_id', '=', body.attempt.id).where('idempotency_key', '=', 'lost-ack-4').execute();
      assert.equal(history.length, 1);
    });

    await t.test('extra time moves the deadline live', async () => {
      const { body } = await fifth!.load();
      const proctor = await new ApiClient(server.baseUrl).login('proctor.a', TEST_PASSWORD);
      const granted = await proctor.post(`/api/exam/attempts/${body.attempt.id}/extra-time`, { extraMinutes: 10, reason: 'Thí sinh khuyết tật' });
      assert.equal(granted.status, 200);
      const clock = await fifth!.clock(body.attempt.id);
      assert.equal(Date.parse(clock.body.deadline) - Date.parse(body.attempt.deadline), 10 * 60_000);
      const save = await fifth!.save(body.attempt.id, [{ questionId: body.questions[0].id, clientVersion: 1, value: answerFor(body.questions[0], 0) }]);
      assert.equal(save.body.deadline, clock.body.deadline);
    });

    await t.test('the deadline finalises with the newest answers', async () => {
      const { body } = await sixth!.load();
      const question = firstSingle(body.questions);
      const right = await rightChoice(db, question.id);
      const wrong = { choice: (body.questions.find((entry: { id: string }) => entry.id === question.id).options as { id: string }[]).find((option) => option.id !== right.choice)!.id };
      await sixth!.save(body.attempt.id, [{ questionId: question.id, clientVersion: 1, value: wrong }]);
      await sixth!.save(body.attempt.id, [{ questionId: question.id, clientVersion: 2, value: right }]);
      const deadline = new Date(body.attempt.deadline);
      const finalised = await finaliseDueAttempts(db, new Date(deadline.getTime() + (body.attempt.graceSeconds + 1) * 1000));
      assert.ok(finalised >= 1);
      const attempt = await examDb(db).selectFrom('exam_attempts').selectAll().where('id', '=', body.attempt.id).executeTakeFirstOrThrow();
      assert.equal(attempt.status, 'expired');
      assert.equal(attempt.finished_at, body.attempt.deadline);
      assert.equal(Number(attempt.score), 0.25);
      const late = await sixth!.save(body.attempt.id, [{ questionId: question.id, clientVersion: 3, value: answerFor(question, 1) }]);
      assert.equal(late.body.acks[0].result, 'closed');
      const submit = await sixth!.submit(body.attempt.id);
      assert.equal(submit.status, 409);
      assert.equal(submit.body.code, 'EXAM_ATTEMPT_CLOSED');
    });
  } finally {
    await server.close();
  }
});

forEachDatabase('exam window close', async (testDatabase, t) => {
  const { db } = testDatabase.database;
  const server = await startTestServer(testDatabase);

  try {
    // Seeding and the server start can take seconds on a loaded machine, so the window is set
    // to close 2 s from now only once both are done.
    const seeded = await seedExam(db, { candidates: 2, questions: 4, setup: { closesAt: new Date(Date.now() + 600_000).toISOString(), graceSeconds: 1 } });
    const [early, late] = seeded.candidates.map((candidate) => new CandidateClient(server.baseUrl, candidate));
    const closesAt = new Date(Date.now() + 2_000).toISOString();
    await examDb(db).updateTable('exam_setups').set({ closes_at: closesAt }).where('exam_session_id', '=', seeded.examSessionId).execute();

    await t.test('a late start ends at the window close', async () => {
      const { body } = await early!.load();
      assert.equal(body.attempt.deadline, closesAt);
      const question = body.questions[0];
      const inTime = await early!.save(body.attempt.id, [{ questionId: question.id, clientVersion: 1, value: answerFor(question, 0) }]);
      assert.equal(inTime.body.acks[0].result, 'stored');
      await new Promise((resolve) => setTimeout(resolve, Date.parse(closesAt) + 1_300 - Date.now()));
      const tooLate = await early!.save(body.attempt.id, [{ questionId: question.id, clientVersion: 2, value: answerFor(question, 1) }]);
      assert.equal(tooLate.body.acks[0].result, 'closed');
      assert.match(tooLate.body.acks[0].reason, /after the deadline/);
    });

    await t.test('no start without check-in', async () => {
      const waiting = await seedExam(db, { candidates: 1, questions: 2, unlock: false });
      const refused = await new CandidateClient(server.baseUrl, waiting.candidates[0]!).load();
      assert.equal(refused.status, 403);
      assert.equal(refused.body.code, 'EXAM_NOT_UNLOCKED');
    });

    await t.test('no start after the window closes', async () => {
      const refused = await late!.load();
      assert.equal(refused.status, 409);
      assert.equal(refused.body.code, 'EXAM_LATE_START_CLOSED');
    });
  } finally {
    await server.close();
  }
});
