// Saving answers. Every item carries an idempotency key and a client version that grows with
// each change of that question. In one transaction the server keeps the highest
// version (a conditional upsert, so a stale tab never overwrites a newer answer), appends every
// received write to exam_answer_history, and replies only after the commit, so an acknowledged
// answer is on disk. Writes after submission, or after the deadline plus the grace, are closed.
import type { Kysely } from 'kysely';

import { isExamError } from '../../exam/errors.js';
import { dateFromDatabaseMs, postgresNowMsSql } from '../db/clock.js';
import { dialectOf } from '../db/dialect.js';
import { runInGroupCommit } from '../db/group-commit.js';
import { PREPARED } from '../db/postgres-prepared.js';
import type { Database } from '../db/schema.js';
import { ApiError } from '../errors.js';
import { saveInOneStatement } from './answer-single-statement.js';
import { toResponse } from './answer-values.js';
import { type AnswerWrite, recordHistory, writeAnswer } from './answer-writes.js';
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
  /** The receive time that judged the items (ISO 8601), from the database clock on PostgreSQL. */
  receivedAt: string;
}

/** Returns whether an attempt takes writes at `receivedAt`: in progress and not past its deadline plus grace. */
export function isOpenForWrites(attempt: Pick<ExamAttemptTable, 'status' | 'finalise_after'>, receivedAt: Date): boolean {
  return attempt.status === 'in_progress' && attempt.finalise_after !== null && receivedAt.getTime() <= Date.parse(attempt.finalise_after);
}

/** The columns of an attempt that a save reads; the form is read only when it is not cached. */
const SAVE_ATTEMPT_COLUMNS = ['id', 'candidate_id', 'status', 'hold_reason', 'device_session_id', 'started_at', 'deadline_at', 'finalise_after'] as const;

type SaveAttempt = Pick<ExamAttemptTable, (typeof SAVE_ATTEMPT_COLUMNS)[number]> & { form?: string | null };

/**
 * Reads and share-locks the attempt. On PostgreSQL the same statement returns the database
 * time, which is the receive time of the save unless the caller gave one.
 */
async function lockAttemptShared(trx: Kysely<ExamDatabase>, attemptId: string, withForm: boolean): Promise<{ attempt: SaveAttempt; databaseTime: Date | null } | undefined> {
  const query = trx.selectFrom('exam_attempts').select(withForm ? [...SAVE_ATTEMPT_COLUMNS, 'form'] : SAVE_ATTEMPT_COLUMNS).where('id', '=', attemptId);

  if (dialectOf(trx) !== 'postgres') {
    const attempt = await query.executeTakeFirst();
    return attempt === undefined ? undefined : { attempt, databaseTime: null };
  }

  // FOR SHARE lets saves of one attempt run side by side while the finaliser's
  // FOR UPDATE SKIP LOCKED passes over an attempt that is being written.
  const row = await query.modifyFront(PREPARED).select(postgresNowMsSql().as('database_now_ms')).forShare().executeTakeFirst();

  if (row === undefined) {
    return undefined;
  }

  const { database_now_ms: databaseNowMs, ...attempt } = row;
  return { attempt, databaseTime: dateFromDatabaseMs(databaseNowMs) };
}

/** The question version id of each question of a started attempt's form. */
interface CachedForm {
  startedAt: string | null;
  versionByQuestion: Map<string, string>;
}

/**
 * Parsed forms by attempt id. The form is written once, when the attempt starts, so an entry is
 * valid while the attempt's start time is the same. A save that finds its entry reads no form JSON.
 */
const formCache = new Map<string, CachedForm>();
export const FORM_CACHE_MAX_ENTRIES = 50_000;

/** Returns the attempt's question-to-version map from the cache, or parses the form and caches it. */
async function formOf(trx: Kysely<ExamDatabase>, attempt: SaveAttempt, cached: CachedForm | undefined): Promise<Map<string, string>> {
  if (cached !== undefined && cached.startedAt === attempt.started_at) {
    return cached.versionByQuestion;
  }

  const formJson = attempt.form !== undefined ? attempt.form : (await trx.selectFrom('exam_attempts').select('form').where('id', '=', attempt.id).executeTakeFirstOrThrow()).form;
  const form = formJson === null ? null : (JSON.parse(formJson) as StoredForm);
  const versionByQuestion = new Map((form?.items ?? []).map((item) => [item.questionId, item.versionId]));

  // An attempt that has not started has no form yet, so only a started attempt's form is kept.
  if (form !== null) {
    if (formCache.size >= FORM_CACHE_MAX_ENTRIES) {
      formCache.delete(formCache.keys().next().value as string);
    }

    formCache.set(attempt.id, { startedAt: attempt.started_at, versionByQuestion });
  }

  return versionByQuestion;
}

async function storedVersion(trx: Kysely<ExamDatabase>, attemptId: string, questionId: string): Promise<number | null> {
  const row = await trx.selectFrom('exam_answers').select('version').where('attempt_id', '=', attemptId).where('question_id', '=', questionId).executeTakeFirst();
  return row === undefined ? null : Number(row.version);
}

/**
 * Saves a batch of answers of a candidate's attempt from the device bound to it. Refusals are
 * per item (`closed`, `rejected`); the whole request fails only when the attempt is not the
 * candidate's (EXAM_ATTEMPT_NOT_FOUND), is held (EXAM_ATTEMPT_SUSPENDED or EXAM_ATTEMPT_LOCKED)
 * or the device is not the bound one (EXAM_DEVICE_CONFLICT). The receive time that decides
 * `closed` is `at` when given, else the database clock's on PostgreSQL and the arrival on SQLite.
 */
export async function saveAnswers(db: Kysely<Database>, attemptId: string, candidateId: string, deviceSessionId: string, items: readonly SaveItem[], at?: Date): Promise<SaveOutcome> {
  const exam = examDb(db);

  if (dialectOf(db) === 'postgres' && at === undefined) {
    const saved = await trySingleStatement(exam, attemptId, candidateId, deviceSessionId, items);

    if (saved !== null) {
      return saved;
    }
  }

  // On SQLite the receive time is taken before the save waits for its group commit.
  const arrivedAt = at ?? (dialectOf(db) === 'postgres' ? null : new Date());

  const work = async (trx: Kysely<ExamDatabase>): Promise<SaveOutcome> => {
    const cachedForm = formCache.get(attemptId);
    const locked = await lockAttemptShared(trx, attemptId, cachedForm === undefined);

    if (locked === undefined || locked.attempt.candidate_id !== candidateId) {
      throw new ApiError('EXAM_ATTEMPT_NOT_FOUND', { attempt: attemptId });
    }

    const attempt = locked.attempt;
    const receivedAt = arrivedAt ?? locked.databaseTime ?? new Date();
    const receivedIso = receivedAt.toISOString();

    // A held attempt fails the whole request, so the browser keeps the changes and resends them after re-admission.
    if (isHeld(attempt.status)) {
      throw holdError(attempt);
    }

    if (attempt.status === 'in_progress' && attempt.device_session_id !== deviceSessionId) {
      throw new ApiError('EXAM_DEVICE_CONFLICT');
    }

    const open = isOpenForWrites(attempt, receivedAt);
    const versionByQuestion = await formOf(trx, attempt, cachedForm);
    const versions = await loadVersions(trx, items.flatMap((item) => versionByQuestion.get(item.questionId) ?? []));
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

      const write: AnswerWrite = { attemptId, questionId: item.questionId, clientVersion: item.clientVersion, idempotencyKey, valueJson, flagged: item.flagged === true, deviceSessionId, receivedIso };
      let recorded: boolean;

      if (result === 'stored') {
        const written = await writeAnswer(trx, write);
        result = written.applied ? 'stored' : 'stale';
        recorded = written.recorded;
      } else {
        recorded = await recordHistory(trx, write, result);
      }

      if (!recorded) {
        result = 'duplicate';
        reason = undefined;
      }

      const version = result === 'stored' ? item.clientVersion : await storedVersion(trx, attemptId, item.questionId);
      acks.push({ questionId: item.questionId, idempotencyKey, result, storedVersion: version, ...(reason === undefined ? {} : { reason }) });
    }

    await recordResends(trx, attemptId, items, receivedIso);
    return { acks, status: attempt.status, deadline: attempt.deadline_at, receivedAt: receivedIso };
  };

  // On SQLite the saves of requests that arrive together share one transaction and one log sync
  // (each in a savepoint of its own). Every request is acknowledged only after that COMMIT.
  return runInGroupCommit(exam, work);
}

/**
 * The common save on PostgreSQL, one valid item of an attempt whose form is cached, in one
 * statement (answer-single-statement.ts). Returns null, having written nothing, when the request
 * has another shape or the attempt is not open to it. The general path then decides.
 */
async function trySingleStatement(exam: Kysely<ExamDatabase>, attemptId: string, candidateId: string, deviceSessionId: string, items: readonly SaveItem[]): Promise<SaveOutcome | null> {
  const item = items[0];
  const cachedForm = formCache.get(attemptId);

  if (items.length !== 1 || item === undefined || item.resent === true || cachedForm === undefined || cachedForm.startedAt === null) {
    return null;
  }

  const versionId = cachedForm.versionByQuestion.get(item.questionId);
  const question = versionId === undefined ? undefined : (await loadVersions(exam, [versionId])).get(versionId);

  if (question === undefined) {
    return null;
  }

  let valueJson: string | null;

  try {
    const response = toResponse(question, item.value);
    valueJson = response === null ? null : JSON.stringify(response);
  } catch (error) {
    if (isExamError(error)) {
      return null;
    }

    throw error;
  }

  const idempotencyKey = item.idempotencyKey ?? `${item.questionId}:${item.clientVersion}`;
  const saved = await saveInOneStatement(exam, { attemptId, candidateId, deviceSessionId, startedAt: cachedForm.startedAt, questionId: item.questionId, clientVersion: item.clientVersion, idempotencyKey, valueJson, flagged: item.flagged === true });

  if (saved === null) {
    return null;
  }

  return { acks: [{ questionId: item.questionId, idempotencyKey, result: saved.result, storedVersion: saved.storedVersion }], status: 'in_progress', deadline: saved.deadline, receivedAt: saved.receivedAt };
}
