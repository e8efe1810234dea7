// Essays to grade by hand, for teachers: GET /api/exam/sessions/:sessionId/essays lists every
// essay answer of the session's finished attempts with its question and current grade, and the
// score is posted to POST /api/exam/attempts/:attemptId/grades/:questionId. Candidates are
// shown by attempt and form code only, so the grader does not see names.
import type { FastifyPluginAsync } from 'fastify';

import type { Question, Response } from '../../exam/question.js';
import { requireUnitRole } from '../auth/access.js';
import type { Role } from '../db/schema.js';
import { requireExamSession } from '../events/exam-events.js';
import { idParams } from '../routes/schemas.js';
import { examDb } from './exam-schema.js';
import { loadVersions } from './question-store.js';

const GRADER_ROLES: readonly Role[] = ['department_admin', 'unit_admin', 'teacher'];

export const essayGradingRoutes: FastifyPluginAsync = async (app) => {
  app.get<{ Params: { sessionId: string } }>('/sessions/:sessionId/essays', {
    schema: { summary: 'Essay answers of a session\'s finished attempts with their grades, for grading by hand', tags: ['exam'], params: idParams('sessionId') },
  }, async (request) => {
    const { event } = await requireExamSession(app.db, request.params.sessionId);
    requireUnitRole(request, event.unit_id, GRADER_ROLES);

    const exam = examDb(app.db);
    const rows = await exam.selectFrom('exam_grades')
      .innerJoin('exam_attempts', 'exam_attempts.id', 'exam_grades.attempt_id')
      .leftJoin('exam_answers', (join) => join.onRef('exam_answers.attempt_id', '=', 'exam_grades.attempt_id').onRef('exam_answers.question_id', '=', 'exam_grades.question_id'))
      .select(['exam_grades.attempt_id as attemptId', 'exam_grades.question_id as questionId', 'exam_grades.question_version_id as versionId', 'exam_grades.status as status', 'exam_grades.score as score', 'exam_grades.max_score as maxScore', 'exam_grades.graded_by as gradedBy', 'exam_attempts.form_code as formCode', 'exam_answers.value as value'])
      .where('exam_attempts.exam_session_id', '=', request.params.sessionId)
      .where('exam_attempts.status', 'in', ['submitted', 'expired'])
      .orderBy('exam_attempts.finished_at').orderBy('exam_grades.question_id')
      .execute();

    const versions = await loadVersions(app.db, [...new Set(rows.map((row) => row.versionId))]);

    return rows
      .filter((row) => (versions.get(row.versionId) as Question | undefined)?.kind === 'essay')
      .map((row) => {
        const question = versions.get(row.versionId) as Question;
        const response = row.value === null ? null : (JSON.parse(row.value) as Response);
        return {
          attemptId: row.attemptId,
          formCode: row.formCode,
          questionId: row.questionId,
          stem: question.stem,
          answer: response?.kind === 'essay' ? response.text : null,
          status: row.status,
          score: row.score === null ? null : Number(row.score),
          maxScore: Number(row.maxScore),
          gradedByHand: row.gradedBy !== null,
        };
      });
  });
};
