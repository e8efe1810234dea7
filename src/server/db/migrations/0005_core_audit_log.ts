import { type Kysely, sql } from 'kysely';

import { dialectOf } from '../dialect.js';

export async function up(db: Kysely<any>): Promise<void> {
  // `seq` is assigned by appendAudit under a lock (not by the database), so the chain has no
  // gaps on either dialect.
  await db.schema
    .createTable('audit_log')
    .addColumn('seq', 'integer', (column) => column.primaryKey())
    .addColumn('id', 'text', (column) => column.notNull().unique())
    .addColumn('occurred_at', 'text', (column) => column.notNull())
    .addColumn('actor_user_id', 'text')
    .addColumn('unit_id', 'text')
    .addColumn('action', 'text', (column) => column.notNull())
    .addColumn('subject_type', 'text')
    .addColumn('subject_id', 'text')
    .addColumn('details', 'text', (column) => column.notNull())
    .addColumn('prev_hash', 'text', (column) => column.notNull())
    .addColumn('hash', 'text', (column) => column.notNull())
    .execute();

  await db.schema.createIndex('audit_log_unit_index').on('audit_log').columns(['unit_id', 'seq']).execute();

  // The database itself rejects changes to written entries, so a bug or a stray SQL statement
  // cannot rewrite history; the hash chain shows any change made around these triggers.
  if (dialectOf(db) === 'postgres') {
    await sql`CREATE FUNCTION audit_log_reject_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$`.execute(db);
    await sql`CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
      FOR EACH ROW EXECUTE FUNCTION audit_log_reject_change()`.execute(db);
    return;
  }

  await sql`CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`.execute(db);
  await sql`CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('audit_log').execute();

  if (dialectOf(db) === 'postgres') {
    await sql`DROP FUNCTION audit_log_reject_change()`.execute(db);
  }
}
