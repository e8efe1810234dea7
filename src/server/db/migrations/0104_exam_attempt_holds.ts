import type { Kysely } from 'kysely';

// A hold on an attempt: the registry rejected a candidate after a "registry pending" admission,
// so the attempt went back to `locked` (not started) or `suspended` (in progress) until a
// proctor re-admits the candidate or keeps the hold. The columns stay null on attempts without a hold.
const COLUMNS = ['hold_reason', 'held_at', 'hold_kept_by', 'hold_kept_at'] as const;

export async function up(db: Kysely<any>): Promise<void> {
  // SQLite adds one column per ALTER TABLE.
  for (const column of COLUMNS) {
    await db.schema.alterTable('exam_attempts').addColumn(column, 'text').execute();
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const column of [...COLUMNS].reverse()) {
    await db.schema.alterTable('exam_attempts').dropColumn(column).execute();
  }
}
