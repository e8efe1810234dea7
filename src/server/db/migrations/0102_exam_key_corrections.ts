import type { Kysely } from 'kysely';

// The version whose key grades a question after a key correction, for every attempt of it:
// finished attempts are regraded at once and later ones are graded with it when they finish.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('exam_key_corrections')
    .addColumn('question_id', 'text', (column) => column.primaryKey().references('questions.id'))
    .addColumn('version_id', 'text', (column) => column.notNull().references('question_versions.id'))
    .addColumn('reason', 'text', (column) => column.notNull())
    .addColumn('corrected_by', 'text')
    .addColumn('corrected_at', 'text', (column) => column.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('exam_key_corrections').execute();
}
