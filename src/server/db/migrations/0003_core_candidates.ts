import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('candidates')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('unit_id', 'text', (column) => column.notNull().references('units.id'))
    .addColumn('class_id', 'text', (column) => column.references('classes.id'))
    .addColumn('match_key', 'text', (column) => column.notNull())
    .addColumn('id_number', 'text')
    .addColumn('legacy_id_number', 'text')
    .addColumn('card_issued_on', 'text')
    .addColumn('full_name', 'text', (column) => column.notNull())
    .addColumn('full_name_display', 'text', (column) => column.notNull())
    .addColumn('birth_date', 'text', (column) => column.notNull())
    .addColumn('sex', 'text', (column) => column.notNull())
    .addColumn('chip_status', 'text', (column) => column.notNull())
    .addColumn('email', 'text')
    .addColumn('phone', 'text')
    .addColumn('created_at', 'text', (column) => column.notNull())
    .addColumn('updated_at', 'text', (column) => column.notNull())
    .addUniqueConstraint('candidates_unit_match_key_unique', ['unit_id', 'match_key'])
    .execute();

  await db.schema.createIndex('candidates_id_number_index').on('candidates').column('id_number').execute();

  await db.schema
    .createTable('candidate_imports')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('unit_id', 'text', (column) => column.notNull().references('units.id'))
    .addColumn('user_id', 'text', (column) => column.references('users.id'))
    .addColumn('file_name', 'text', (column) => column.notNull())
    .addColumn('file_sha256', 'text', (column) => column.notNull())
    .addColumn('row_count', 'integer', (column) => column.notNull())
    .addColumn('created_count', 'integer', (column) => column.notNull())
    .addColumn('updated_count', 'integer', (column) => column.notNull())
    .addColumn('created_at', 'text', (column) => column.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('candidate_imports').execute();
  await db.schema.dropTable('candidates').execute();
}
