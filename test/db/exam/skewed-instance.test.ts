// Deadlines follow the database clock. PostgreSQL instances whose own clocks are two hours off
// still start attempts with the right deadline and accept a submit before the deadline. They
// finalise an attempt once the database clock passes its deadline plus grace, not earlier.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, it } from 'node:test';

import { examDb } from '../../../src/server/exam/exam-schema.js';
import { seedExam } from '../../../src/server/exam/exam-seed.js';
import { createTestDatabase, requireDatabase } from '../../support/databases.js';
import { answerFor, CandidateClient } from './candidate-client.js';

const SERVER_SCRIPT = 'test/db/exam/crash-server.ts';
const SKEWED_CLOCK = './test/support/skewed-clock.ts';
const OFFSET_MS = 2 * 3600_000;
/** The finaliser runs every 5 s; this covers one run plus its start-up. */
const FINALISER_WAIT_MS = 7_000;

interface Instance {
  child: ChildProcess;
  baseUrl: string;
}

/** Starts a server process whose clock is `offsetMs` off, with the background finaliser on. */
async function startSkewedInstance(databaseUrl: string, offsetMs: number): Promise<Instance> {
  const env: NodeJS.ProcessEnv = { ...process.env, EXAMGATE_TEST_CLOCK_OFFSET_MS: String(offsetMs) };
  delete env.EXAMGATE_FINALISER;
  const child = spawn(process.execPath, ['--import', 'tsx', '--import', SKEWED_CLOCK, SERVER_SCRIPT, databaseUrl], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';

  for await (const chunk of child.stdout!) {
    output += String(chunk);
    const match = /listening (\S+)/.exec(output);

    if (match !== null) {
      return { child, baseUrl: match[1] as string };
    }
  }

  throw new Error(`the skewed server exited before listening; output: ${output}`);
}

async function stop(instance: Instance): Promise<void> {
  const exited = once(instance.child, 'exit');
  instance.child.kill('SIGTERM');
  await exited;
}

function assertNear(actualIso: string, expectedMs: number, label: string): void {
  const difference = Math.abs(Date.parse(actualIso) - expectedMs);
  assert.ok(difference < 5_000, `${label} ${actualIso} is ${difference} ms from the database clock`);
}

describe('instances with skewed clocks', { timeout: 120_000 }, () => {
  it('follow the database clock', async (t) => {
    if (!(await requireDatabase(t, 'postgres'))) {
      return;
    }

    const testDatabase = await createTestDatabase('postgres');
    const { db } = testDatabase.database;
    const instances: Instance[] = [];

    try {
      const seeded = await seedExam(db, { candidates: 2, questions: 4 });
      const [ahead, behind] = await Promise.all([startSkewedInstance(testDatabase.url, OFFSET_MS), startSkewedInstance(testDatabase.url, -OFFSET_MS)]);
      instances.push(ahead, behind);
      const early = new CandidateClient(ahead.baseUrl, seeded.candidates[0]!);
      const late = new CandidateClient(behind.baseUrl, seeded.candidates[1]!);
      const setup = await examDb(db).selectFrom('exam_setups').select(['duration_seconds', 'grace_seconds']).where('exam_session_id', '=', seeded.examSessionId).executeTakeFirstOrThrow();

      await t.test('readiness reports the skew', async () => {
        const response = await fetch(`${ahead.baseUrl}/ready`);
        const body = (await response.json()) as { code: string; message: { en: string } };
        assert.equal(response.status, 503);
        assert.equal(body.code, 'SERVER_NOT_READY');
        assert.match(body.message.en, /clock 7\d{6} ms off the database clock/);
      });

      await t.test('start takes the database time', async () => {
        // The test process runs on the database host, so its clock is the database clock.
        for (const client of [early, late]) {
          const loaded = await client.load();
          assert.equal(loaded.status, 200, JSON.stringify(loaded.body));
          assert.equal(loaded.body.attempt.status, 'in_progress');
          assertNear(loaded.body.attempt.startedAt, Date.now(), 'startedAt');
          assertNear(loaded.body.attempt.serverTime, Date.now(), 'serverTime');
          assert.equal(Date.parse(loaded.body.attempt.deadline) - Date.parse(loaded.body.attempt.startedAt), Number(setup.duration_seconds) * 1000);
        }
      });

      await t.test('clock route gives the database time', async () => {
        const { body } = await late.load();
        const clock = await late.clock(body.attempt.id);
        assert.equal(clock.status, 200);
        assertNear(clock.body.serverTime, Date.now(), 'serverTime');
      });

      await t.test('save takes the database time', async () => {
        const { body } = await early.load();
        const question = body.questions[0];
        const saved = await early.save(body.attempt.id, [{ questionId: question.id, clientVersion: 1, value: answerFor(question, 1) }]);
        assert.equal(saved.status, 200, JSON.stringify(saved.body));
        assert.equal(saved.body.acks[0].result, 'stored');
        assertNear(saved.body.serverTime, Date.now(), 'serverTime');

        const history = await examDb(db).selectFrom('exam_answer_history').select('received_at').where('attempt_id', '=', body.attempt.id).executeTakeFirstOrThrow();
        assertNear(history.received_at, Date.now(), 'received_at');
      });

      await t.test('due attempt is finalised on time', async () => {
        const { body } = await late.load();
        const deadline = new Date(Date.now() - (Number(setup.grace_seconds) + 1) * 1000).toISOString();
        await examDb(db).updateTable('exam_attempts').set({ deadline_at: deadline, finalise_after: new Date(Date.now() - 1000).toISOString() }).where('id', '=', body.attempt.id).execute();
        const until = Date.now() + FINALISER_WAIT_MS + 5_000;
        let status = 'in_progress';

        while (status === 'in_progress' && Date.now() < until) {
          await sleep(500);
          const row = await examDb(db).selectFrom('exam_attempts').select('status').where('id', '=', body.attempt.id).executeTakeFirstOrThrow();
          status = row.status;
        }

        assert.equal(status, 'expired');
        const row = await examDb(db).selectFrom('exam_attempts').select(['finished_at', 'finish_reason']).where('id', '=', body.attempt.id).executeTakeFirstOrThrow();
        assert.equal(row.finish_reason, 'deadline');
        assert.equal(row.finished_at, deadline);
      });

      await t.test('running attempt is not finalised early', async () => {
        const { body } = await early.load();
        await sleep(FINALISER_WAIT_MS);
        const row = await examDb(db).selectFrom('exam_attempts').select('status').where('id', '=', body.attempt.id).executeTakeFirstOrThrow();
        assert.equal(row.status, 'in_progress');
      });

      await t.test('submit before the deadline is accepted', async () => {
        const { body } = await early.load();
        const submitted = await early.submit(body.attempt.id);
        assert.equal(submitted.status, 200, JSON.stringify(submitted.body));
        assert.equal(submitted.body.status, 'submitted');
        assertNear(submitted.body.submittedAt, Date.now(), 'submittedAt');
      });
    } finally {
      await Promise.all(instances.map(stop));
      await testDatabase.dispose();
    }
  });
});
