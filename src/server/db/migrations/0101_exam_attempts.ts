import type { Kysely } from 'kysely';

// Exam setups per session, attempts, saved answers with their append-only history, grades.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('exam_setups')
    .addColumn('exam_session_id', 'text', (column) => column.primaryKey().references('exam_sessions.id'))
    .addColumn('bank_id', 'text', (column) => column.notNull().references('question_banks.id'))
    .addColumn('title', 'text', (column) => column.notNull())
    .addColumn('seed', 'text', (column) => column.notNull())
    .addColumn('question_version_ids', 'text', (column) => column.notNull())
    .addColumn('shuffle_questions', 'integer', (column) => column.notNull())
    .addColumn('shuffle_options', 'integer', (column) => column.notNull())
    .addColumn('form_codes', 'text')
    .addColumn('opens_at', 'text', (column) => column.notNull())
    .addColumn('late_start_until', 'text', (column) => column.notNull())
    .addColumn('closes_at', 'text', (column) => column.notNull())
    .addColumn('duration_seconds', 'integer', (column) => column.notNull())
    .addColumn('grace_seconds', 'integer', (column) => column.notNull())
    .addColumn('results_allowed', 'integer', (column) => column.notNull())
    .addColumn('created_at', 'text', (column) => column.notNull())
    .addColumn('updated_at', 'text', (column) => column.notNull())
    .execute();

  await db.schema
    .createTable('exam_attempts')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('exam_session_id', 'text', (column) => column.notNull().references('exam_sessions.id'))
    .addColumn('candidate_id', 'text', (column) => column.notNull().references('candidates.id'))
    .addColumn('seat_id', 'text')
    .addColumn('status', 'text', (column) => column.notNull())
    .addColumn('unlocked_at', 'text', (column) => column.notNull())
    .addColumn('unlocked_by', 'text')
    .addColumn('device_session_id', 'text')
    .addColumn('form_code', 'text')
    .addColumn('form', 'text')
    .addColumn('started_at', 'text')
    .addColumn('extra_seconds', 'integer', (column) => column.notNull().defaultTo(0))
    .addColumn('deadline_at', 'text')
    .addColumn('finalise_after', 'text')
    .addColumn('finished_at', 'text')
    .addColumn('finish_reason', 'text')
    .addColumn('score', 'real')
    .addColumn('max_score', 'real')
    .addColumn('manual_pending', 'integer', (column) => column.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (column) => column.notNull())
    .addColumn('updated_at', 'text', (column) => column.notNull())
    .addUniqueConstraint('exam_attempts_session_candidate_unique', ['exam_session_id', 'candidate_id'])
    .execute();

  await db.schema.createIndex('exam_attempts_due').on('exam_attempts').columns(['status', 'finalise_after']).execute();

  await db.schema
    .createTable('exam_answers')
    .addColumn('attempt_id', 'text', (column) => column.notNull().references('exam_attempts.id'))
    .addColumn('question_id', 'text', (column) => column.notNull())
    .addColumn('version', 'integer', (column) => column.notNull())
    .addColumn('value', 'text')
    .addColumn('flagged', 'integer', (column) => column.notNull())
    .addColumn('saved_at', 'text', (column) => column.notNull())
    .addPrimaryKeyConstraint('exam_answers_pk', ['attempt_id', 'question_id'])
    .execute();

  await db.schema
    .createTable('exam_answer_history')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('attempt_id', 'text', (column) => column.notNull().references('exam_attempts.id'))
    .addColumn('question_id', 'text', (column) => column.notNull())
    .addColumn('client_version', 'integer', (column) => column.notNull())
    .addColumn('idempotency_key', 'text', (column) => column.notNull())
    .addColumn('value', 'text')
    .addColumn('flagged', 'integer', (column) => column.notNull())
    .addColumn('result', 'text', (column) => column.notNull())
    .addColumn('device_session_id', 'text')
    .addColumn('received_at', 'text', (column) => column.notNull())
    .addUniqueConstraint('exam_answer_history_key_unique', ['attempt_id', 'idempotency_key'])
    .execute();

  await db.schema
    .createTable('exam_grades')
    .addColumn('attempt_id', 'text', (column) => column.notNull().references('exam_attempts.id'))
    .addColumn('question_id', 'text', (column) => column.notNull())
    .addColumn('question_version_id', 'text', (column) => column.notNull())
    .addColumn('status', 'text', (column) => column.notNull())
    .addColumn('score', 'real')
    .addColumn('max_score', 'real', (column) => column.notNull())
    .addColumn('graded_by', 'text')
    .addColumn('graded_at', 'text', (column) => column.notNull())
    .addPrimaryKeyConstraint('exam_grades_pk', ['attempt_id', 'question_id'])
    .execute();

  await db.schema
    .createTable('exam_feedback')
    .addColumn('attempt_id', 'text', (column) => column.primaryKey().references('exam_attempts.id'))
    .addColumn('rating', 'integer', (column) => column.notNull())
    .addColumn('ease', 'integer', (column) => column.notNull())
    .addColumn('comment', 'text')
    .addColumn('created_at', 'text', (column) => column.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['exam_feedback', 'exam_grades', 'exam_answer_history', 'exam_answers', 'exam_attempts', 'exam_setups']) {
    await db.schema.dropTable(table).execute();
  }
}
