import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('exam_events')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('unit_id', 'text', (column) => column.notNull().references('units.id'))
    .addColumn('pilot_round_id', 'text', (column) => column.references('pilot_rounds.id'))
    .addColumn('kind', 'text', (column) => column.notNull())
    .addColumn('code', 'text', (column) => column.notNull())
    .addColumn('title', 'text', (column) => column.notNull())
    .addColumn('starts_on', 'text')
    .addColumn('ends_on', 'text')
    .addColumn('created_at', 'text', (column) => column.notNull())
    .addUniqueConstraint('exam_events_unit_code_unique', ['unit_id', 'code'])
    .execute();

  await db.schema
    .createTable('exam_sessions')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('exam_event_id', 'text', (column) => column.notNull().references('exam_events.id'))
    .addColumn('code', 'text', (column) => column.notNull())
    .addColumn('date', 'text', (column) => column.notNull())
    .addColumn('start_time', 'text', (column) => column.notNull())
    .addColumn('duration_minutes', 'integer', (column) => column.notNull())
    .addColumn('window_minutes', 'integer', (column) => column.notNull())
    .addColumn('created_at', 'text', (column) => column.notNull())
    .addUniqueConstraint('exam_sessions_event_code_unique', ['exam_event_id', 'code'])
    .execute();

  await db.schema
    .createTable('rooms')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('unit_id', 'text', (column) => column.notNull().references('units.id'))
    .addColumn('code', 'text', (column) => column.notNull())
    .addColumn('name', 'text', (column) => column.notNull())
    .addColumn('created_at', 'text', (column) => column.notNull())
    .addUniqueConstraint('rooms_unit_code_unique', ['unit_id', 'code'])
    .execute();

  await db.schema
    .createTable('seats')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('room_id', 'text', (column) => column.notNull().references('rooms.id').onDelete('cascade'))
    .addColumn('label', 'text', (column) => column.notNull())
    .addColumn('position', 'integer', (column) => column.notNull())
    .addUniqueConstraint('seats_room_label_unique', ['room_id', 'label'])
    .execute();

  await db.schema
    .createTable('check_in_stations')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('room_id', 'text', (column) => column.notNull().references('rooms.id').onDelete('cascade'))
    .addColumn('name', 'text', (column) => column.notNull())
    .addColumn('created_at', 'text', (column) => column.notNull())
    .execute();

  await db.schema
    .createTable('exam_registrations')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('exam_event_id', 'text', (column) => column.notNull().references('exam_events.id'))
    .addColumn('candidate_id', 'text', (column) => column.notNull().references('candidates.id'))
    .addColumn('candidate_number', 'text', (column) => column.notNull())
    .addColumn('created_at', 'text', (column) => column.notNull())
    .addUniqueConstraint('exam_registrations_event_candidate_unique', ['exam_event_id', 'candidate_id'])
    .addUniqueConstraint('exam_registrations_event_number_unique', ['exam_event_id', 'candidate_number'])
    .execute();

  await db.schema
    .createTable('seat_assignments')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('exam_session_id', 'text', (column) => column.notNull().references('exam_sessions.id'))
    .addColumn('registration_id', 'text', (column) => column.notNull().references('exam_registrations.id'))
    .addColumn('seat_id', 'text', (column) => column.notNull().references('seats.id'))
    .addColumn('created_at', 'text', (column) => column.notNull())
    .addUniqueConstraint('seat_assignments_session_registration_unique', ['exam_session_id', 'registration_id'])
    .addUniqueConstraint('seat_assignments_session_seat_unique', ['exam_session_id', 'seat_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['seat_assignments', 'exam_registrations', 'check_in_stations', 'seats', 'rooms', 'exam_sessions', 'exam_events']) {
    await db.schema.dropTable(table).execute();
  }
}
