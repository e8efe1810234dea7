// Registry storage: answers cached per candidate and exam event, billable checks (at most one
// per candidate and exam event) and the retry queue. Table shapes: src/registry/storage-schema.ts.
// NOTE: no foreign keys yet: candidate ids and check-in ids point at tables of other areas,
// and the check-in table does not exist when this migration is written.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('registry_answers')
    .addColumn('exam_event_id', 'text', (column) => column.notNull())
    .addColumn('candidate_id', 'text', (column) => column.notNull())
    .addColumn('outcome', 'text', (column) => column.notNull())
    .addColumn('mismatched_fields', 'text', (column) => column.notNull())
    .addColumn('reference_id', 'text')
    .addColumn('request_fingerprint', 'text', (column) => column.notNull())
    .addColumn('checked_at', 'text', (column) => column.notNull())
    .addPrimaryKeyConstraint('registry_answers_pk', ['exam_event_id', 'candidate_id'])
    .execute();

  await db.schema
    .createTable('registry_billable_checks')
    .addColumn('exam_event_id', 'text', (column) => column.notNull())
    .addColumn('candidate_id', 'text', (column) => column.notNull())
    .addColumn('reference_id', 'text')
    .addColumn('outcome', 'text', (column) => column.notNull())
    .addColumn('checked_at', 'text', (column) => column.notNull())
    .addPrimaryKeyConstraint('registry_billable_checks_pk', ['exam_event_id', 'candidate_id'])
    .execute();

  await db.schema
    .createTable('registry_retry_jobs')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('exam_event_id', 'text', (column) => column.notNull())
    .addColumn('candidate_id', 'text', (column) => column.notNull())
    .addColumn('check_in_id', 'text', (column) => column.notNull())
    .addColumn('request_json', 'text')
    .addColumn('status', 'text', (column) => column.notNull())
    .addColumn('attempts', 'integer', (column) => column.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text', (column) => column.notNull())
    .addColumn('claimed_by', 'text')
    .addColumn('claim_expires_at', 'text')
    .addColumn('last_reason', 'text')
    .addColumn('created_at', 'text', (column) => column.notNull())
    .addColumn('updated_at', 'text', (column) => column.notNull())
    .execute();

  // At most one open job per candidate and exam event; finished jobs stay as history.
  await sql`CREATE UNIQUE INDEX registry_retry_jobs_open_key ON registry_retry_jobs (exam_event_id, candidate_id) WHERE status IN ('pending', 'running')`.execute(db);

  await db.schema.createIndex('registry_retry_jobs_due').on('registry_retry_jobs').columns(['status', 'next_attempt_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('registry_retry_jobs').execute();
  await db.schema.dropTable('registry_billable_checks').execute();
  await db.schema.dropTable('registry_answers').execute();
}
