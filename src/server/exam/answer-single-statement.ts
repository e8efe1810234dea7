// The common save on PostgreSQL in ONE statement. A save request usually contains one changed
// response of an attempt that is in progress on its bound device, and the response passes
// validation. After the session lookup, the general path (answer-saving.ts) costs four round
// trips for it: BEGIN, the attempt's share lock, the upsert with its history row, and COMMIT.
// Each round trip costs CPU in the server and in PostgreSQL, and that CPU bounded the saves per
// second a 2-core machine carried (docs/benchmarks.md).
//
// Here the share lock, the open check, the upsert and the history row are one statement that
// commits on its own. It writes only when the attempt row, read under FOR SHARE, passes every
// condition the general path checks for a stored item. When the statement writes nothing, the
// caller runs the general path, which finds and reports the reason (held, submitted, another
// device, past the deadline plus the grace, form not cached). So the reasons are decided in one
// place, and this statement writes only for an attempt that is open to the save.
import { type Kysely, sql } from 'kysely';

import { PREPARED } from '../db/postgres-prepared.js';
import { answerWriteCtes } from './answer-writes.js';
import type { ExamDatabase, SaveResult } from './exam-schema.js';

/** One validated item of a save request that can take the single statement. */
export interface SingleStatementSave {
  attemptId: string;
  candidateId: string;
  deviceSessionId: string;
  /** The attempt's start time that the cached form belongs to; the statement requires the same. */
  startedAt: string;
  questionId: string;
  clientVersion: number;
  idempotencyKey: string;
  /** JSON of the validated response, or null when the candidate cleared the question. */
  valueJson: string | null;
  flagged: boolean;
}

export interface SingleStatementOutcome {
  result: Extract<SaveResult, 'stored' | 'stale' | 'duplicate'>;
  /** The version stored for the question after the statement. */
  storedVersion: number | null;
  deadline: string | null;
  /** The database time that judged the item (ISO 8601). */
  receivedAt: string;
}

interface StatementRow {
  received_at: string;
  opened: boolean;
  deadline_at: string | null;
  applied: boolean;
  recorded: boolean;
}

/**
 * Saves one item in one statement. Returns null, having written nothing, when the attempt is
 * not open to this save on this device: the caller then runs the general path.
 */
export async function saveInOneStatement(db: Kysely<ExamDatabase>, save: SingleStatementSave): Promise<SingleStatementOutcome | null> {
  // The received time has the format of the stored timestamps, so it compares with
  // finalise_after as text, as the finaliser's query does. Under READ COMMITTED, a FOR SHARE
  // that waited for a submit or a finaliser re-checks its conditions on the row they wrote, so a
  // save never lands after them. The writes run only when `attempt` has its row.
  const writes = answerWriteCtes(save, sql<string>`received.at`, sql`FROM attempt, received`);
  const result = await sql<StatementRow>`${PREPARED}
    WITH received AS (
      SELECT to_char(statement_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at
    ), attempt AS (
      SELECT a.deadline_at FROM exam_attempts a, received
      WHERE a.id = ${save.attemptId} AND a.candidate_id = ${save.candidateId} AND a.status = 'in_progress'
        AND a.device_session_id = ${save.deviceSessionId} AND a.started_at = ${save.startedAt}
        AND a.finalise_after IS NOT NULL AND received.at <= a.finalise_after
      FOR SHARE OF a
    ), ${writes}
    SELECT (SELECT at FROM received) AS received_at, EXISTS (SELECT 1 FROM attempt) AS opened, (SELECT deadline_at FROM attempt) AS deadline_at,
      EXISTS (SELECT 1 FROM upserted) AS applied, EXISTS (SELECT 1 FROM recorded) AS recorded`.execute(db);

  const row = result.rows[0];

  if (row === undefined) {
    throw new Error(`PostgreSQL returned no row for the single-statement save of attempt ${save.attemptId}, question ${save.questionId}`);
  }

  if (!row.opened) {
    return null;
  }

  // The same results as the general path: a new history row is `stored` or `stale` by the
  // upsert's outcome, and a known idempotency key is a `duplicate`.
  let itemResult: SingleStatementOutcome['result'] = row.applied ? 'stored' : 'stale';

  if (!row.recorded) {
    itemResult = 'duplicate';
  }

  let storedVersion: number | null = save.clientVersion;

  // The upsert compared with the newest committed version, which a read in the statement's
  // snapshot may not see yet under concurrent saves, so the stored version is read afterwards.
  if (!row.applied) {
    const stored = await db.selectFrom('exam_answers').modifyFront(PREPARED).select('version').where('attempt_id', '=', save.attemptId).where('question_id', '=', save.questionId).executeTakeFirst();
    storedVersion = stored === undefined ? null : Number(stored.version);
  }

  return { result: itemResult, storedVersion, deadline: row.deadline_at, receivedAt: row.received_at };
}
