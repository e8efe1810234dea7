// Saving answers. Every item carries an idempotency key and a client version that grows with
// each change of that question. In one transaction the server keeps the highest
// version (a conditional upsert, so a stale tab never overwrites a newer answer), appends every
// received write to exam_answer_history, and replies only after the commit, so an acknowledged
// answer is on disk. Writes after submission, or after the deadline plus the grace, are closed.
import { type Kysely, sql } from 'kysely';

import { isExamError } from '../../exam/errors.js';
import { newId } from '../db/columns.js';
import { dialectOf } from '../db/dialect.js';
import { runInGroupCommit } from '../db/group-commit.js';
import type { Database } from '../db/schema.js';
import { ApiError } from '../errors.js';
import { toResponse } from './answer-values.js';
import { holdError, isHeld } from './attempt-holds.js';
import type { StoredForm } from './attempts.js';
import { examDb, type ExamAttemptTable, type ExamDatabase, type SaveResult } from './exam-schema.js';
import { loadVersions } from './question-store.js';
import { recordResends } from './save-resends.js';

// NOTE: saves are recorded in exam_answer_history (append-only), not in the hash-chained audit
// log, whose single chain lock would serialise every save of every candidate.

/** Maximum items in one save request. */
export const SAVE_BATCH_MAX_ITEMS = 100;

export interface SaveItem {
  questionId: string;
  clientVersion: number;
  value: unknown;
  flagged?: boolean;
  /** Defaults to `questionId:clientVersion`. */
  idempotencyKey?: string;
  /** True when the browser sends this item again after a failed or unacknowledged request (default false). */
  resent?: boolean;
}

export interface SaveAck {
  questionId: string;
  idempotencyKey: string;
  result: SaveResult;
  /** The version the server holds for the question after this item, or null when none. */
  storedVersion: number | null;
  /** Why a `rejected` or `closed` item was not stored. */
  reason?: string;
}

export interface SaveOutcome {
  acks: SaveAck[];
  status: ExamAttemptTable['status'];
  deadline: string | null;
}

/** Returns whether an attempt takes writes at `receivedAt`: in progress and not past its deadline plus grace. */
export function isOpenForWrites(attempt: Pick<ExamAttemptTable, 'status' | 'finalise_after'>, receivedAt: Date): boolean {
  return attempt.status === 'in_progress' && attempt.finalise_after !== null && receivedAt.getTime() <= Date.parse(attempt.finalise_after);
}

async function lockAttemptShared(trx: Kysely<ExamDatabase>, attemptId: string): Promise<ExamAttemptTable | undefined> {
  const query = trx.selectFrom('exam_attempts').selectAll().where('id', '=', attemptId);

  // FOR SHARE lets saves of one attempt run side by side while the finaliser's
  // FOR UPDATE SKIP LOCKED passes over an attempt that is being written.
  return dialectOf(trx) === 'postgres' ? query.forShare().executeTakeFirst() : query.executeTakeFirst();
}

async function storedVersion(trx: Kysely<ExamDatabase>, attemptId: string, questionId: string): Promise<number | null> {
  const row = await trx.selectFrom('exam_answers').select('version').where('attempt_id', '=', attemptId).where('question_id', '=', questionId).executeTakeFirst();
  return row === undefined ? null : Number(row.version);
}

/**
 * Saves a batch of answers of a candidate's attempt from the device bound to it. Refusals are
 * per item (`closed`, `rejected`); the whole request fails only when the attempt is not the
 * candidate's (EXAM_ATTEMPT_NOT_FOUND), is held (EXAM_ATTEMPT_SUSPENDED or EXAM_ATTEMPT_LOCKED)
 * or the device is not the bound one (EXAM_DEVICE_CONFLICT).
 */
export async function saveAnswers(db: Kysely<Database>, attemptId: string, candidateId: string, deviceSessionId: string, items: readonly SaveItem[], receivedAt: Date = new Date()): Promise<SaveOutcome> {
  const receivedIso = receivedAt.toISOString();
  const exam = examDb(db);

  const work = async (trx: Kysely<ExamDatabase>): Promise<SaveOutcome> => {
    const attempt = await lockAttemptShared(trx, attemptId);

    if (attempt === undefined || attempt.candidate_id !== candidateId) {
      throw new ApiError('EXAM_ATTEMPT_NOT_FOUND', { attempt: attemptId });
    }

    // A held attempt fails the whole request, so the browser keeps the changes and resends them after re-admission.
    if (isHeld(attempt.status)) {
      throw holdError(attempt);
    }

    if (attempt.status === 'in_progress' && attempt.device_session_id !== deviceSessionId) {
      throw new ApiError('EXAM_DEVICE_CONFLICT');
    }

    const open = isOpenForWrites(attempt, receivedAt);
    const form = attempt.form === null ? null : (JSON.parse(attempt.form) as StoredForm);
    const versionByQuestion = new Map((form?.items ?? []).map((item) => [item.questionId, item.versionId]));
    const versions = await loadVersions(trx, [...versionByQuestion.values()]);
    const acks: SaveAck[] = [];

    for (const item of items) {
      const idempotencyKey = item.idempotencyKey ?? `${item.questionId}:${item.clientVersion}`;
      const versionId = versionByQuestion.get(item.questionId);
      const question = versionId === undefined ? undefined : versions.get(versionId);
      let result: SaveResult;
      let reason: string | undefined;
      let valueJson: string | null = null;

      if (!open) {
        result = 'closed';
        reason = attempt.status === 'in_progress' ? `received at ${receivedIso}, after the deadline ${attempt.deadline_at} plus the grace` : `the attempt is ${attempt.status}`;
      } else if (question === undefined) {
        result = 'rejected';
        reason = `question ${item.questionId} is not part of this attempt`;
      } else {
        try {
          const response = toResponse(question, item.value);
          valueJson = response === null ? null : JSON.stringify(response);
          result = 'stored';
        } catch (error) {
          if (!isExamError(error)) {
            throw error;
          }

          result = 'rejected';
          reason = error.message;
        }
      }

      if (result === 'stored') {
        const applied = await trx
          .insertInto('exam_answers')
          .values({ attempt_id: attemptId, question_id: item.questionId, version: item.clientVersion, value: valueJson, flagged: item.flagged === true ? 1 : 0, saved_at: receivedIso })
          .onConflict((conflict) => conflict
            .columns(['attempt_id', 'question_id'])
            .doUpdateSet({ version: sql`excluded.version`, value: sql`excluded.value`, flagged: sql`excluded.flagged`, saved_at: sql`excluded.saved_at` })
            .where('exam_answers.version', '<', sql<number>`excluded.version`))
          .returning('version')
          .executeTakeFirst();

        result = applied === undefined ? 'stale' : 'stored';
      }

      const recorded = await trx
        .insertInto('exam_answer_history')
        .values({ id: newId(), attempt_id: attemptId, question_id: item.questionId, client_version: item.clientVersion, idempotency_key: idempotencyKey, value: valueJson, flagged: item.flagged === true ? 1 : 0, result, device_session_id: deviceSessionId, received_at: receivedIso })
        .onConflict((conflict) => conflict.columns(['attempt_id', 'idempotency_key']).doNothing())
        .returning('id')
        .executeTakeFirst();

      if (recorded === undefined) {
        result = 'duplicate';
        reason = undefined;
      }

      const version = result === 'stored' ? item.clientVersion : await storedVersion(trx, attemptId, item.questionId);
      acks.push({ questionId: item.questionId, idempotencyKey, result, storedVersion: version, ...(reason === undefined ? {} : { reason }) });
    }

    await recordResends(trx, attemptId, items, receivedIso);
    return { acks, status: attempt.status, deadline: attempt.deadline_at };
  };

  // On SQLite the saves of requests that arrive together share one transaction and one log sync
  // (each in a savepoint of its own); every request is answered only after that COMMIT.
  return runInGroupCommit(exam, work);
}
