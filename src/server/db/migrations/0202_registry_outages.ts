// Registry outage periods: from the first check that found the verification service
// unreachable to the first check it answered again, per exam event, with the unit and the exam
// session where known. Written by every server instance (src/server/checkin/registry-outage-store.ts).
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('registry_outages')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('exam_event_id', 'text', (column) => column.notNull().references('exam_events.id'))
    .addColumn('unit_id', 'text', (column) => column.references('units.id'))
    .addColumn('exam_session_id', 'text', (column) => column.references('exam_sessions.id'))
    .addColumn('reason', 'text', (column) => column.notNull())
    .addColumn('started_at', 'text', (column) => column.notNull())
    .addColumn('ended_at', 'text')
    .addColumn('opened_by', 'text', (column) => column.notNull())
    .addColumn('closed_by', 'text')
    .execute();

  // One open period per exam event, so instances that fail at the same moment open one row.
  await sql`CREATE UNIQUE INDEX registry_outages_open ON registry_outages (exam_event_id) WHERE ended_at IS NULL`.execute(db);
  await db.schema.createIndex('registry_outages_event').on('registry_outages').columns(['exam_event_id', 'started_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('registry_outages').execute();
}
