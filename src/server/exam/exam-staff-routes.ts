// Staff side of the exam API: question banks (import, export, edit), the exam of a session,
// proctor actions (manual unlock or seat move, extra time, decisions on held attempts),
// monitoring, grading and results.
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';

import type { BlueprintRule } from '../../exam/blueprint.js';
import { exportMoodleXml } from '../../exam/import/moodle-xml-export.js';
import { detectFormat, importQuestionFile } from '../../exam/import/import-file.js';
import type { Question } from '../../exam/question.js';
import { STAFF_ROLES, requireUnitRole } from '../auth/access.js';
import type { Role } from '../db/schema.js';
import { ApiError } from '../errors.js';
import { requireExamSession } from '../events/exam-events.js';
import { idParams } from '../routes/schemas.js';
import { OVERRIDE_NOTE_MIN_LENGTH, requireWrittenNote } from '../written-note.js';
import { OVERRIDE_KINDS, type OverrideKind } from '../checkin/decisions.js';
import { gradeEssay, regradeQuestion } from './attempt-grading.js';
import { keepAttemptLocked, readmitAttempt } from './attempt-holds.js';
import { announceAttemptChange } from './attempt-live.js';
import { setExtraTime, unlockAttempt } from './attempts.js';
import { examDb } from './exam-schema.js';
import { type ExamSetupInput, setUpExam } from './exam-setup.js';
import { addQuestions, createBank, editQuestion, listBankQuestions, requireBank } from './question-store.js';
import { listSessionAttempts, listSessionResults } from './results.js';

const AUTHOR_ROLES: readonly Role[] = ['department_admin', 'unit_admin', 'teacher'];
const PROCTOR_ROLES: readonly Role[] = ['department_admin', 'unit_admin', 'proctor'];

async function sessionUnit(app: { db: Parameters<typeof requireExamSession>[0] }, sessionId: string) {
  const { session, event } = await requireExamSession(app.db, sessionId);
  return { ...session, unit_id: event.unit_id, title: event.title };
}

async function attemptUnit(app: { db: Parameters<typeof requireExamSession>[0] }, attemptId: string): Promise<string> {
  const row = await examDb(app.db)
    .selectFrom('exam_attempts')
    .innerJoin('exam_sessions', 'exam_sessions.id', 'exam_attempts.exam_session_id')
    .innerJoin('exam_events', 'exam_events.id', 'exam_sessions.exam_event_id')
    .select('exam_events.unit_id')
    .where('exam_attempts.id', '=', attemptId)
    .executeTakeFirst();

  if (row === undefined) {
    throw new ApiError('EXAM_ATTEMPT_NOT_FOUND', { attempt: attemptId });
  }

  return row.unit_id;
}

async function uploaded(request: FastifyRequest): Promise<{ fileName: string; bytes: Buffer }> {
  const part = request.isMultipart() ? await request.file() : undefined;

  if (part === undefined) {
    throw new ApiError('REQUEST_INVALID', { problem: 'no file was sent', problemVi: 'chưa gửi tệp nào', field: 'file' });
  }

  return { fileName: part.filename, bytes: await part.toBuffer() };
}

const questionSchema = { type: 'object', required: ['kind', 'stem', 'points'], properties: { kind: { type: 'string' }, stem: { type: 'string' }, points: { type: 'number' } }, additionalProperties: true } as const;

export const examStaffRoutes: FastifyPluginAsync = async (app) => {
  app.get<{ Querystring: { unitId: string } }>('/banks', { schema: { summary: 'Question banks of a unit', tags: ['exam'], querystring: { type: 'object', required: ['unitId'], properties: { unitId: { type: 'string' } } } } }, async (request) => {
    requireUnitRole(request, request.query.unitId, STAFF_ROLES);
    return examDb(app.db).selectFrom('question_banks').select(['id', 'name', 'created_at as createdAt']).where('unit_id', '=', request.query.unitId).orderBy('name').execute();
  });

  app.post<{ Body: { unitId: string; name: string } }>('/banks', { schema: { summary: 'Create a question bank', tags: ['exam'], body: { type: 'object', required: ['unitId', 'name'], properties: { unitId: { type: 'string' }, name: { type: 'string', minLength: 1, maxLength: 200 } } } } }, async (request, reply) => {
    const user = requireUnitRole(request, request.body.unitId, AUTHOR_ROLES);
    const bank = await createBank(app.db, request.body.unitId, request.body.name, user.id);
    return reply.status(201).send({ id: bank.id, name: bank.name });
  });

  app.get<{ Params: { bankId: string } }>('/banks/:bankId/questions', { schema: { summary: 'Questions of a bank with their keys (staff only)', tags: ['exam'], params: idParams('bankId') } }, async (request) => {
    const bank = await requireBank(app.db, request.params.bankId);
    requireUnitRole(request, bank.unit_id, AUTHOR_ROLES);
    return listBankQuestions(app.db, bank.id);
  });

  app.post<{ Params: { bankId: string }; Body: { questions: Question[] } }>(
    '/banks/:bankId/questions',
    { schema: { summary: 'Add questions (all or none)', tags: ['exam'], params: idParams('bankId'), body: { type: 'object', required: ['questions'], properties: { questions: { type: 'array', minItems: 1, maxItems: 2000, items: questionSchema } } } } },
    async (request, reply) => {
      const bank = await requireBank(app.db, request.params.bankId);
      const user = requireUnitRole(request, bank.unit_id, AUTHOR_ROLES);
      const ids = await addQuestions(app.db, bank.id, request.body.questions.map((question) => ({ ...question, id: question.id ?? 'new' })), user.id, 'api');
      return reply.status(201).send({ ids });
    },
  );

  app.post<{ Params: { bankId: string }; Querystring: { dryRun?: boolean } }>(
    '/banks/:bankId/import',
    { schema: { summary: 'Import a question file (.docx, .xlsx, .gift, .txt, .xml) as multipart field "file"; nothing is stored when it has errors', tags: ['exam'], params: idParams('bankId'), querystring: { type: 'object', properties: { dryRun: { type: 'boolean' } } } } },
    async (request) => {
      const bank = await requireBank(app.db, request.params.bankId);
      const user = requireUnitRole(request, bank.unit_id, AUTHOR_ROLES);
      const { fileName, bytes } = await uploaded(request);

      if (detectFormat(fileName, bytes) === null) {
        throw new ApiError('EXAM_IMPORT_UNSUPPORTED', { fileName });
      }

      const result = await importQuestionFile(fileName, bytes);

      if (result.errors.length > 0) {
        throw new ApiError('EXAM_IMPORT_FAILED', { errorCount: result.errors.length }, { errors: result.errors, warnings: result.warnings });
      }

      const ids = request.query.dryRun === true ? [] : await addQuestions(app.db, bank.id, result.questions.map((entry) => entry.question), user.id, `${result.format}:${fileName}`);
      return { format: result.format, dryRun: request.query.dryRun === true, questionCount: result.questions.length, ids, warnings: result.warnings };
    },
  );

  app.get<{ Params: { bankId: string }; Querystring: { format: 'moodle-xml' } }>(
    '/banks/:bankId/export',
    { schema: { summary: 'Export a bank as Moodle XML', tags: ['exam'], params: idParams('bankId'), querystring: { type: 'object', required: ['format'], properties: { format: { type: 'string', enum: ['moodle-xml'] } } } } },
    async (request, reply) => {
      const bank = await requireBank(app.db, request.params.bankId);
      requireUnitRole(request, bank.unit_id, AUTHOR_ROLES);
      const questions = (await listBankQuestions(app.db, bank.id)).map((entry) => entry.question);
      return reply.type('application/xml; charset=utf-8').send(exportMoodleXml(questions, bank.name));
    },
  );

  app.put<{ Params: { questionId: string }; Body: { question: Question } }>(
    '/questions/:questionId',
    { schema: { summary: 'Edit a question; a new version is made when an exam already uses it', tags: ['exam'], params: idParams('questionId'), body: { type: 'object', required: ['question'], properties: { question: questionSchema } } } },
    async (request) => {
      const row = await examDb(app.db).selectFrom('questions').innerJoin('question_banks', 'question_banks.id', 'questions.bank_id').select('question_banks.unit_id').where('questions.id', '=', request.params.questionId).executeTakeFirst();

      if (row === undefined) {
        throw new ApiError('EXAM_QUESTION_NOT_FOUND', { questionId: request.params.questionId });
      }

      const user = requireUnitRole(request, row.unit_id, AUTHOR_ROLES);
      return editQuestion(app.db, request.params.questionId, { ...request.body.question, id: request.params.questionId }, user.id);
    },
  );

  app.post<{ Params: { questionId: string }; Body: { reason: string } }>(
    '/questions/:questionId/regrade',
    { schema: { summary: 'Regrade finished attempts with the question\'s corrected key', tags: ['exam'], params: idParams('questionId'), body: { type: 'object', required: ['reason'], properties: { reason: { type: 'string', minLength: 1, maxLength: 500 } } } } },
    async (request) => {
      const row = await examDb(app.db).selectFrom('questions').innerJoin('question_banks', 'question_banks.id', 'questions.bank_id').select('question_banks.unit_id').where('questions.id', '=', request.params.questionId).executeTakeFirst();

      if (row === undefined) {
        throw new ApiError('EXAM_QUESTION_NOT_FOUND', { questionId: request.params.questionId });
      }

      const user = requireUnitRole(request, row.unit_id, AUTHOR_ROLES);
      return regradeQuestion(app.db, request.params.questionId, user.id, request.body.reason);
    },
  );

  app.put<{ Params: { sessionId: string }; Body: ExamSetupInput }>(
    '/sessions/:sessionId/setup',
    {
      schema: {
        summary: 'Set the exam of a session: bank, blueprint, shuffles, form codes, time window',
        tags: ['exam'],
        params: idParams('sessionId'),
        body: {
          type: 'object',
          required: ['bankId'],
          properties: {
            bankId: { type: 'string' }, title: { type: 'string', maxLength: 200 }, seed: { type: 'string', maxLength: 100 },
            blueprint: { type: 'array', items: { type: 'object', required: ['count'], properties: { topic: { type: 'string' }, difficulty: { type: 'string' }, section: { type: 'string' }, count: { type: 'integer', minimum: 0 } } } },
            shuffleQuestions: { type: 'boolean' }, shuffleOptions: { type: 'boolean' }, formCodeCount: { type: 'integer', minimum: 0, maximum: 900 },
            durationMinutes: { type: 'number', exclusiveMinimum: 0 }, lateStartMinutes: { type: 'number', minimum: 0 }, closesAt: { type: 'string', format: 'date-time' },
            graceSeconds: { type: 'integer', minimum: 0, maximum: 600 }, resultsAllowed: { type: 'boolean' },
          },
        },
      },
    },
    async (request) => {
      const session = await sessionUnit(app, request.params.sessionId);
      const user = requireUnitRole(request, session.unit_id, AUTHOR_ROLES);
      const setup = await setUpExam(app.db, session, { ...request.body, ...(request.body.blueprint === undefined ? {} : { blueprint: request.body.blueprint as BlueprintRule[] }) }, user.id);
      return { sessionId: setup.exam_session_id, questionCount: (JSON.parse(setup.question_version_ids) as string[]).length, opensAt: setup.opens_at, lateStartUntil: setup.late_start_until, closesAt: setup.closes_at, durationSeconds: setup.duration_seconds, graceSeconds: setup.grace_seconds, formCodes: setup.form_codes === null ? null : JSON.parse(setup.form_codes) };
    },
  );

  app.post<{ Params: { sessionId: string }; Body: { candidateId: string; seatId?: string; kind?: OverrideKind; reason: string } }>(
    '/sessions/:sessionId/unlock',
    { schema: { summary: 'Proctor override: unlock a candidate without a chip check-in (with an override reason code, `other` by default), or move them to another seat', tags: ['exam'], params: idParams('sessionId'), body: { type: 'object', required: ['candidateId', 'reason'], properties: { candidateId: { type: 'string' }, seatId: { type: 'string' }, kind: { type: 'string', enum: Object.keys(OVERRIDE_KINDS) }, reason: { type: 'string', minLength: OVERRIDE_NOTE_MIN_LENGTH, maxLength: 500 } } } } },
    async (request) => {
      const session = await sessionUnit(app, request.params.sessionId);
      const user = requireUnitRole(request, session.unit_id, PROCTOR_ROLES);
      const { candidateId, seatId, kind } = request.body;
      const reason = requireWrittenNote(request.body.reason, 'body.reason', OVERRIDE_NOTE_MIN_LENGTH);

      // A seat move is not an admission, so it carries a reason code only when the proctor gave one.
      const overrideKind = kind ?? (seatId === undefined ? 'other' : undefined);
      return unlockAttempt(app.db, { sessionId: session.id, candidateId, seatId: seatId ?? null, by: user.id, overrideReason: reason, ...(overrideKind === undefined ? {} : { overrideKind }) });
    },
  );

  app.post<{ Params: { attemptId: string }; Body: { extraMinutes: number; reason: string } }>(
    '/attempts/:attemptId/extra-time',
    { schema: { summary: 'Set a candidate\'s extra time (replaces an earlier grant); the deadline never passes the window\'s close', tags: ['exam'], params: idParams('attemptId'), body: { type: 'object', required: ['extraMinutes', 'reason'], properties: { extraMinutes: { type: 'number', minimum: 0, maximum: 600 }, reason: { type: 'string', minLength: 3, maxLength: 500 } } } } },
    async (request) => {
      const unitId = await attemptUnit(app, request.params.attemptId);
      const user = requireUnitRole(request, unitId, PROCTOR_ROLES);
      const reason = requireWrittenNote(request.body.reason, 'body.reason', 3);
      const attempt = await setExtraTime(app.db, request.params.attemptId, Math.round(request.body.extraMinutes * 60), user.id, reason);
      await announceAttemptChange(app.database, { attemptId: attempt.id, cause: 'extra_time' }, request.log);
      return { attemptId: attempt.id, extraSeconds: attempt.extra_seconds, deadline: attempt.deadline_at };
    },
  );

  const holdNote = { type: 'string', minLength: OVERRIDE_NOTE_MIN_LENGTH, maxLength: 500 } as const;

  app.post<{ Params: { attemptId: string }; Body: { kind: OverrideKind; reason: string } }>(
    '/attempts/:attemptId/readmit',
    { schema: { summary: 'Re-admit a candidate whose attempt the registry put on hold: by override, with a reason code and a written reason', tags: ['exam'], params: idParams('attemptId'), body: { type: 'object', required: ['kind', 'reason'], properties: { kind: { type: 'string', enum: Object.keys(OVERRIDE_KINDS) }, reason: holdNote } } } },
    async (request) => {
      const unitId = await attemptUnit(app, request.params.attemptId);
      const user = requireUnitRole(request, unitId, PROCTOR_ROLES);
      const note = requireWrittenNote(request.body.reason, 'body.reason', holdNote.minLength);
      const attempt = await readmitAttempt(app.db, { attemptId: request.params.attemptId, actorUserId: user.id, kind: request.body.kind, note });
      await announceAttemptChange(app.database, { attemptId: attempt.id, cause: 'status' }, request.log);
      return { attemptId: attempt.id, status: attempt.status, deadline: attempt.deadline_at };
    },
  );

  app.post<{ Params: { attemptId: string }; Body: { reason: string } }>(
    '/attempts/:attemptId/keep-locked',
    { schema: { summary: 'Keep the registry\'s hold on an attempt, with a written reason; the candidate stays locked out', tags: ['exam'], params: idParams('attemptId'), body: { type: 'object', required: ['reason'], properties: { reason: holdNote } } } },
    async (request) => {
      const unitId = await attemptUnit(app, request.params.attemptId);
      const user = requireUnitRole(request, unitId, PROCTOR_ROLES);
      const note = requireWrittenNote(request.body.reason, 'body.reason', holdNote.minLength);
      const attempt = await keepAttemptLocked(app.db, { attemptId: request.params.attemptId, actorUserId: user.id, note });
      return { attemptId: attempt.id, status: attempt.status, holdKeptAt: attempt.hold_kept_at };
    },
  );

  app.get<{ Params: { sessionId: string } }>('/sessions/:sessionId/attempts', { schema: { summary: 'Attempts of a session for the proctor\'s monitor', tags: ['exam'], params: idParams('sessionId') } }, async (request) => {
    const session = await sessionUnit(app, request.params.sessionId);
    requireUnitRole(request, session.unit_id, STAFF_ROLES);
    return listSessionAttempts(app.db, session.id);
  });

  app.get<{ Params: { sessionId: string } }>('/sessions/:sessionId/results', { schema: { summary: 'Scores of every finished attempt of a session', tags: ['exam'], params: idParams('sessionId') } }, async (request) => {
    const session = await sessionUnit(app, request.params.sessionId);
    requireUnitRole(request, session.unit_id, AUTHOR_ROLES);
    return listSessionResults(app.db, session.id);
  });

  app.post<{ Params: { attemptId: string; questionId: string }; Body: { score: number } }>(
    '/attempts/:attemptId/grades/:questionId',
    { schema: { summary: 'Grade an essay by hand', tags: ['exam'], params: idParams('attemptId', 'questionId'), body: { type: 'object', required: ['score'], properties: { score: { type: 'number', minimum: 0 } } } } },
    async (request) => {
      const unitId = await attemptUnit(app, request.params.attemptId);
      const user = requireUnitRole(request, unitId, AUTHOR_ROLES);
      return gradeEssay(app.db, request.params.attemptId, request.params.questionId, request.body.score, user.id);
    },
  );
};
