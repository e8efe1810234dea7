// Grading of attempts: automatic for every kind but essays, by hand for essays, and regrading
// after a key correction. Grades are stored per question; the attempt keeps the totals.
import type { Kysely } from 'kysely';

import { gradeEssayByHand, gradeResponse, roundScore } from '../../exam/grading.js';
import { isExamError } from '../../exam/errors.js';
import type { Question, Response } from '../../exam/question.js';
import { appendAudit } from '../audit/audit-log.js';
import { nowIso } from '../db/columns.js';
import type { Database } from '../db/schema.js';
import { ApiError } from '../errors.js';
import type { StoredForm } from './attempts.js';
import { examDb, type ExamAttemptTable, type ExamDatabase, type ExamGradeTable } from './exam-schema.js';
import { loadVersions } from './question-store.js';

/**
 * Grades every question of a finished attempt with the version it saw, or with the corrected
 * version of a key correction, and stores grades and totals. Hand grades of essays are kept.
 * Runs inside the caller's transaction.
 */
export async function gradeAttempt(trx: Kysely<ExamDatabase>, attempt: Pick<ExamAttemptTable, 'id' | 'form'>): Promise<{ score: number; maxScore: number; manualPending: number }> {
  const form = attempt.form === null ? null : (JSON.parse(attempt.form) as StoredForm);

  if (form === null) {
    return { score: 0, maxScore: 0, manualPending: 0 };
  }

  const corrections = await trx.selectFrom('exam_key_corrections').select(['question_id', 'version_id']).where('question_id', 'in', form.items.map((item) => item.questionId)).execute();
  const keyOverrides = new Map(corrections.map((row) => [row.question_id, row.version_id]));

  const versionIds = form.items.map((item) => keyOverrides.get(item.questionId) ?? item.versionId);
  const versions = await loadVersions(trx, versionIds);
  const answers = await trx.selectFrom('exam_answers').select(['question_id', 'value']).where('attempt_id', '=', attempt.id).execute();
  const responses = new Map(answers.map((row) => [row.question_id, row.value === null ? null : (JSON.parse(row.value) as Response)]));
  const existing = await trx.selectFrom('exam_grades').selectAll().where('attempt_id', '=', attempt.id).execute();
  const handGraded = new Map(existing.filter((row) => row.graded_by !== null).map((row) => [row.question_id, row]));
  const now = nowIso();
  const rows: ExamGradeTable[] = [];

  form.items.forEach((item, index) => {
    const versionId = versionIds[index] as string;
    const question = versions.get(versionId) as Question;
    const byHand = handGraded.get(item.questionId);

    if (question.kind === 'essay' && byHand !== undefined) {
      rows.push(byHand);
      return;
    }

    let grade;

    try {
      grade = gradeResponse(question, responses.get(item.questionId) ?? null);
    } catch (error) {
      // A response of another kind (the key correction changed the kind) earns nothing.
      if (!isExamError(error)) {
        throw error;
      }

      grade = { status: 'graded' as const, score: 0, maxScore: question.points };
    }

    rows.push({ attempt_id: attempt.id, question_id: item.questionId, question_version_id: versionId, status: grade.status, score: grade.score, max_score: grade.maxScore, graded_by: null, graded_at: now });
  });

  await trx.deleteFrom('exam_grades').where('attempt_id', '=', attempt.id).execute();

  if (rows.length > 0) {
    await trx.insertInto('exam_grades').values(rows).execute();
  }

  const totals = { score: roundScore(rows.reduce((sum, row) => sum + (row.score ?? 0), 0)), maxScore: roundScore(rows.reduce((sum, row) => sum + Number(row.max_score), 0)), manualPending: rows.filter((row) => row.status === 'manual').length };
  await trx.updateTable('exam_attempts').set({ score: totals.score, max_score: totals.maxScore, manual_pending: totals.manualPending, updated_at: now }).where('id', '=', attempt.id).execute();
  return totals;
}

/** Stores a teacher's grade of an essay and updates the attempt's totals, with an audit entry. */
export async function gradeEssay(db: Kysely<Database>, attemptId: string, questionId: string, score: number, actorUserId: string): Promise<{ score: number; maxScore: number; manualPending: number }> {
  return examDb(db).transaction().execute(async (trx) => {
    const attempt = await trx.selectFrom('exam_attempts').select(['id', 'form', 'status']).where('id', '=', attemptId).executeTakeFirst();

    if (attempt === undefined) {
      throw new ApiError('EXAM_ATTEMPT_NOT_FOUND', { attempt: attemptId });
    }

    if (attempt.status !== 'submitted' && attempt.status !== 'expired') {
      throw new ApiError('EXAM_GRADE_INVALID', { score, questionId, problem: 'the attempt is not finished yet' });
    }

    const form = JSON.parse(attempt.form ?? '{"items":[]}') as StoredForm;
    const item = form.items.find((entry) => entry.questionId === questionId);

    if (item === undefined) {
      throw new ApiError('EXAM_QUESTION_NOT_FOUND', { questionId });
    }

    const question = (await loadVersions(trx, [item.versionId])).get(item.versionId) as Question;
    let grade;

    try {
      grade = gradeEssayByHand(question, score);
    } catch (error) {
      if (isExamError(error)) {
        throw new ApiError('EXAM_GRADE_INVALID', { score, questionId, problem: error.message });
      }

      throw error;
    }

    const before = await trx.selectFrom('exam_grades').select('score').where('attempt_id', '=', attemptId).where('question_id', '=', questionId).executeTakeFirst();
    await trx.deleteFrom('exam_grades').where('attempt_id', '=', attemptId).where('question_id', '=', questionId).execute();
    await trx.insertInto('exam_grades').values({ attempt_id: attemptId, question_id: questionId, question_version_id: item.versionId, status: 'graded', score: grade.score, max_score: grade.maxScore, graded_by: actorUserId, graded_at: nowIso() }).execute();
    const totals = await gradeAttempt(trx, attempt);
    await appendAudit(trx as unknown as Kysely<Database>, { action: 'exam.grade.essay', actorUserId, subjectType: 'exam_attempt', subjectId: attemptId, details: { questionId, before: before?.score ?? null, after: grade.score } });
    return totals;
  });
}

/**
 * Records a key correction (the question's current version grades every attempt of it from
 * now on), regrades the finished attempts that contain it, and records one audit entry with
 * the number of attempts and of changed scores. Option ids must stay the same across the edit.
 */
export async function regradeQuestion(db: Kysely<Database>, questionId: string, actorUserId: string, reason: string): Promise<{ attempts: number; changed: number }> {
  return examDb(db).transaction().execute(async (trx) => {
    const question = await trx.selectFrom('questions').select(['current_version_id']).where('id', '=', questionId).executeTakeFirst();

    if (question === undefined) {
      throw new ApiError('EXAM_QUESTION_NOT_FOUND', { questionId });
    }

    const now = nowIso();
    await trx.deleteFrom('exam_key_corrections').where('question_id', '=', questionId).execute();
    await trx.insertInto('exam_key_corrections').values({ question_id: questionId, version_id: question.current_version_id, reason, corrected_by: actorUserId, corrected_at: now }).execute();
    const attempts = await trx.selectFrom('exam_attempts').select(['id', 'form', 'score']).where('status', 'in', ['submitted', 'expired']).where('form', 'like', `%${questionId}%`).execute();
    let changed = 0;

    for (const attempt of attempts) {
      const totals = await gradeAttempt(trx, attempt);

      if (totals.score !== (attempt.score === null ? null : Number(attempt.score))) {
        changed += 1;
      }
    }

    await appendAudit(trx as unknown as Kysely<Database>, { action: 'exam.grade.regrade', actorUserId, subjectType: 'question', subjectId: questionId, details: { versionId: question.current_version_id, attempts: attempts.length, changed, reason } });
    return { attempts: attempts.length, changed };
  });
}
