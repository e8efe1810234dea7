import { type Kysely, sql } from 'kysely';

// Overrides are stored as a reason code from the catalogue (src/server/checkin/decisions.ts)
// in `reason`, plus the proctor's written note in `override_reason`. Override rows written
// before the catalogue (no code, or a code it lacks) get `other`, and the old code is kept at
// the start of the note so no text is lost.
const CODES = ['no_card', 'broken_chip', 'reader_failure', 'other'];

export async function up(db: Kysely<any>): Promise<void> {
  const unknown = sql`outcome = 'override' AND reason IS NOT NULL AND reason NOT IN (${sql.join(CODES)})`;
  await sql`UPDATE check_ins SET override_reason = reason || ': ' || COALESCE(override_reason, ''), reason = 'other' WHERE ${unknown}`.execute(db);
  await sql`UPDATE check_ins SET reason = 'other', override_reason = COALESCE(override_reason, '') WHERE outcome = 'override' AND reason IS NULL`.execute(db);
}

export async function down(): Promise<void> {
  // The codes cannot be taken back: the old values are kept in the note.
}
