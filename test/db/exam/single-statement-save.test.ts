// The single-statement save on PostgreSQL (src/server/exam/answer-single-statement.ts). It
// stores and reports stale and duplicate items like the general path. It writes nothing when the
// attempt is not open to the save, also after waiting for a submit that had locked the row.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { sql } from 'kysely';

import { saveInOneStatement, type SingleStatementSave } from '../../../src/server/exam/answer-single-statement.js';
import { saveAnswers } from '../../../src/server/exam/answer-saving.js';
import { openAttempt } from '../../../src/server/exam/attempts.js';
import { examDb } from '../../../src/server/exam/exam-schema.js';
import { seedExam } from '../../../src/server/exam/exam-seed.js';
import { createTestDatabase, requireDatabase } from '../../support/databases.js';
import { seedTestOrganisation } from '../../support/server.js';

const ISO_MILLISECONDS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

describe('single-statement save', () => {
  it('on postgres', async (t) => {
    if (!(await requireDatabase(t, 'postgres'))) {
      return;
    }

    const testDatabase = await createTestDatabase('postgres');
    const { db } = testDatabase.database;
    const exam = examDb(db);

    try {
      const organisation = await seedTestOrganisation(testDatabase);
      const seeded = await seedExam(db, { candidates: 4, questions: 4, unitId: organisation.unitA.id });

      /** Starts a candidate's attempt on device `device` and returns a save of its first question. */
      const startedSave = async (index: number, device: string): Promise<SingleStatementSave> => {
        const candidateId = seeded.candidates[index]!.candidateId;
        const { attempt } = await openAttempt(db, candidateId, device);
        const form = JSON.parse(attempt.form as string) as { items: { questionId: string }[] };
        return { attemptId: attempt.id, candidateId, deviceSessionId: device, startedAt: attempt.started_at as string, questionId: form.items[0]!.questionId, clientVersion: 1, idempotencyKey: 'k1', valueJson: null, flagged: false };
      };

      const historyOf = async (attemptId: string): Promise<number> => {
        const rows = await exam.selectFrom('exam_answer_history').select('id').where('attempt_id', '=', attemptId).execute();
        return rows.length;
      };

      await t.test('stores, then reports a duplicate and a stale item', async () => {
        const save = await startedSave(0, 'device-0');

        const stored = await saveInOneStatement(exam, { ...save, clientVersion: 3, idempotencyKey: 'k3' });
        assert.equal(stored?.result, 'stored');
        assert.equal(stored?.storedVersion, 3);
        assert.match(stored?.receivedAt ?? '', ISO_MILLISECONDS);

        const answer = await exam.selectFrom('exam_answers').selectAll().where('attempt_id', '=', save.attemptId).executeTakeFirstOrThrow();
        assert.equal(Number(answer.version), 3);
        assert.equal(answer.saved_at, stored?.receivedAt);

        const duplicate = await saveInOneStatement(exam, { ...save, clientVersion: 3, idempotencyKey: 'k3' });
        assert.equal(duplicate?.result, 'duplicate');
        assert.equal(duplicate?.storedVersion, 3);

        const stale = await saveInOneStatement(exam, { ...save, clientVersion: 2, idempotencyKey: 'k2' });
        assert.equal(stale?.result, 'stale');
        assert.equal(stale?.storedVersion, 3);

        const results = await exam.selectFrom('exam_answer_history').select('result').where('attempt_id', '=', save.attemptId).orderBy('client_version').execute();
        assert.deepEqual(results.map((row) => row.result), ['stale', 'stored']);
      });

      await t.test('concurrent saves report true stored versions', async () => {
        const save = await startedSave(0, 'device-0');
        const versions = Array.from({ length: 40 }, (_, index) => 10 + index).sort(() => Math.random() - 0.5);
        const outcomes = await Promise.all(versions.map((version) => saveInOneStatement(exam, { ...save, clientVersion: version, idempotencyKey: `race-${version}` })));

        for (const [index, outcome] of outcomes.entries()) {
          assert.notEqual(outcome, null);
          assert.ok((outcome?.storedVersion ?? 0) >= versions[index]!, `version ${versions[index]} got ${outcome?.result} with stored version ${outcome?.storedVersion}`);
        }

        const answer = await exam.selectFrom('exam_answers').select('version').where('attempt_id', '=', save.attemptId).where('question_id', '=', save.questionId).executeTakeFirstOrThrow();
        assert.equal(Number(answer.version), 49);
      });

      await t.test('a reused key changes nothing', async () => {
        const save = await startedSave(0, 'device-0');
        const reused = await saveInOneStatement(exam, { ...save, clientVersion: 100, idempotencyKey: 'k3', valueJson: '{"kind":"single","optionId":null}' });
        assert.equal(reused?.result, 'duplicate');
        assert.equal(reused?.storedVersion, 49);
      });

      await t.test('writes nothing for another device, candidate or start time', async () => {
        const save = await startedSave(1, 'device-1');

        assert.equal(await saveInOneStatement(exam, { ...save, deviceSessionId: 'device-other' }), null);
        assert.equal(await saveInOneStatement(exam, { ...save, candidateId: seeded.candidates[2]!.candidateId }), null);
        assert.equal(await saveInOneStatement(exam, { ...save, startedAt: '2000-01-01T00:00:00.000Z' }), null);
        assert.equal(await historyOf(save.attemptId), 0);
      });

      await t.test('writes nothing after the deadline plus the grace', async () => {
        const save = await startedSave(2, 'device-2');
        await exam.updateTable('exam_attempts').set({ finalise_after: new Date(Date.now() - 1_000).toISOString() }).where('id', '=', save.attemptId).execute();

        assert.equal(await saveInOneStatement(exam, save), null);
        assert.equal(await historyOf(save.attemptId), 0);

        // The general path, which the caller runs next, gives the reason.
        const outcome = await saveAnswers(db, save.attemptId, save.candidateId, save.deviceSessionId, [{ questionId: save.questionId, clientVersion: 1, value: null }]);
        assert.equal(outcome.acks[0]?.result, 'closed');
      });

      await t.test('a save that waited for a submit holding the row writes nothing', async () => {
        const save = await startedSave(3, 'device-3');
        let releaseSubmit!: () => void;
        const submitMayCommit = new Promise<void>((resolve) => {
          releaseSubmit = resolve;
        });
        let rowLocked!: () => void;
        const rowIsLocked = new Promise<void>((resolve) => {
          rowLocked = resolve;
        });

        const submit = db.transaction().execute(async (trx) => {
          await sql`SELECT id FROM exam_attempts WHERE id = ${save.attemptId} FOR UPDATE`.execute(trx);
          await examDb(trx).updateTable('exam_attempts').set({ status: 'submitted', finished_at: new Date().toISOString() }).where('id', '=', save.attemptId).execute();
          rowLocked();
          await submitMayCommit;
        });

        await rowIsLocked;
        const waitingSave = saveInOneStatement(exam, save);

        // The save is blocked on the row lock until the submit commits.
        const early = await Promise.race([waitingSave.then(() => 'finished'), new Promise((resolve) => setTimeout(() => resolve('waiting'), 300))]);
        assert.equal(early, 'waiting');

        releaseSubmit();
        await submit;
        assert.equal(await waitingSave, null);
        assert.equal(await historyOf(save.attemptId), 0);
      });
    } finally {
      await testDatabase.dispose();
    }
  });
});
