// Holds on attempts. When the national registry rejects a candidate who was admitted while the
// registry result was pending, check-in relocks the attempt: an attempt not yet started goes
// back to `locked`, an attempt in progress is `suspended` (its saves, submit and view are
// rejected). A proctor then re-admits the candidate by override with a written reason, or keeps
// the hold. Every step goes to the audit log.
import type { Kysely } from 'kysely';

import { appendAudit } from '../audit/audit-log.js';
import { nowIso } from '../db/columns.js';
import { dialectOf } from '../db/dialect.js';
import type { Database } from '../db/schema.js';
import { REFUSAL_REASONS, type RefusalReason } from '../checkin/decisions.js';
import { ApiError } from '../errors.js';
import { examDb, type AttemptStatus, type ExamAttemptTable, type ExamDatabase } from './exam-schema.js';

/** The status a hold gives each open status, and the status re-admission restores. */
const HOLD_OF: Partial<Record<AttemptStatus, AttemptStatus>> = { unlocked: 'locked', in_progress: 'suspended' };
const RELEASE_OF: Partial<Record<AttemptStatus, AttemptStatus>> = { locked: 'unlocked', suspended: 'in_progress' };

export function isHeld(status: AttemptStatus): boolean {
  return status === 'locked' || status === 'suspended';
}

/** Builds the error returned to the candidate of a held attempt, with the registry's reason in both languages. */
export function holdError(attempt: Pick<ExamAttemptTable, 'id' | 'status' | 'hold_reason'>): ApiError {
  const code = attempt.hold_reason ?? 'unknown';
  const text = REFUSAL_REASONS[code as RefusalReason] ?? { vi: `mã lý do ${code}`, en: `reason code ${code}` };
  // One parameter fills both templates, so it carries both languages, as SERVER_NOT_READY does.
  const reason = `${text.vi.replace(/\.$/, '')} / ${text.en.replace(/\.$/, '')}`;
  return new ApiError(attempt.status === 'locked' ? 'EXAM_ATTEMPT_LOCKED' : 'EXAM_ATTEMPT_SUSPENDED', { reason }, { attempt: attempt.id, holdReason: code });
}

export interface RelockInput {
  sessionId: string;
  candidateId: string;
  /** Refusal code of the registry result, e.g. `registry_mismatch`. */
  reason: string;
  /** The check-in whose late registry result caused the relock. */
  checkInId: string;
}

export interface RelockResult {
  attemptId: string;
  previousStatus: AttemptStatus;
  status: AttemptStatus;
  /** False when the attempt had finished (nothing left to lock) or was already held. */
  applied: boolean;
}

async function inTransaction<T>(db: Kysely<Database>, work: (trx: Kysely<ExamDatabase>) => Promise<T>): Promise<T> {
  if (db.isTransaction) {
    return work(examDb(db));
  }

  return examDb(db).transaction().execute(work);
}

async function lockRow(trx: Kysely<ExamDatabase>, query: { attemptId: string } | { sessionId: string; candidateId: string }): Promise<ExamAttemptTable | undefined> {
  let select = trx.selectFrom('exam_attempts').selectAll();
  select = 'attemptId' in query ? select.where('id', '=', query.attemptId) : select.where('exam_session_id', '=', query.sessionId).where('candidate_id', '=', query.candidateId);

  // FOR UPDATE waits for saves in flight (they hold FOR SHARE), so no save commits after the hold.
  return dialectOf(trx) === 'postgres' ? select.forUpdate().executeTakeFirst() : select.executeTakeFirst();
}

/**
 * Puts a hold on the candidate's attempt of the session: `unlocked` becomes `locked` and
 * `in_progress` becomes `suspended`. A finished or already held attempt keeps its status, and
 * the audit entry records that nothing changed. Returns null when the candidate has no attempt.
 * Pass a transaction to commit with the caller's own writes.
 */
export async function relockAttempt(db: Kysely<Database>, input: RelockInput): Promise<RelockResult | null> {
  return inTransaction(db, async (trx) => {
    const attempt = await lockRow(trx, { sessionId: input.sessionId, candidateId: input.candidateId });

    if (attempt === undefined) {
      return null;
    }

    const target = HOLD_OF[attempt.status];
    const now = nowIso();

    if (target !== undefined) {
      await trx.updateTable('exam_attempts')
        .set({ status: target, hold_reason: input.reason, held_at: now, hold_kept_by: null, hold_kept_at: null, updated_at: now })
        .where('id', '=', attempt.id)
        .where('status', '=', attempt.status)
        .execute();
    }

    const result: RelockResult = { attemptId: attempt.id, previousStatus: attempt.status, status: target ?? attempt.status, applied: target !== undefined };
    await appendAudit(trx as unknown as Kysely<Database>, {
      action: 'exam.attempt.relock',
      subjectType: 'exam_attempt',
      subjectId: attempt.id,
      details: { examSessionId: input.sessionId, candidateId: input.candidateId, reason: input.reason, checkInId: input.checkInId, previousStatus: attempt.status, status: result.status, applied: result.applied },
    });

    return result;
  });
}

export interface HoldDecisionInput {
  attemptId: string;
  actorUserId: string;
  /** Override reason code from the check-in catalogue (src/server/checkin/decisions.ts); re-admission only. */
  kind?: string;
  /** The proctor's written reason. */
  note: string;
}

async function requireHeld(trx: Kysely<ExamDatabase>, attemptId: string, action: string): Promise<ExamAttemptTable> {
  const attempt = await lockRow(trx, { attemptId });

  if (attempt === undefined) {
    throw new ApiError('EXAM_ATTEMPT_NOT_FOUND', { attempt: attemptId });
  }

  if (!isHeld(attempt.status)) {
    throw new ApiError('EXAM_ATTEMPT_NOT_HELD', { attempt: attemptId, status: attempt.status, action });
  }

  return attempt;
}

/**
 * Re-admits a held candidate by the proctor's override: `locked` returns to `unlocked` and
 * `suspended` to `in_progress` on the same device, answers and deadline unchanged. Throws
 * EXAM_ATTEMPT_NOT_HELD when the attempt has no hold. NOTE: the deadline kept running during
 * the hold; the proctor grants extra time by hand.
 */
export async function readmitAttempt(db: Kysely<Database>, input: HoldDecisionInput): Promise<ExamAttemptTable> {
  return inTransaction(db, async (trx) => {
    const attempt = await requireHeld(trx, input.attemptId, 're-admit');
    const status = RELEASE_OF[attempt.status] as AttemptStatus;
    const now = nowIso();
    const released = { status, hold_reason: null, held_at: null, hold_kept_by: null, hold_kept_at: null, updated_at: now };

    await trx.updateTable('exam_attempts').set(released).where('id', '=', attempt.id).execute();
    await appendAudit(trx as unknown as Kysely<Database>, {
      action: 'exam.attempt.readmit',
      actorUserId: input.actorUserId,
      subjectType: 'exam_attempt',
      subjectId: attempt.id,
      details: { examSessionId: attempt.exam_session_id, candidateId: attempt.candidate_id, holdReason: attempt.hold_reason, heldStatus: attempt.status, status, kind: input.kind ?? null, reason: input.note, override: true },
    });

    return { ...attempt, ...released };
  });
}

/** Records the proctor's decision to keep the hold; the proctor can still re-admit later. */
export async function keepAttemptLocked(db: Kysely<Database>, input: HoldDecisionInput): Promise<ExamAttemptTable> {
  return inTransaction(db, async (trx) => {
    const attempt = await requireHeld(trx, input.attemptId, 'keep locked');
    const now = nowIso();

    await trx.updateTable('exam_attempts').set({ hold_kept_by: input.actorUserId, hold_kept_at: now, updated_at: now }).where('id', '=', attempt.id).execute();
    await appendAudit(trx as unknown as Kysely<Database>, {
      action: 'exam.attempt.keep_locked',
      actorUserId: input.actorUserId,
      subjectType: 'exam_attempt',
      subjectId: attempt.id,
      details: { examSessionId: attempt.exam_session_id, candidateId: attempt.candidate_id, holdReason: attempt.hold_reason, status: attempt.status, reason: input.note },
    });

    return { ...attempt, hold_kept_by: input.actorUserId, hold_kept_at: now };
  });
}
