// HTTP tests of resent answer saves on SQLite and PostgreSQL: the `resent` flag of a save item
// is recorded once per received item, inside the save transaction, and the pilot evaluation
// counts it per attempt, unit and department.
import assert from 'node:assert/strict';

import type { Kysely } from 'kysely';

import { evaluatePilot } from '../../../src/reports/evaluation.js';
import { newId, nowIso } from '../../../src/server/db/columns.js';
import type { Database } from '../../../src/server/db/schema.js';
import { seedExam } from '../../../src/server/exam/exam-seed.js';
import { loadEvaluationInput } from '../../../src/server/reports/evaluation-query.js';
import { forEachDatabase } from '../../support/databases.js';
import { seedTestOrganisation, startTestServer } from '../../support/server.js';
import { answerFor, CandidateClient } from './candidate-client.js';

process.env.EXAMGATE_FINALISER = 'off';

async function resendRows(db: Kysely<Database>, attemptId: string): Promise<{ question_id: string; idempotency_key: string }[]> {
  const rows = await (db as unknown as Kysely<{ exam_save_resends: { attempt_id: string; question_id: string; idempotency_key: string; received_at: string } }>)
    .selectFrom('exam_save_resends')
    .select(['question_id', 'idempotency_key', 'received_at'])
    .where('attempt_id', '=', attemptId)
    .orderBy('received_at')
    .execute();

  return rows.map((row) => ({ question_id: row.question_id, idempotency_key: row.idempotency_key }));
}

/** Puts the exam event of a session into pilot round 1 of the unit's department. */
async function joinPilotRound(db: Kysely<Database>, unitId: string, examSessionId: string): Promise<void> {
  const unit = await db.selectFrom('units').select('department_id').where('id', '=', unitId).executeTakeFirstOrThrow();
  const session = await db.selectFrom('exam_sessions').select('exam_event_id').where('id', '=', examSessionId).executeTakeFirstOrThrow();
  const roundId = newId();

  await db.insertInto('pilot_rounds').values({ id: roundId, department_id: unit.department_id, number: 1, name: 'Đợt 1', starts_on: null, ends_on: null, created_at: nowIso() }).execute();
  await db.updateTable('exam_events').set({ pilot_round_id: roundId }).where('id', '=', session.exam_event_id).execute();
}

forEachDatabase('resent answer saves', async (testDatabase, t) => {
  const { db } = testDatabase.database;
  const organisation = await seedTestOrganisation(testDatabase);
  const server = await startTestServer(testDatabase);

  try {
    const seeded = await seedExam(db, { candidates: 3, questions: 4, unitId: organisation.unitA.id });
    await joinPilotRound(db, seeded.unitId, seeded.examSessionId);
    const [first, second, third] = seeded.candidates.map((candidate) => new CandidateClient(server.baseUrl, candidate));
    const views = [(await first!.load()).body, (await second!.load()).body, (await third!.load()).body];
    const [firstView, secondView, thirdView] = views;

    await t.test('first send is not a resend', async () => {
      const question = firstView.questions[0];
      const saved = await first!.save(firstView.attempt.id, [{ questionId: question.id, clientVersion: 1, value: answerFor(question, 1), idempotencyKey: 'q0-v1' }]);

      assert.equal(saved.status, 200);
      assert.equal(saved.body.acks[0].result, 'stored');
      assert.deepEqual(await resendRows(db, firstView.attempt.id), []);
    });

    await t.test('resent flag is recorded', async () => {
      const question = firstView.questions[0];
      const resent = await first!.save(firstView.attempt.id, [{ questionId: question.id, clientVersion: 1, value: answerFor(question, 1), idempotencyKey: 'q0-v1', resent: true }]);

      assert.equal(resent.status, 200);
      assert.equal(resent.body.acks[0].result, 'duplicate');
      assert.deepEqual(await resendRows(db, firstView.attempt.id), [{ question_id: question.id, idempotency_key: 'q0-v1' }]);
    });

    await t.test('each duplicate resend counts once', async () => {
      const question = firstView.questions[0];
      const again = await first!.save(firstView.attempt.id, [{ questionId: question.id, clientVersion: 1, value: answerFor(question, 1), idempotencyKey: 'q0-v1', resent: true }]);

      assert.equal(again.body.acks[0].result, 'duplicate');
      assert.equal((await resendRows(db, firstView.attempt.id)).length, 2);
    });

    await t.test('only flagged items of a batch count', async () => {
      const [, second_, third_] = firstView.questions;
      const batch = await first!.save(firstView.attempt.id, [
        { questionId: second_.id, clientVersion: 1, value: answerFor(second_, 1), resent: true },
        { questionId: third_.id, clientVersion: 1, value: answerFor(third_, 1), resent: false },
      ]);

      assert.deepEqual(batch.body.acks.map((ack: { result: string }) => ack.result), ['stored', 'stored']);
      const rows = await resendRows(db, firstView.attempt.id);
      assert.equal(rows.length, 3);
      assert.deepEqual(rows[2], { question_id: second_.id, idempotency_key: `${second_.id}:1` });
    });

    await t.test('refused request records no resend', async () => {
      const question = secondView.questions[0];
      const foreign = await first!.save(secondView.attempt.id, [{ questionId: question.id, clientVersion: 1, value: answerFor(question, 1), resent: true }]);

      assert.equal(foreign.status, 404);
      assert.deepEqual(await resendRows(db, secondView.attempt.id), []);
    });

    await t.test('evaluation counts resends', async () => {
      const question = secondView.questions[1];
      const resent = await second!.save(secondView.attempt.id, [{ questionId: question.id, clientVersion: 1, value: answerFor(question, 2), resent: true }]);
      assert.equal(resent.body.acks[0].result, 'stored');
      const plain = await third!.save(thirdView.attempt.id, [{ questionId: thirdView.questions[0].id, clientVersion: 1, value: answerFor(thirdView.questions[0], 0) }]);
      assert.equal(plain.body.acks[0].result, 'stored');

      const report = evaluatePilot(await loadEvaluationInput(db));
      const round = report.rounds[0];
      const unitA = round?.units.find((entry) => entry.unit.id === organisation.unitA.id);
      const unitB = round?.units.find((entry) => entry.unit.id === organisation.unitB.id);

      assert.equal(round?.department.exams.started, 3);
      assert.equal(round?.department.exams.answersResent, 4);
      assert.equal(round?.department.exams.attemptsWithResends, 2);
      assert.equal(unitA?.figures.exams.answersResent, 4);
      assert.equal(unitB?.figures.exams.answersResent, 0);
      assert.deepEqual(report.comparison.find((row) => row.key === 'answersResent')?.values, { 1: 4 });
    });
  } finally {
    await server.close();
  }
});
