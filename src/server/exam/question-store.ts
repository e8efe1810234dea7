// Question banks and versioned questions. A question keeps its id; its content lives in
// question_versions. Editing a question that an exam setup already uses adds a version, so
// attempts keep the exact version they saw; otherwise the current version is replaced.
import type { Kysely } from 'kysely';

import type { Question } from '../../exam/question.js';
import { listQuestionProblems } from '../../exam/validate-question.js';
import { appendAudit } from '../audit/audit-log.js';
import { newId, nowIso } from '../db/columns.js';
import type { Database } from '../db/schema.js';
import { ApiError } from '../errors.js';
import { examDb, type ExamDatabase, type QuestionBankTable, type QuestionVersionTable } from './exam-schema.js';

/** Question versions never change once attempts use them, so they are cached by id. */
const versionCache = new Map<string, Question>();
const VERSION_CACHE_MAX_ENTRIES = 20_000;

export async function createBank(db: Kysely<Database>, unitId: string, name: string, actorUserId: string | null): Promise<QuestionBankTable> {
  const exam = examDb(db);
  const trimmed = name.normalize('NFC').trim();
  const taken = await exam.selectFrom('question_banks').select('id').where('unit_id', '=', unitId).where('name', '=', trimmed).executeTakeFirst();

  if (taken !== undefined) {
    throw new ApiError('EXAM_BANK_NAME_TAKEN', { name: trimmed });
  }

  const now = nowIso();
  const row: QuestionBankTable = { id: newId(), unit_id: unitId, name: trimmed, created_at: now, updated_at: now };

  await exam.transaction().execute(async (trx) => {
    await trx.insertInto('question_banks').values(row).execute();
    await appendAudit(trx as unknown as Kysely<Database>, { action: 'exam.bank.create', actorUserId, unitId, subjectType: 'question_bank', subjectId: row.id });
  });

  return row;
}

export async function requireBank(db: Kysely<Database>, bankId: string): Promise<QuestionBankTable> {
  const bank = await examDb(db).selectFrom('question_banks').selectAll().where('id', '=', bankId).executeTakeFirst();

  if (bank === undefined) {
    throw new ApiError('EXAM_BANK_NOT_FOUND', { bank: bankId });
  }

  return bank;
}

/** Finds a bank of a unit by name, creating it when `create` is set. */
export async function findBankByName(db: Kysely<Database>, unitId: string, name: string, create: boolean, actorUserId: string | null): Promise<QuestionBankTable> {
  const bank = await examDb(db).selectFrom('question_banks').selectAll().where('unit_id', '=', unitId).where('name', '=', name.normalize('NFC').trim()).executeTakeFirst();

  if (bank !== undefined) {
    return bank;
  }

  if (!create) {
    throw new ApiError('EXAM_BANK_NOT_FOUND', { bank: name });
  }

  return createBank(db, unitId, name, actorUserId);
}

function versionRow(question: Question, questionId: string, version: number, actorUserId: string | null): QuestionVersionTable {
  return {
    id: newId(),
    question_id: questionId,
    version,
    kind: question.kind,
    section: question.section ?? null,
    topic: question.topic ?? null,
    difficulty: question.difficulty ?? null,
    points: question.points,
    body: JSON.stringify({ ...question, id: questionId }),
    created_by: actorUserId,
    created_at: nowIso(),
  };
}

function assertQuestionValid(question: Question): void {
  const problems = listQuestionProblems(question);

  if (problems.length > 0) {
    throw new ApiError('EXAM_QUESTION_INVALID', { problems: problems.join('; ') });
  }
}

/**
 * Adds questions to a bank in one transaction (all or nothing) and returns their new ids in
 * order. The ids the questions carry are replaced by new ones; option ids are kept.
 */
export async function addQuestions(db: Kysely<Database>, bankId: string, questions: readonly Question[], actorUserId: string | null, source: string): Promise<string[]> {
  questions.forEach(assertQuestionValid);
  const bank = await requireBank(db, bankId);

  return examDb(db).transaction().execute(async (trx) => {
    const last = await trx.selectFrom('questions').select((eb) => eb.fn.max('position').as('position')).where('bank_id', '=', bankId).executeTakeFirst();
    let position = Number(last?.position ?? 0);
    const ids: string[] = [];
    const now = nowIso();

    for (const question of questions) {
      const questionId = newId();
      const version = versionRow(question, questionId, 1, actorUserId);
      position += 1;
      await trx.insertInto('questions').values({ id: questionId, bank_id: bankId, position, current_version_id: version.id, retired: 0, created_at: now, updated_at: now }).execute();
      await trx.insertInto('question_versions').values(version).execute();
      ids.push(questionId);
    }

    await appendAudit(trx as unknown as Kysely<Database>, { action: 'exam.questions.add', actorUserId, unitId: bank.unit_id, subjectType: 'question_bank', subjectId: bankId, details: { count: ids.length, source } });
    return ids;
  });
}

/** Returns the current version of every question of a bank in bank order, with version ids. */
export async function listBankQuestions(db: Kysely<Database>, bankId: string): Promise<{ versionId: string; version: number; question: Question }[]> {
  const rows = await examDb(db)
    .selectFrom('questions')
    .innerJoin('question_versions', 'question_versions.id', 'questions.current_version_id')
    .select(['question_versions.id', 'question_versions.version', 'question_versions.body'])
    .where('questions.bank_id', '=', bankId)
    .where('questions.retired', '=', 0)
    .orderBy('questions.position')
    .execute();

  return rows.map((row) => ({ versionId: row.id, version: Number(row.version), question: JSON.parse(row.body) as Question }));
}

/** Loads question versions by id, from the cache when it has them. */
export async function loadVersions(db: Kysely<Database> | Kysely<ExamDatabase>, versionIds: readonly string[]): Promise<Map<string, Question>> {
  const result = new Map<string, Question>();
  const missing = versionIds.filter((id) => {
    const cached = versionCache.get(id);

    if (cached !== undefined) {
      result.set(id, cached);
    }

    return cached === undefined;
  });

  if (missing.length > 0) {
    const rows = await (db as Kysely<ExamDatabase>).selectFrom('question_versions').select(['id', 'body']).where('id', 'in', missing).execute();

    for (const row of rows) {
      const question = JSON.parse(row.body) as Question;

      if (versionCache.size >= VERSION_CACHE_MAX_ENTRIES) {
        versionCache.clear();
      }

      versionCache.set(row.id, question);
      result.set(row.id, question);
    }
  }

  return result;
}

/**
 * Replaces a question's content. When any exam setup uses the current version, a new version
 * is added and becomes current (attempts keep theirs); else the current version is updated.
 * Option and statement ids that stay the same keep answers and grading by id valid.
 */
export async function editQuestion(db: Kysely<Database>, questionId: string, question: Question, actorUserId: string | null): Promise<{ versionId: string; version: number; newVersion: boolean }> {
  assertQuestionValid(question);

  return examDb(db).transaction().execute(async (trx) => {
    const current = await trx
      .selectFrom('questions')
      .innerJoin('question_versions', 'question_versions.id', 'questions.current_version_id')
      .innerJoin('question_banks', 'question_banks.id', 'questions.bank_id')
      .select(['questions.current_version_id', 'question_versions.version', 'question_banks.unit_id'])
      .where('questions.id', '=', questionId)
      .executeTakeFirst();

    if (current === undefined) {
      throw new ApiError('EXAM_QUESTION_NOT_FOUND', { questionId });
    }

    const used = await trx.selectFrom('exam_setups').select('exam_session_id').where('question_version_ids', 'like', `%${current.current_version_id}%`).executeTakeFirst();
    let versionId = current.current_version_id;
    let version = Number(current.version);

    if (used !== undefined) {
      version += 1;
      const row = versionRow(question, questionId, version, actorUserId);
      versionId = row.id;
      await trx.insertInto('question_versions').values(row).execute();
      await trx.updateTable('questions').set({ current_version_id: row.id, updated_at: nowIso() }).where('id', '=', questionId).execute();
    } else {
      const row = versionRow(question, questionId, version, actorUserId);
      await trx.updateTable('question_versions').set({ kind: row.kind, section: row.section, topic: row.topic, difficulty: row.difficulty, points: row.points, body: row.body, created_by: actorUserId }).where('id', '=', versionId).execute();
      versionCache.delete(versionId);
    }

    await appendAudit(trx as unknown as Kysely<Database>, { action: 'exam.question.edit', actorUserId, unitId: current.unit_id, subjectType: 'question', subjectId: questionId, details: { version, newVersion: used !== undefined } });
    return { versionId, version, newVersion: used !== undefined };
  });
}

/**
 * Finds a bank by name for the command line: in `unitId` when given, else the only bank of that
 * name. Throws EXAM_BANK_NOT_FOUND when there is none or (without a unit) several.
 */
export async function findBankForCli(db: Kysely<Database>, name: string, unitId: string | null): Promise<QuestionBankTable> {
  let query = examDb(db).selectFrom('question_banks').selectAll().where('name', '=', name.normalize('NFC').trim());

  if (unitId !== null) {
    query = query.where('unit_id', '=', unitId);
  }

  const banks = await query.limit(2).execute();

  if (banks.length !== 1) {
    throw new ApiError('EXAM_BANK_NOT_FOUND', { bank: banks.length === 0 ? name : `${name} (several units have a bank of this name; give --unit)` });
  }

  return banks[0] as QuestionBankTable;
}
