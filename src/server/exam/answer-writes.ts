// The two writes of one saved item: the conditional upsert of the newest answer and the
// append-only history row. On PostgreSQL both go in ONE statement (two data-modifying CTEs), so
// a save costs one round trip fewer; SQLite has no data-modifying CTEs and runs two statements.
import { type Kysely, type RawBuilder, sql } from 'kysely';

import { newId } from '../db/columns.js';
import { dialectOf } from '../db/dialect.js';
import { PREPARED } from '../db/postgres-prepared.js';
import type { ExamDatabase, SaveResult } from './exam-schema.js';

export interface AnswerWrite {
  attemptId: string;
  questionId: string;
  clientVersion: number;
  idempotencyKey: string;
  /** JSON of the validated response, or null for a cleared answer or an item that is not stored. */
  valueJson: string | null;
  flagged: boolean;
  deviceSessionId: string;
  receivedIso: string;
}

export interface AnswerWriteResult {
  /** Whether the upsert changed the stored answer (false: a newer or equal version is stored). */
  applied: boolean;
  /** Whether the history row was added (false: the idempotency key was already recorded). */
  recorded: boolean;
}

/**
 * Upserts the answer (keeping the highest version) and appends the history row with the result
 * `stored` or `stale`, unless the item's idempotency key is already recorded: then it writes
 * nothing and returns `recorded: false`. Call it for an item whose value passed validation.
 */
export async function writeAnswer(trx: Kysely<ExamDatabase>, write: AnswerWrite): Promise<AnswerWriteResult> {
  if (dialectOf(trx) === 'postgres') {
    return writeAnswerPostgres(trx, write);
  }

  // A recorded idempotency key changes nothing, also when the resent value differs. SQLite runs
  // one transaction at a time, so no other save can record the key between this read and the insert.
  const known = await trx.selectFrom('exam_answer_history').select('id').where('attempt_id', '=', write.attemptId).where('idempotency_key', '=', write.idempotencyKey).executeTakeFirst();

  if (known !== undefined) {
    return { applied: false, recorded: false };
  }

  const applied = await trx
    .insertInto('exam_answers')
    .values({ attempt_id: write.attemptId, question_id: write.questionId, version: write.clientVersion, value: write.valueJson, flagged: write.flagged ? 1 : 0, saved_at: write.receivedIso })
    .onConflict((conflict) => conflict
      .columns(['attempt_id', 'question_id'])
      .doUpdateSet({ version: sql`excluded.version`, value: sql`excluded.value`, flagged: sql`excluded.flagged`, saved_at: sql`excluded.saved_at` })
      .where('exam_answers.version', '<', sql<number>`excluded.version`))
    .returning('version')
    .executeTakeFirst();

  const recorded = await recordHistory(trx, write, applied === undefined ? 'stale' : 'stored');
  return { applied: applied !== undefined, recorded };
}

/**
 * Appends the history row of an item with its result, unless its idempotency key is already
 * recorded. Returns whether the row was added.
 */
export async function recordHistory(trx: Kysely<ExamDatabase>, write: AnswerWrite, result: SaveResult): Promise<boolean> {
  const recorded = await trx
    .insertInto('exam_answer_history')
    .values({ id: newId(), attempt_id: write.attemptId, question_id: write.questionId, client_version: write.clientVersion, idempotency_key: write.idempotencyKey, value: write.valueJson, flagged: write.flagged ? 1 : 0, result, device_session_id: write.deviceSessionId, received_at: write.receivedIso })
    .onConflict((conflict) => conflict.columns(['attempt_id', 'idempotency_key']).doNothing())
    .returning('id')
    .executeTakeFirst();

  return recorded !== undefined;
}

/**
 * Builds the three CTEs of an answer write on PostgreSQL: `known` (the idempotency key already
 * recorded), `upserted` (the conditional upsert, skipped for a known key) and `recorded` (the
 * history row). `source` is the FROM clause that decides whether the writes run at all (empty:
 * always), and `receivedAt` the expression of the receive time.
 */
export function answerWriteCtes(write: Omit<AnswerWrite, 'receivedIso'>, receivedAt: RawBuilder<string>, source: RawBuilder<unknown>): RawBuilder<unknown> {
  const flagged = write.flagged ? 1 : 0;

  // The CTEs see the same snapshot, so the history row learns the upsert's outcome from the
  // upsert's RETURNING, not from re-reading exam_answers. A recorded idempotency key changes
  // nothing, also when the resent value differs. Parameters in a SELECT list have no
  // column to take their type from, hence the casts.
  return sql`
    known AS (
      SELECT 1 FROM exam_answer_history WHERE attempt_id = ${write.attemptId} AND idempotency_key = ${write.idempotencyKey}
    ), upserted AS (
      INSERT INTO exam_answers (attempt_id, question_id, version, value, flagged, saved_at)
      SELECT ${write.attemptId}, ${write.questionId}, ${write.clientVersion}::integer, ${write.valueJson}::text, ${flagged}::integer, ${receivedAt}
      ${source}
      WHERE NOT EXISTS (SELECT 1 FROM known)
      ON CONFLICT (attempt_id, question_id) DO UPDATE
        SET version = excluded.version, value = excluded.value, flagged = excluded.flagged, saved_at = excluded.saved_at
        WHERE exam_answers.version < excluded.version
      RETURNING version
    ), recorded AS (
      INSERT INTO exam_answer_history (id, attempt_id, question_id, client_version, idempotency_key, value, flagged, result, device_session_id, received_at)
      SELECT ${newId()}, ${write.attemptId}, ${write.questionId}, ${write.clientVersion}::integer, ${write.idempotencyKey}, ${write.valueJson}::text, ${flagged}::integer,
        CASE WHEN EXISTS (SELECT 1 FROM upserted) THEN 'stored' ELSE 'stale' END, ${write.deviceSessionId}, ${receivedAt}
      ${source}
      ON CONFLICT (attempt_id, idempotency_key) DO NOTHING
      RETURNING id
    )`;
}

async function writeAnswerPostgres(trx: Kysely<ExamDatabase>, write: AnswerWrite): Promise<AnswerWriteResult> {
  const ctes = answerWriteCtes(write, sql<string>`${write.receivedIso}::text`, sql.raw(''));
  const result = await sql<{ applied: boolean; recorded: boolean }>`${PREPARED}
    WITH ${ctes}
    SELECT EXISTS (SELECT 1 FROM upserted) AS applied, EXISTS (SELECT 1 FROM recorded) AS recorded`.execute(trx);

  const row = result.rows[0];

  if (row === undefined) {
    throw new Error(`PostgreSQL returned no row for the answer upsert of attempt ${write.attemptId}, question ${write.questionId}`);
  }

  return { applied: row.applied, recorded: row.recorded };
}
