import type { Kysely } from 'kysely';

// Loading the candidate's attempt looks it up by candidate_id alone. The unique index on
// (exam_session_id, candidate_id) cannot serve that, so each load scanned every attempt, with
// its form JSON: 10,000 candidates loading together cost O(N²) reads.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('exam_attempts_candidate').on('exam_attempts').column('candidate_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('exam_attempts_candidate').execute();
}
