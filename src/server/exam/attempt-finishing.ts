// Submitting an attempt, and finalising attempts whose deadline (plus grace) has passed.
import type { Kysely } from 'kysely';
import type { FastifyBaseLogger } from 'fastify';

import { appendAudit } from '../audit/audit-log.js';
import { databaseNow, databaseNowSql } from '../db/clock.js';
import { nowIso } from '../db/columns.js';
import { dialectOf } from '../db/dialect.js';
import { runInGroupCommit } from '../db/group-commit.js';
import type { Database } from '../db/schema.js';
import { ApiError } from '../errors.js';
import { gradeAttempt } from './attempt-grading.js';
import { holdError, isHeld } from './attempt-holds.js';
import type { StoredForm } from './attempts.js';
import { examDb, type ExamAttemptTable, type ExamDatabase } from './exam-schema.js';

export interface SubmitSummary {
  status: 'submitted';
  submittedAt: string;
  answeredCount: number;
  questionCount: number;
}

async function lockAttemptForUpdate(trx: Kysely<ExamDatabase>, attemptId: string): Promise<ExamAttemptTable | undefined> {
  const query = trx.selectFrom('exam_attempts').selectAll().where('id', '=', attemptId);
  return dialectOf(trx) === 'postgres' ? query.forUpdate().executeTakeFirst() : query.executeTakeFirst();
}

async function summarise(trx: Kysely<ExamDatabase>, attempt: ExamAttemptTable): Promise<SubmitSummary> {
  const answered = await trx.selectFrom('exam_answers').select((eb) => eb.fn.countAll().as('count')).where('attempt_id', '=', attempt.id).where('value', 'is not', null).executeTakeFirst();
  const form = attempt.form === null ? null : (JSON.parse(attempt.form) as StoredForm);
  return { status: 'submitted', submittedAt: attempt.finished_at ?? '', answeredCount: Number(answered?.count ?? 0), questionCount: form?.items.length ?? 0 };
}

/**
 * Submits the candidate's attempt and grades it. Submitting again returns the same summary, so a
 * retry after a lost reply is safe. A submit that arrives after the deadline plus the grace
 * finalises the attempt at its deadline and fails with EXAM_ATTEMPT_CLOSED. The time of the
 * submit is the database clock's (src/server/db/clock.ts) unless a test passes `at`.
 */
export async function submitAttempt(db: Kysely<Database>, attemptId: string, candidateId: string, deviceSessionId: string, at?: Date): Promise<SubmitSummary> {
  // On SQLite the submits that arrive together share one commit.
  const outcome = await runInGroupCommit(examDb(db), async (trx) => {
    const attempt = await lockAttemptForUpdate(trx, attemptId);
    // Read after the row lock, so a submit that waited for the lock is judged at the time it got it.
    const receivedAt = at ?? await databaseNow(trx);

    if (attempt === undefined || attempt.candidate_id !== candidateId) {
      throw new ApiError('EXAM_ATTEMPT_NOT_FOUND', { attempt: attemptId });
    }

    if (attempt.status === 'submitted') {
      return summarise(trx, attempt);
    }

    if (isHeld(attempt.status)) {
      throw holdError(attempt);
    }

    if (attempt.status !== 'in_progress') {
      return { closed: attempt.status };
    }

    if (attempt.device_session_id !== deviceSessionId) {
      throw new ApiError('EXAM_DEVICE_CONFLICT');
    }

    if (attempt.finalise_after !== null && receivedAt.getTime() > Date.parse(attempt.finalise_after)) {
      await finaliseAttempt(trx, attempt);
      return { closed: 'expired' };
    }

    const finishedAt = new Date(Math.min(receivedAt.getTime(), Date.parse(attempt.deadline_at ?? receivedAt.toISOString()))).toISOString();
    await trx.updateTable('exam_attempts').set({ status: 'submitted', finished_at: finishedAt, finish_reason: 'submitted', updated_at: nowIso() }).where('id', '=', attempt.id).execute();
    const totals = await gradeAttempt(trx, attempt);
    const summary = await summarise(trx, { ...attempt, status: 'submitted', finished_at: finishedAt });

    // Last, because on PostgreSQL other appends wait for this transaction's commit.
    await appendAudit(trx as unknown as Kysely<Database>, { action: 'exam.attempt.submit', subjectType: 'exam_attempt', subjectId: attempt.id, details: { finishedAt, score: totals.score, maxScore: totals.maxScore } });
    return summary;
  });

  if ('closed' in outcome) {
    throw new ApiError('EXAM_ATTEMPT_CLOSED', { status: outcome.closed });
  }

  return outcome;
}

/** Marks an attempt expired with its deadline as finish time and grades its newest answers. */
async function finaliseAttempt(trx: Kysely<ExamDatabase>, attempt: ExamAttemptTable): Promise<void> {
  await trx.updateTable('exam_attempts').set({ status: 'expired', finished_at: attempt.deadline_at, finish_reason: 'deadline', updated_at: nowIso() }).where('id', '=', attempt.id).where('status', '=', 'in_progress').execute();
  const totals = await gradeAttempt(trx, attempt);
  await appendAudit(trx as unknown as Kysely<Database>, { action: 'exam.attempt.finalise', subjectType: 'exam_attempt', subjectId: attempt.id, details: { finishedAt: attempt.deadline_at, score: totals.score, maxScore: totals.maxScore } });
}

/** Attempts finalised per transaction, so one run never holds locks for long. */
const FINALISE_BATCH_SIZE = 50;

/**
 * Finalises attempts whose deadline plus grace has passed, in batches. On PostgreSQL each batch
 * claims its attempts with FOR UPDATE SKIP LOCKED, so several server instances share the work
 * without taking the same attempt; SQLite runs one writer at a time. "Due" is judged by the
 * database clock (src/server/db/clock.ts) unless a test passes `now`. Returns the count.
 */
export async function finaliseDueAttempts(db: Kysely<Database>, now?: Date): Promise<number> {
  const exam = examDb(db);
  let total = 0;

  for (;;) {
    const count = await exam.transaction().execute(async (trx) => {
      const cutoff = now === undefined ? databaseNowSql(trx) : now.toISOString();
      const query = trx.selectFrom('exam_attempts').selectAll().where('status', '=', 'in_progress').where('finalise_after', '<', cutoff).orderBy('finalise_after').limit(FINALISE_BATCH_SIZE);
      const due = dialectOf(trx) === 'postgres' ? await query.forUpdate().skipLocked().execute() : await query.execute();

      for (const attempt of due) {
        await finaliseAttempt(trx, attempt);
      }

      return due.length;
    });

    total += count;

    if (count < FINALISE_BATCH_SIZE) {
      return total;
    }
  }
}

/** How often the server looks for attempts to finalise. */
export const FINALISER_INTERVAL_MS = 5_000;

/** Starts the background finaliser; returns a function that stops it. Errors are logged and retried at the next tick. */
export function startFinaliser(db: Kysely<Database>, log: FastifyBaseLogger, intervalMs: number = FINALISER_INTERVAL_MS): () => Promise<void> {
  let running: Promise<void> | null = null;

  const tick = (): void => {
    if (running !== null) {
      return;
    }

    running = finaliseDueAttempts(db)
      .then((count) => {
        if (count > 0) {
          log.info({ count }, 'exam attempts finalised at their deadline');
        }
      })
      .catch((error: unknown) => {
        log.error({ err: error }, 'finalising exam attempts failed; retrying at the next tick');
      })
      .finally(() => {
        running = null;
      });
  };

  const timer = setInterval(tick, intervalMs);
  timer.unref();

  return async () => {
    clearInterval(timer);
    await running;
  };
}
