import type { Kysely } from 'kysely';

// Answers to the short feedback questionnaire after an exam, from candidates and proctors.
// `answers` is JSON text keyed by question id (see src/reports/feedback-questionnaire.ts).
// One response per candidate or proctor per exam event; a second submission replaces the first.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('feedback_responses')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('exam_event_id', 'text', (column) => column.notNull().references('exam_events.id'))
    .addColumn('unit_id', 'text', (column) => column.notNull().references('units.id'))
    .addColumn('respondent', 'text', (column) => column.notNull())
    .addColumn('candidate_id', 'text', (column) => column.references('candidates.id'))
    .addColumn('user_id', 'text', (column) => column.references('users.id'))
    .addColumn('questionnaire_version', 'integer', (column) => column.notNull())
    .addColumn('answers', 'text', (column) => column.notNull())
    .addColumn('submitted_at', 'text', (column) => column.notNull())
    .addUniqueConstraint('feedback_responses_event_candidate_unique', ['exam_event_id', 'candidate_id'])
    .addUniqueConstraint('feedback_responses_event_user_unique', ['exam_event_id', 'user_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('feedback_responses').execute();
}
