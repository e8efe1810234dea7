import type { Kysely } from 'kysely';

// Incident reports (biên bản) written by a proctor for an exam session in a room: the kind, the
// time it happened, a description and the candidates involved (JSON list of candidate ids).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('incident_reports')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('unit_id', 'text', (column) => column.notNull().references('units.id'))
    .addColumn('exam_session_id', 'text', (column) => column.notNull().references('exam_sessions.id'))
    .addColumn('room_id', 'text', (column) => column.notNull().references('rooms.id'))
    .addColumn('kind', 'text', (column) => column.notNull())
    .addColumn('occurred_at', 'text', (column) => column.notNull())
    .addColumn('description', 'text', (column) => column.notNull())
    .addColumn('candidate_ids', 'text', (column) => column.notNull())
    .addColumn('created_by', 'text', (column) => column.references('users.id'))
    .addColumn('created_at', 'text', (column) => column.notNull())
    .execute();

  await db.schema.createIndex('incident_reports_session_room').on('incident_reports').columns(['exam_session_id', 'room_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('incident_reports').execute();
}
