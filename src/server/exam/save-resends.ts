// Resent answer saves. The seat browser marks a save item `resent` when it sends the item again
// after a request that failed or got no acknowledgement (network loss, timeout, HTTP 5xx).
// exam_answer_history keeps one row per idempotency key, so it cannot tell how often an item
// came; exam_save_resends (migration 0105) keeps one row per resent item received, so the pilot
// evaluation can count "answers resent after a network loss".
import type { Kysely } from 'kysely';

import { newId } from '../db/columns.js';
import type { Database } from '../db/schema.js';
import type { ExamDatabase } from './exam-schema.js';

export interface ExamSaveResendTable {
  id: string;
  attempt_id: string;
  question_id: string;
  /** The item's idempotency key, which names the write that was resent. */
  idempotency_key: string;
  received_at: string;
}

type ResendDatabase = ExamDatabase & { exam_save_resends: ExamSaveResendTable };

/** The fields of a save item that a resend record needs. */
export interface ResendItem {
  questionId: string;
  clientVersion: number;
  idempotencyKey?: string;
  resent?: boolean;
}

/**
 * Appends one row per item marked `resent`, inside the caller's save transaction, so a resend
 * is counted exactly when its save request commits. Every resent item counts, also one whose
 * idempotency key the server already stores (acknowledged as `duplicate`) and one that was
 * closed or rejected: the count is of what the browser had to send again.
 */
export async function recordResends(trx: Kysely<ExamDatabase>, attemptId: string, items: readonly ResendItem[], receivedAt: string): Promise<number> {
  const rows = items
    .filter((item) => item.resent === true)
    .map((item) => ({
      id: newId(),
      attempt_id: attemptId,
      question_id: item.questionId,
      idempotency_key: item.idempotencyKey ?? `${item.questionId}:${item.clientVersion}`,
      received_at: receivedAt,
    }));

  if (rows.length === 0) {
    return 0;
  }

  await (trx as unknown as Kysely<ResendDatabase>).insertInto('exam_save_resends').values(rows).execute();
  return rows.length;
}

/** Counts the resent items of every attempt that has any, by attempt id. */
export async function countResendsByAttempt(db: Kysely<Database>): Promise<Map<string, number>> {
  const rows = await (db as unknown as Kysely<ResendDatabase>)
    .selectFrom('exam_save_resends')
    .select((eb) => ['attempt_id', eb.fn.countAll<string | number>().as('resends')])
    .groupBy('attempt_id')
    .execute();

  return new Map(rows.map((row) => [row.attempt_id, Number(row.resends)]));
}
