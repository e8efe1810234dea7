// What the candidate's browser receives: the attempt's timing, its questions in this
// candidate's order without any key, and the stored answers.
import type { Kysely } from 'kysely';

import { toCandidateQuestion } from '../../exam/candidate-view.js';
import type { Question, Response } from '../../exam/question.js';
import type { Database } from '../db/schema.js';
import { API_KINDS, toApiValue } from './answer-values.js';
import type { StoredForm } from './attempts.js';
import { examDb, type ExamAttemptTable, type ExamSetupTable } from './exam-schema.js';
import { loadVersions } from './question-store.js';

export function attemptMeta(attempt: ExamAttemptTable, setup: ExamSetupTable, now: Date = new Date()) {
  return {
    id: attempt.id,
    status: attempt.status,
    examTitle: setup.title,
    sessionId: attempt.exam_session_id,
    formCode: attempt.form_code,
    startedAt: attempt.started_at,
    deadline: attempt.deadline_at,
    graceSeconds: setup.grace_seconds,
    serverTime: now.toISOString(),
    resultsAllowed: setup.results_allowed === 1,
    feedbackAllowed: true,
  };
}

export async function buildAttemptView(db: Kysely<Database>, attempt: ExamAttemptTable, setup: ExamSetupTable, now: Date = new Date()) {
  const form = attempt.form === null ? null : (JSON.parse(attempt.form) as StoredForm);
  const versions = await loadVersions(db, (form?.items ?? []).map((item) => item.versionId));
  const questions = (form?.items ?? []).map((item, index) => {
    const view = toCandidateQuestion(versions.get(item.versionId) as Question, item);
    const { questionId, kind, ...rest } = view;
    return { id: questionId, number: index + 1, kind: API_KINDS[kind], ...rest };
  });
  const session = await db.selectFrom('exam_sessions').select('exam_event_id').where('id', '=', attempt.exam_session_id).executeTakeFirstOrThrow();
  const answers = await examDb(db).selectFrom('exam_answers').select(['question_id', 'version', 'value', 'flagged']).where('attempt_id', '=', attempt.id).execute();

  return {
    // The exam event id lets the browser send the feedback questionnaire to POST /api/reports/feedback.
    attempt: { ...attemptMeta(attempt, setup, now), examEventId: session.exam_event_id },
    questions,
    answers: answers.map((row) => ({ questionId: row.question_id, version: Number(row.version), value: toApiValue(row.value === null ? null : (JSON.parse(row.value) as Response)), flagged: row.flagged === 1 })),
  };
}
