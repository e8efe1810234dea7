import type { Kysely } from 'kysely';

// Candidates answer the reports questionnaire (table feedback_responses), which the pilot
// evaluation reads, so the exam's own two-rating feedback table is dropped to keep one source.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('exam_feedback').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('exam_feedback')
    .addColumn('attempt_id', 'text', (column) => column.primaryKey().references('exam_attempts.id'))
    .addColumn('rating', 'integer', (column) => column.notNull())
    .addColumn('ease', 'integer', (column) => column.notNull())
    .addColumn('comment', 'text')
    .addColumn('created_at', 'text', (column) => column.notNull())
    .execute();
}
