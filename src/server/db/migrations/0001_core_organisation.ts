import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('departments')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('code', 'text', (column) => column.notNull().unique())
    .addColumn('name', 'text', (column) => column.notNull())
    .addColumn('created_at', 'text', (column) => column.notNull())
    .execute();

  await db.schema
    .createTable('units')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('department_id', 'text', (column) => column.notNull().references('departments.id'))
    .addColumn('code', 'text', (column) => column.notNull().unique())
    .addColumn('name', 'text', (column) => column.notNull())
    .addColumn('kind', 'text', (column) => column.notNull())
    .addColumn('created_at', 'text', (column) => column.notNull())
    .addColumn('updated_at', 'text', (column) => column.notNull())
    .execute();

  await db.schema
    .createTable('classes')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('unit_id', 'text', (column) => column.notNull().references('units.id'))
    .addColumn('code', 'text', (column) => column.notNull())
    .addColumn('name', 'text', (column) => column.notNull())
    .addColumn('school_year', 'text')
    .addColumn('created_at', 'text', (column) => column.notNull())
    .addUniqueConstraint('classes_unit_code_unique', ['unit_id', 'code'])
    .execute();

  await db.schema
    .createTable('pilot_rounds')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('department_id', 'text', (column) => column.notNull().references('departments.id'))
    .addColumn('number', 'integer', (column) => column.notNull())
    .addColumn('name', 'text', (column) => column.notNull())
    .addColumn('starts_on', 'text')
    .addColumn('ends_on', 'text')
    .addColumn('created_at', 'text', (column) => column.notNull())
    .addUniqueConstraint('pilot_rounds_department_number_unique', ['department_id', 'number'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('pilot_rounds').execute();
  await db.schema.dropTable('classes').execute();
  await db.schema.dropTable('units').execute();
  await db.schema.dropTable('departments').execute();
}
