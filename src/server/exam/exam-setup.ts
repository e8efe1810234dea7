// The exam of one session: which questions (drawn from a bank by a blueprint once, for every
// candidate alike), how they are shuffled, and the time window.
import { randomBytes } from 'node:crypto';

import type { Kysely } from 'kysely';

import { type BlueprintRule, drawBlueprint } from '../../exam/blueprint.js';
import { isExamError } from '../../exam/errors.js';
import { formCodes } from '../../exam/test-form.js';
import { appendAudit } from '../audit/audit-log.js';
import { nowIso } from '../db/columns.js';
import type { Database, ExamSessionTable } from '../db/schema.js';
import { ApiError } from '../errors.js';
import { examDb, type ExamSetupTable } from './exam-schema.js';
import { listBankQuestions, requireBank } from './question-store.js';

/**
 * Seconds after the deadline during which a save or submit that reaches the server is still
 * accepted: it covers the network time and one browser retry of a save sent before the deadline.
 */
export const DEFAULT_GRACE_SECONDS = 15;

/** Exam sessions are scheduled in Vietnam's local time, UTC+7 all year (no daylight saving). */
const SESSION_TIME_OFFSET = '+07:00';

export interface ExamSetupInput {
  bankId: string;
  title?: string;
  /** Rules that draw questions; every question of the bank when absent. */
  blueprint?: BlueprintRule[];
  seed?: string;
  shuffleQuestions?: boolean;
  shuffleOptions?: boolean;
  /** Number of printed form codes (mã đề, 101, 102...); 0 or absent gives every candidate a shuffle of their own. */
  formCodeCount?: number;
  /** Defaults to the session's duration. */
  durationMinutes?: number;
  /** Minutes after the start during which a candidate may still begin; defaults to the session's window. */
  lateStartMinutes?: number;
  /** When nothing more is accepted; defaults to the end of the late-start window plus the duration. */
  closesAt?: string;
  graceSeconds?: number;
  resultsAllowed?: boolean;
}

/** Returns the session's start as an ISO instant, from its local date and time. */
export function sessionStart(session: Pick<ExamSessionTable, 'date' | 'start_time'>): string {
  return new Date(`${session.date}T${session.start_time}:00${SESSION_TIME_OFFSET}`).toISOString();
}

/** Creates or replaces the exam of a session; refused once a candidate has started. */
export async function setUpExam(db: Kysely<Database>, session: ExamSessionTable & { unit_id: string; title: string }, input: ExamSetupInput, actorUserId: string | null): Promise<ExamSetupTable> {
  const exam = examDb(db);
  const bank = await requireBank(db, input.bankId);

  if (bank.unit_id !== session.unit_id) {
    throw new ApiError('EXAM_SETUP_INVALID', { problem: 'the question bank belongs to another unit' });
  }

  const started = await exam.selectFrom('exam_attempts').select((eb) => eb.fn.countAll().as('count')).where('exam_session_id', '=', session.id).where('status', '!=', 'unlocked').executeTakeFirst();

  if (Number(started?.count ?? 0) > 0) {
    throw new ApiError('EXAM_SETUP_LOCKED', { started: Number(started?.count) });
  }

  const seed = input.seed ?? randomBytes(16).toString('hex');
  const bankQuestions = await listBankQuestions(db, bank.id);
  const versionByQuestion = new Map(bankQuestions.map((entry) => [entry.question.id, entry.versionId]));
  let drawn;

  try {
    drawn = input.blueprint === undefined ? bankQuestions.map((entry) => entry.question) : drawBlueprint(bankQuestions.map((entry) => entry.question), input.blueprint, seed);
  } catch (error) {
    if (isExamError(error)) {
      throw new ApiError('EXAM_SETUP_INVALID', { problem: error.message });
    }

    throw error;
  }

  if (drawn.length === 0) {
    throw new ApiError('EXAM_SETUP_INVALID', { problem: 'the exam has no questions; add questions to the bank or fix the blueprint' });
  }

  const opensAt = sessionStart(session);
  const durationSeconds = Math.round((input.durationMinutes ?? session.duration_minutes) * 60);
  const lateStartUntil = new Date(Date.parse(opensAt) + (input.lateStartMinutes ?? session.window_minutes) * 60_000).toISOString();
  const closesAt = input.closesAt === undefined ? new Date(Date.parse(lateStartUntil) + durationSeconds * 1000).toISOString() : new Date(input.closesAt).toISOString();

  if (!(durationSeconds > 0) || Date.parse(closesAt) <= Date.parse(opensAt)) {
    throw new ApiError('EXAM_SETUP_INVALID', { problem: `the duration must be positive and closesAt (${closesAt}) later than the start (${opensAt})` });
  }

  const now = nowIso();
  const row: ExamSetupTable = {
    exam_session_id: session.id,
    bank_id: bank.id,
    title: input.title ?? session.title,
    seed,
    question_version_ids: JSON.stringify(drawn.map((question) => versionByQuestion.get(question.id))),
    shuffle_questions: input.shuffleQuestions === false ? 0 : 1,
    shuffle_options: input.shuffleOptions === false ? 0 : 1,
    form_codes: (input.formCodeCount ?? 0) > 0 ? JSON.stringify(formCodes(input.formCodeCount as number)) : null,
    opens_at: opensAt,
    late_start_until: lateStartUntil,
    closes_at: closesAt,
    duration_seconds: durationSeconds,
    grace_seconds: input.graceSeconds ?? DEFAULT_GRACE_SECONDS,
    results_allowed: input.resultsAllowed === true ? 1 : 0,
    created_at: now,
    updated_at: now,
  };

  await exam.transaction().execute(async (trx) => {
    await trx.deleteFrom('exam_setups').where('exam_session_id', '=', session.id).execute();
    await trx.insertInto('exam_setups').values(row).execute();
    await appendAudit(trx as unknown as Kysely<Database>, { action: 'exam.setup', actorUserId, unitId: session.unit_id, subjectType: 'exam_session', subjectId: session.id, details: { bankId: bank.id, questions: drawn.length, formCodes: row.form_codes === null ? 0 : input.formCodeCount } });
  });

  return row;
}

export async function findSetup(db: Kysely<Database>, examSessionId: string): Promise<ExamSetupTable | undefined> {
  return examDb(db).selectFrom('exam_setups').selectAll().where('exam_session_id', '=', examSessionId).executeTakeFirst();
}

/** Returns when the attempt ends: min(start + duration + extra time, the window's close). */
export function computeDeadline(startedAt: string, setup: Pick<ExamSetupTable, 'duration_seconds' | 'closes_at'>, extraSeconds: number): string {
  const byDuration = Date.parse(startedAt) + (setup.duration_seconds + extraSeconds) * 1000;
  return new Date(Math.min(byDuration, Date.parse(setup.closes_at))).toISOString();
}

export function finaliseAfter(deadline: string, setup: Pick<ExamSetupTable, 'grace_seconds'>): string {
  return new Date(Date.parse(deadline) + setup.grace_seconds * 1000).toISOString();
}
