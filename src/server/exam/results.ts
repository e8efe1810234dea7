// Read queries that the proctor's monitor and the reports use.
import type { Kysely } from 'kysely';

import type { Database } from '../db/schema.js';
import { examDb } from './exam-schema.js';

export interface SessionAttemptRow {
  attemptId: string;
  candidateId: string;
  seatId: string | null;
  status: string;
  startedAt: string | null;
  deadline: string | null;
  extraSeconds: number;
  answered: number;
  lastSavedAt: string | null;
  /** Refusal code of a hold (`locked` or `suspended`), or null. */
  holdReason: string | null;
  /** True when a proctor decided to keep the hold. */
  holdKept: boolean;
}

/** Every attempt of a session with its progress, for the proctor's live view. */
export async function listSessionAttempts(db: Kysely<Database>, examSessionId: string): Promise<SessionAttemptRow[]> {
  const rows = await examDb(db)
    .selectFrom('exam_attempts')
    .leftJoin('exam_answers', 'exam_answers.attempt_id', 'exam_attempts.id')
    .select((eb) => [
      'exam_attempts.id', 'exam_attempts.candidate_id', 'exam_attempts.seat_id', 'exam_attempts.status', 'exam_attempts.started_at', 'exam_attempts.deadline_at', 'exam_attempts.extra_seconds',
      'exam_attempts.hold_reason', 'exam_attempts.hold_kept_at',
      eb.fn.count('exam_answers.value').as('answered'),
      eb.fn.max('exam_answers.saved_at').as('last_saved_at'),
    ])
    .where('exam_attempts.exam_session_id', '=', examSessionId)
    .groupBy(['exam_attempts.id', 'exam_attempts.candidate_id', 'exam_attempts.seat_id', 'exam_attempts.status', 'exam_attempts.started_at', 'exam_attempts.deadline_at', 'exam_attempts.extra_seconds', 'exam_attempts.hold_reason', 'exam_attempts.hold_kept_at'])
    .orderBy('exam_attempts.unlocked_at')
    .execute();

  return rows.map((row) => ({ attemptId: row.id, candidateId: row.candidate_id, seatId: row.seat_id, status: row.status, startedAt: row.started_at, deadline: row.deadline_at, extraSeconds: Number(row.extra_seconds), answered: Number(row.answered), lastSavedAt: row.last_saved_at ?? null,
    holdReason: row.hold_reason, holdKept: row.hold_kept_at !== null,
  }));
}

export interface SessionResultRow {
  attemptId: string;
  candidateId: string;
  formCode: string | null;
  status: string;
  finishedAt: string | null;
  finishReason: string | null;
  score: number | null;
  maxScore: number | null;
  manualPending: number;
  /** Per question: id, score (null while a hand grade is pending) and maximum. */
  questions: { questionId: string; questionVersionId: string; status: string; score: number | null; maxScore: number }[];
}

/** Scores of every finished attempt of a session, per question too, for results and item statistics. */
export async function listSessionResults(db: Kysely<Database>, examSessionId: string): Promise<SessionResultRow[]> {
  const exam = examDb(db);
  const attempts = await exam.selectFrom('exam_attempts').selectAll().where('exam_session_id', '=', examSessionId).where('status', 'in', ['submitted', 'expired']).orderBy('finished_at').execute();

  if (attempts.length === 0) {
    return [];
  }

  const grades = await exam.selectFrom('exam_grades').selectAll().where('attempt_id', 'in', attempts.map((attempt) => attempt.id)).execute();
  const byAttempt = new Map<string, SessionResultRow['questions']>();

  for (const grade of grades) {
    const list = byAttempt.get(grade.attempt_id) ?? [];
    list.push({ questionId: grade.question_id, questionVersionId: grade.question_version_id, status: grade.status, score: grade.score === null ? null : Number(grade.score), maxScore: Number(grade.max_score) });
    byAttempt.set(grade.attempt_id, list);
  }

  return attempts.map((attempt) => ({
    attemptId: attempt.id,
    candidateId: attempt.candidate_id,
    formCode: attempt.form_code,
    status: attempt.status,
    finishedAt: attempt.finished_at,
    finishReason: attempt.finish_reason,
    score: attempt.score === null ? null : Number(attempt.score),
    maxScore: attempt.max_score === null ? null : Number(attempt.max_score),
    manualPending: Number(attempt.manual_pending),
    questions: byAttempt.get(attempt.id) ?? [],
  }));
}
