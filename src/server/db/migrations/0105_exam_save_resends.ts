import type { Kysely } from 'kysely';

// One row per answer item that a seat browser marked as resent (sent again after a failed or
// unacknowledged save request). exam_answer_history keeps a repeated idempotency key once, so it
// cannot count resends; this table is append-only and keeps every one, for the pilot evaluation.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('exam_save_resends')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('attempt_id', 'text', (column) => column.notNull().references('exam_attempts.id'))
    .addColumn('question_id', 'text', (column) => column.notNull())
    .addColumn('idempotency_key', 'text', (column) => column.notNull())
    .addColumn('received_at', 'text', (column) => column.notNull())
    .execute();

  await db.schema.createIndex('exam_save_resends_attempt').on('exam_save_resends').column('attempt_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('exam_save_resends').execute();
}
