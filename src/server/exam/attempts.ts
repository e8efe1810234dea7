// Attempts: unlocked by check-in (or a proctor), started on the candidate's first load, bound
// to one device (the login session that opened it), timed by the server.
import type { Kysely } from 'kysely';

import type { Question } from '../../exam/question.js';
import { buildForm, candidateSeed, formCodeSeed, type FormItem, pickFormCode } from '../../exam/test-form.js';
import { appendAudit } from '../audit/audit-log.js';
import { databaseNow } from '../db/clock.js';
import { newId, nowIso } from '../db/columns.js';
import { runInGroupCommit } from '../db/group-commit.js';
import type { Database } from '../db/schema.js';
import { ApiError } from '../errors.js';
import { holdError, isHeld } from './attempt-holds.js';
import { examDb, type ExamAttemptTable, type ExamDatabase, type ExamSetupTable } from './exam-schema.js';
import { computeDeadline, finaliseAfter, findSetup } from './exam-setup.js';
import { loadVersions } from './question-store.js';

/** The stored form of an attempt: the question versions in display order with option orders. */
export interface StoredForm {
  code: string | null;
  seed: string;
  items: (FormItem & { versionId: string })[];
}

export interface UnlockInput {
  sessionId: string;
  candidateId: string;
  seatId: string | null;
  /** User id of the proctor or check-in that unlocked the seat. */
  by: string | null;
  /** Set for a proctor's manual unlock without a chip check-in; recorded in the audit log. */
  overrideReason?: string;
  /** Override reason code (src/server/checkin/decisions.ts) beside the written reason. */
  overrideKind?: string;
}

export interface UnlockResult {
  attemptId: string;
  status: ExamAttemptTable['status'];
  /** True when the candidate already had an attempt, now moved to this seat and released from its device. */
  moved: boolean;
}

async function inTransaction<T>(db: Kysely<Database>, work: (trx: Kysely<ExamDatabase>) => Promise<T>): Promise<T> {
  if (db.isTransaction) {
    return work(examDb(db));
  }

  return examDb(db).transaction().execute(work);
}

/**
 * Unlocks a candidate's attempt on a seat. Check-in calls it after a verified tap; a proctor
 * calls it with `overrideReason` to unlock by hand or to move a candidate to another seat.
 * Moving releases the device binding, so the candidate can resume on the new seat's computer;
 * answers and the deadline stay. Pass a transaction to commit with the caller's own writes.
 */
export async function unlockAttempt(db: Kysely<Database>, input: UnlockInput): Promise<UnlockResult> {
  return inTransaction(db, async (trx) => {
    const now = nowIso();
    const existing = await trx.selectFrom('exam_attempts').selectAll().where('exam_session_id', '=', input.sessionId).where('candidate_id', '=', input.candidateId).executeTakeFirst();
    let result: UnlockResult;

    if (existing === undefined) {
      const row: ExamAttemptTable = {
        id: newId(), exam_session_id: input.sessionId, candidate_id: input.candidateId, seat_id: input.seatId, status: 'unlocked', unlocked_at: now, unlocked_by: input.by,
        device_session_id: null, form_code: null, form: null, started_at: null, extra_seconds: 0, deadline_at: null, finalise_after: null, finished_at: null,
        finish_reason: null, score: null, max_score: null, manual_pending: 0, hold_reason: null, held_at: null, hold_kept_by: null, hold_kept_at: null,
        created_at: now, updated_at: now,
      };
      await trx.insertInto('exam_attempts').values(row).execute();
      result = { attemptId: row.id, status: 'unlocked', moved: false };
    } else {
      await trx.updateTable('exam_attempts').set({ seat_id: input.seatId, device_session_id: null, unlocked_at: now, unlocked_by: input.by, updated_at: now }).where('id', '=', existing.id).execute();
      result = { attemptId: existing.id, status: existing.status, moved: true };
    }

    await appendAudit(trx as unknown as Kysely<Database>, {
      action: input.overrideReason === undefined ? 'exam.attempt.unlock' : 'exam.attempt.override_unlock',
      actorUserId: input.by,
      subjectType: 'exam_attempt',
      subjectId: result.attemptId,
      details: {
        examSessionId: input.sessionId, seatId: input.seatId, moved: result.moved,
        ...(input.overrideReason === undefined ? {} : { reason: input.overrideReason }),
        ...(input.overrideKind === undefined ? {} : { kind: input.overrideKind }),
      },
    });

    return result;
  });
}

/** Builds the attempt's form from the setup: a printed form code, or a shuffle of its own. */
async function buildAttemptForm(db: Kysely<ExamDatabase>, setup: ExamSetupTable, candidateId: string): Promise<StoredForm> {
  const versionIds = JSON.parse(setup.question_version_ids) as string[];
  const versions = await loadVersions(db, versionIds);
  const questions = versionIds.map((id) => versions.get(id) as Question);
  const versionByQuestion = new Map(versionIds.map((id) => [(versions.get(id) as Question).id, id]));
  const codes = setup.form_codes === null ? null : (JSON.parse(setup.form_codes) as string[]);
  const code = codes === null ? null : pickFormCode(codes, setup.seed, candidateId);
  const seed = code === null ? candidateSeed(setup.seed, candidateId) : formCodeSeed(setup.seed, code);
  const form = buildForm(questions, seed, { shuffleQuestions: setup.shuffle_questions === 1, shuffleOptions: setup.shuffle_options === 1 }, code);
  return { code, seed, items: form.items.map((item) => ({ ...item, versionId: versionByQuestion.get(item.questionId) as string })) };
}

export interface OpenedAttempt {
  attempt: ExamAttemptTable;
  setup: ExamSetupTable;
}

/**
 * Returns the candidate's open attempt (or the last finished one), starting it when it is
 * unlocked and binding it to the device of `deviceSessionId`. Throws EXAM_ATTEMPT_NOT_FOUND,
 * EXAM_NOT_STARTED, EXAM_LATE_START_CLOSED, EXAM_DEVICE_CONFLICT, or EXAM_ATTEMPT_LOCKED and
 * EXAM_ATTEMPT_SUSPENDED while the attempt is held. The start time and the deadline come from
 * the database clock (src/server/db/clock.ts) unless a test passes `now`.
 */
export async function openAttempt(db: Kysely<Database>, candidateId: string, deviceSessionId: string, now?: Date): Promise<OpenedAttempt> {
  const exam = examDb(db);
  const attempts = await exam.selectFrom('exam_attempts').selectAll().where('candidate_id', '=', candidateId).orderBy('unlocked_at', 'desc').execute();
  const attempt = attempts.find((row) => row.status === 'in_progress' || row.status === 'unlocked' || isHeld(row.status)) ?? attempts[0];

  if (attempt === undefined) {
    // A candidate registered for a session with an exam has simply not checked in yet.
    const registered = await exam
      .selectFrom('exam_registrations')
      .innerJoin('exam_sessions', 'exam_sessions.exam_event_id', 'exam_registrations.exam_event_id')
      .innerJoin('exam_setups', 'exam_setups.exam_session_id', 'exam_sessions.id')
      .select(['exam_sessions.code'])
      .where('exam_registrations.candidate_id', '=', candidateId)
      .where('exam_setups.closes_at', '>', (now ?? await databaseNow(db)).toISOString())
      .orderBy('exam_setups.opens_at')
      .executeTakeFirst();

    if (registered !== undefined) {
      throw new ApiError('EXAM_NOT_UNLOCKED', { examSessionId: registered.code });
    }

    throw new ApiError('EXAM_ATTEMPT_NOT_FOUND', { attempt: 'none' });
  }

  const setup = await findSetup(db, attempt.exam_session_id);

  if (setup === undefined) {
    throw new ApiError('EXAM_SETUP_MISSING', { examSessionId: attempt.exam_session_id });
  }

  if (isHeld(attempt.status)) {
    throw holdError(attempt);
  }

  if (attempt.status === 'unlocked') {
    return { attempt: await startAttempt(exam, attempt, setup, deviceSessionId, now ?? await databaseNow(db)), setup };
  }

  if (attempt.status === 'in_progress') {
    return { attempt: await bindDevice(exam, attempt, deviceSessionId), setup };
  }

  return { attempt, setup };
}

async function startAttempt(exam: Kysely<ExamDatabase>, attempt: ExamAttemptTable, setup: ExamSetupTable, deviceSessionId: string, now: Date): Promise<ExamAttemptTable> {
  if (now.getTime() < Date.parse(setup.opens_at)) {
    throw new ApiError('EXAM_NOT_STARTED', { opensAt: setup.opens_at });
  }

  if (now.getTime() > Date.parse(setup.late_start_until) || now.getTime() >= Date.parse(setup.closes_at)) {
    throw new ApiError('EXAM_LATE_START_CLOSED', { lateStartUntil: setup.late_start_until });
  }

  const form = await buildAttemptForm(exam, setup, attempt.candidate_id);
  const startedAt = now.toISOString();
  const deadline = computeDeadline(startedAt, setup, attempt.extra_seconds);

  // The status condition makes a second concurrent start a no-op; the loser then reads the
  // winner's row. On SQLite the starts of candidates who load together share one commit.
  const started = { status: 'in_progress' as const, started_at: startedAt, form: JSON.stringify(form), form_code: form.code, deadline_at: deadline, finalise_after: finaliseAfter(deadline, setup), device_session_id: deviceSessionId, updated_at: startedAt };
  const won = await runInGroupCommit(exam, async (trx) => {
    const updated = await trx.updateTable('exam_attempts').set(started).where('id', '=', attempt.id).where('status', '=', 'unlocked').executeTakeFirst();

    if (Number(updated.numUpdatedRows) !== 1) {
      return false;
    }

    await appendAudit(trx as unknown as Kysely<Database>, { action: 'exam.attempt.start', subjectType: 'exam_attempt', subjectId: attempt.id, details: { deadline, formCode: form.code } });
    return true;
  });

  // The winner has every column it wrote in `started`, so only the loser of a race reads the row again.
  if (won) {
    return { ...attempt, ...started };
  }

  const row = await exam.selectFrom('exam_attempts').selectAll().where('id', '=', attempt.id).executeTakeFirstOrThrow();
  return row.status === 'in_progress' ? bindDevice(exam, row, deviceSessionId) : row;
}

// NOTE: the device is the login session (cookie); the server cannot tell which seat's computer
// sends a request, so a candidate who logs in on another computer is refused, not located.
async function bindDevice(exam: Kysely<ExamDatabase>, attempt: ExamAttemptTable, deviceSessionId: string): Promise<ExamAttemptTable> {
  if (attempt.device_session_id === deviceSessionId) {
    return attempt;
  }

  if (attempt.device_session_id !== null) {
    throw new ApiError('EXAM_DEVICE_CONFLICT');
  }

  const updated = await exam.updateTable('exam_attempts').set({ device_session_id: deviceSessionId }).where('id', '=', attempt.id).where('device_session_id', 'is', null).executeTakeFirst();

  if (Number(updated.numUpdatedRows) !== 1) {
    throw new ApiError('EXAM_DEVICE_CONFLICT');
  }

  return { ...attempt, device_session_id: deviceSessionId };
}

/**
 * Grants extra time (replacing any earlier grant) and moves the deadline, capped by the window's
 * close. The route then pushes the new deadline to the candidate's live socket (attempt-live.ts).
 */
export async function setExtraTime(db: Kysely<Database>, attemptId: string, extraSeconds: number, actorUserId: string | null, reason: string): Promise<ExamAttemptTable> {
  return inTransaction(db, async (trx) => {
    const attempt = await trx.selectFrom('exam_attempts').selectAll().where('id', '=', attemptId).executeTakeFirst();

    if (attempt === undefined) {
      throw new ApiError('EXAM_ATTEMPT_NOT_FOUND', { attempt: attemptId });
    }

    if (attempt.status === 'submitted' || attempt.status === 'expired') {
      throw new ApiError('EXAM_ATTEMPT_CLOSED', { status: attempt.status });
    }

    const setup = await trx.selectFrom('exam_setups').selectAll().where('exam_session_id', '=', attempt.exam_session_id).executeTakeFirstOrThrow();
    const deadline = attempt.started_at === null ? null : computeDeadline(attempt.started_at, setup, extraSeconds);
    await trx.updateTable('exam_attempts').set({ extra_seconds: extraSeconds, deadline_at: deadline, finalise_after: deadline === null ? null : finaliseAfter(deadline, setup), updated_at: nowIso() }).where('id', '=', attemptId).where('status', 'in', ['unlocked', 'in_progress', 'locked', 'suspended']).execute();
    await appendAudit(trx as unknown as Kysely<Database>, { action: 'exam.attempt.extra_time', actorUserId, subjectType: 'exam_attempt', subjectId: attemptId, details: { extraSeconds, previousExtraSeconds: attempt.extra_seconds, deadline, reason } });
    return { ...attempt, extra_seconds: extraSeconds, deadline_at: deadline };
  });
}

/** Returns the candidate's attempt by id, or throws EXAM_ATTEMPT_NOT_FOUND (also for another candidate's attempt). */
export async function requireOwnAttempt(db: Kysely<Database>, attemptId: string, candidateId: string): Promise<ExamAttemptTable> {
  const attempt = await examDb(db).selectFrom('exam_attempts').selectAll().where('id', '=', attemptId).where('candidate_id', '=', candidateId).executeTakeFirst();

  if (attempt === undefined) {
    throw new ApiError('EXAM_ATTEMPT_NOT_FOUND', { attempt: attemptId });
  }

  return attempt;
}
