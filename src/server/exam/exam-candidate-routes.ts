// The candidate's exam API: load the attempt, save answers, read the clock, submit and
// results. Feedback goes to the reports questionnaire (POST /api/reports/feedback). Every route
// needs a candidate login; writes come only from the device bound to the attempt (the login
// session that first opened it).
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';

import { requireRole } from '../auth/access.js';
import type { SessionUser } from '../auth/session-store.js';
import { databaseNow } from '../db/clock.js';
import { ApiError } from '../errors.js';
import { idParams, NO_CONTROL_CHARACTERS } from '../routes/schemas.js';
import { SAVE_BATCH_MAX_ITEMS, saveAnswers } from './answer-saving.js';
import { submitAttempt } from './attempt-finishing.js';
import { attemptLoadConcurrency, LoadLimiter } from './attempt-load-limit.js';
import { attemptMeta, buildAttemptView } from './attempt-view.js';
import { openAttempt, requireOwnAttempt } from './attempts.js';
import { examDb } from './exam-schema.js';
import { findSetup } from './exam-setup.js';

function requireCandidate(request: FastifyRequest): SessionUser & { candidateId: string } {
  const user = requireRole(request, ['candidate']);

  if (user.candidateId === null) {
    throw new ApiError('EXAM_ATTEMPT_NOT_FOUND', { attempt: 'none' });
  }

  return user as SessionUser & { candidateId: string };
}

const attemptParams = idParams('attemptId');

const saveBody = {
  type: 'object',
  required: ['answers'],
  properties: {
    answers: {
      type: 'array',
      minItems: 1,
      maxItems: SAVE_BATCH_MAX_ITEMS,
      items: {
        type: 'object',
        required: ['questionId', 'clientVersion', 'value'],
        properties: {
          questionId: { type: 'string', maxLength: 64, pattern: NO_CONTROL_CHARACTERS },
          clientVersion: { type: 'integer', minimum: 1, maximum: 2_147_483_647 },
          value: {},
          flagged: { type: 'boolean' },
          idempotencyKey: { type: 'string', minLength: 1, maxLength: 200, pattern: NO_CONTROL_CHARACTERS },
          resent: { type: 'boolean', default: false },
        },
      },
    },
  },
} as const;

interface SaveBody {
  answers: { questionId: string; clientVersion: number; value: unknown; flagged?: boolean; idempotencyKey?: string; resent?: boolean }[];
}

export const examCandidateRoutes: FastifyPluginAsync = async (app) => {
  const attemptLoads = new LoadLimiter(attemptLoadConcurrency());
  const attemptSubmits = new LoadLimiter(attemptLoadConcurrency());

  app.get('/attempt', { schema: { summary: 'Load (and on the first call start) the candidate\'s attempt, without answer keys', tags: ['exam'] } }, async (request) => {
    const user = requireCandidate(request);

    // Loads queue here when many candidates start together, so saves do not wait behind them.
    return attemptLoads.run(async () => {
      const { attempt, setup } = await openAttempt(app.db, user.candidateId, user.sessionId);
      return buildAttemptView(app.db, attempt, setup, await databaseNow(app.db));
    });
  });

  app.post<{ Params: { attemptId: string }; Body: SaveBody }>(
    '/attempts/:attemptId/answers',
    { schema: { summary: 'Save answers; each item is acknowledged after the commit: stored, duplicate, stale, closed or rejected', tags: ['exam'], params: attemptParams, body: saveBody } },
    async (request) => {
      // The receive time is the database clock's (src/server/db/clock.ts), read on PostgreSQL in
      // the statement that locks the attempt, so saving needs no round trip for it.
      const user = requireCandidate(request);
      const outcome = await saveAnswers(app.db, request.params.attemptId, user.candidateId, user.sessionId, request.body.answers);
      return { acks: outcome.acks, serverTime: outcome.receivedAt, deadline: outcome.deadline, status: outcome.status };
    },
  );

  app.get<{ Params: { attemptId: string } }>('/attempts/:attemptId/clock', { schema: { summary: 'Server time, deadline and status of an attempt', tags: ['exam'], params: attemptParams } }, async (request) => {
    const user = requireCandidate(request);
    const attempt = await requireOwnAttempt(app.db, request.params.attemptId, user.candidateId);
    // The browser counts down to the stored deadline from this time, so it is the database clock's.
    return { serverTime: (await databaseNow(app.db)).toISOString(), deadline: attempt.deadline_at, status: attempt.status };
  });

  app.post<{ Params: { attemptId: string }; Body: { idempotencyKey?: string } }>(
    '/attempts/:attemptId/submit',
    { schema: { summary: 'Submit the attempt; repeating it returns the same summary', tags: ['exam'], params: attemptParams, body: { type: 'object', properties: { idempotencyKey: { type: 'string', maxLength: 200 } } } } },
    async (request) => {
      const user = requireCandidate(request);

      // Submits grade the attempt and append to the audit log, so a burst of them is bounded like the loads.
      return attemptSubmits.run(() => submitAttempt(app.db, request.params.attemptId, user.candidateId, user.sessionId));
    },
  );

  app.get<{ Params: { attemptId: string } }>('/attempts/:attemptId/result', { schema: { summary: 'The attempt\'s score once results are released', tags: ['exam'], params: attemptParams } }, async (request) => {
    const user = requireCandidate(request);
    const attempt = await requireOwnAttempt(app.db, request.params.attemptId, user.candidateId);
    const setup = await findSetup(app.db, attempt.exam_session_id);

    if (setup === undefined || setup.results_allowed !== 1 || (attempt.status !== 'submitted' && attempt.status !== 'expired')) {
      throw new ApiError('EXAM_RESULTS_NOT_RELEASED');
    }

    const grades = await examDb(app.db).selectFrom('exam_grades').select(['question_id', 'score', 'max_score', 'status']).where('attempt_id', '=', attempt.id).execute();
    return {
      attempt: attemptMeta(attempt, setup),
      score: attempt.score === null ? null : Number(attempt.score),
      maxScore: attempt.max_score === null ? null : Number(attempt.max_score),
      manualPending: Number(attempt.manual_pending),
      questions: grades.map((grade) => ({ questionId: grade.question_id, status: grade.status, score: grade.score === null ? null : Number(grade.score), maxScore: Number(grade.max_score) })),
    };
  });
};
