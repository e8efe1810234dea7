import type { Kysely } from 'kysely';

// Question banks and versioned questions. A question's id is stable; every edit of a question
// that attempts have seen adds a row to question_versions, and attempts keep the version id.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('question_banks')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('unit_id', 'text', (column) => column.notNull().references('units.id'))
    .addColumn('name', 'text', (column) => column.notNull())
    .addColumn('created_at', 'text', (column) => column.notNull())
    .addColumn('updated_at', 'text', (column) => column.notNull())
    .addUniqueConstraint('question_banks_unit_name_unique', ['unit_id', 'name'])
    .execute();

  await db.schema
    .createTable('questions')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('bank_id', 'text', (column) => column.notNull().references('question_banks.id'))
    .addColumn('position', 'integer', (column) => column.notNull())
    .addColumn('current_version_id', 'text', (column) => column.notNull())
    .addColumn('retired', 'integer', (column) => column.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (column) => column.notNull())
    .addColumn('updated_at', 'text', (column) => column.notNull())
    .execute();

  await db.schema.createIndex('questions_bank_position').on('questions').columns(['bank_id', 'position']).execute();

  await db.schema
    .createTable('question_versions')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('question_id', 'text', (column) => column.notNull().references('questions.id'))
    .addColumn('version', 'integer', (column) => column.notNull())
    .addColumn('kind', 'text', (column) => column.notNull())
    .addColumn('section', 'text')
    .addColumn('topic', 'text')
    .addColumn('difficulty', 'text')
    .addColumn('points', 'real', (column) => column.notNull())
    .addColumn('body', 'text', (column) => column.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (column) => column.notNull())
    .addUniqueConstraint('question_versions_question_version_unique', ['question_id', 'version'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['question_versions', 'questions', 'question_banks']) {
    await db.schema.dropTable(table).execute();
  }
}
