// Check-in storage: station tokens (hash only), trust anchors loaded by the department
// administrator, one row per check-in attempt (the pilot evaluation reads it) and the chip
// photos, encrypted at rest and purged after the retention period.
// Table shapes: src/server/checkin/checkin-schema.ts.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('check_in_station_tokens')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('station_id', 'text', (column) => column.notNull().references('check_in_stations.id').onDelete('cascade'))
    .addColumn('room_id', 'text', (column) => column.notNull().references('rooms.id').onDelete('cascade'))
    .addColumn('token_hash', 'text', (column) => column.notNull().unique())
    .addColumn('label', 'text', (column) => column.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (column) => column.notNull())
    .addColumn('revoked_at', 'text')
    .addColumn('revoked_by', 'text')
    .addColumn('last_seen_at', 'text')
    .execute();

  await db.schema
    .createTable('trust_anchors')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('kind', 'text', (column) => column.notNull())
    .addColumn('name', 'text', (column) => column.notNull())
    .addColumn('sha256', 'text', (column) => column.notNull().unique())
    .addColumn('content', 'text', (column) => column.notNull())
    .addColumn('certificate_count', 'integer', (column) => column.notNull())
    .addColumn('loaded_by', 'text')
    .addColumn('created_at', 'text', (column) => column.notNull())
    .addColumn('removed_at', 'text')
    .execute();

  await db.schema
    .createTable('check_ins')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('exam_event_id', 'text', (column) => column.notNull().references('exam_events.id'))
    .addColumn('exam_session_id', 'text', (column) => column.notNull().references('exam_sessions.id'))
    .addColumn('room_id', 'text', (column) => column.notNull().references('rooms.id'))
    .addColumn('unit_id', 'text', (column) => column.notNull())
    .addColumn('station_id', 'text')
    .addColumn('candidate_id', 'text')
    .addColumn('registration_id', 'text')
    .addColumn('seat_id', 'text')
    .addColumn('selection_method', 'text', (column) => column.notNull())
    .addColumn('selected_by', 'text')
    .addColumn('status', 'text', (column) => column.notNull())
    .addColumn('nonce', 'text')
    .addColumn('nonce_used', 'integer', (column) => column.notNull().defaultTo(0))
    .addColumn('outcome', 'text')
    .addColumn('reason', 'text')
    .addColumn('registry_state', 'text', (column) => column.notNull())
    .addColumn('registry_outcome', 'text')
    .addColumn('registry_job_id', 'text')
    .addColumn('registry_billable', 'integer', (column) => column.notNull().defaultTo(0))
    .addColumn('face_confirmed_by', 'text')
    .addColumn('override_reason', 'text')
    .addColumn('access_control', 'text')
    .addColumn('sod_sha256', 'text')
    .addColumn('checks', 'text', (column) => column.notNull())
    .addColumn('step_durations_ms', 'text', (column) => column.notNull())
    .addColumn('duration_ms', 'integer')
    .addColumn('attempt_id', 'text')
    .addColumn('started_at', 'text', (column) => column.notNull())
    .addColumn('card_read_at', 'text')
    .addColumn('decided_at', 'text')
    .addColumn('ended_at', 'text')
    .addColumn('updated_at', 'text', (column) => column.notNull())
    .execute();

  await db.schema.createIndex('check_ins_session_candidate').on('check_ins').columns(['exam_session_id', 'candidate_id']).execute();
  await db.schema.createIndex('check_ins_room_started').on('check_ins').columns(['room_id', 'started_at']).execute();

  await db.schema
    .createTable('check_in_photos')
    .addColumn('check_in_id', 'text', (column) => column.primaryKey().references('check_ins.id').onDelete('cascade'))
    .addColumn('mime_type', 'text', (column) => column.notNull())
    .addColumn('key_id', 'text', (column) => column.notNull())
    .addColumn('iv', 'text', (column) => column.notNull())
    .addColumn('ciphertext', 'text', (column) => column.notNull())
    .addColumn('auth_tag', 'text', (column) => column.notNull())
    .addColumn('created_at', 'text', (column) => column.notNull())
    .addColumn('expires_at', 'text', (column) => column.notNull())
    .execute();

  await db.schema.createIndex('check_in_photos_expires').on('check_in_photos').column('expires_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['check_in_photos', 'check_ins', 'trust_anchors', 'check_in_station_tokens']) {
    await db.schema.dropTable(table).execute();
  }
}
