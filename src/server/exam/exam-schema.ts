// Table types of the exam area (migrations 0100-0199). Exam code queries through
// `examDb(db)`, a view of the server's Kysely instance typed with these tables as well.
import type { Kysely, Transaction } from 'kysely';

import type { Database } from '../db/schema.js';

export interface QuestionBankTable {
  id: string;
  unit_id: string;
  name: string;
  created_at: string;
  updated_at: string;
}

export interface QuestionTable {
  id: string;
  bank_id: string;
  position: number;
  current_version_id: string;
  retired: number;
  created_at: string;
  updated_at: string;
}

export interface QuestionVersionTable {
  id: string;
  question_id: string;
  version: number;
  kind: string;
  section: string | null;
  topic: string | null;
  difficulty: string | null;
  points: number;
  /** JSON of the question model (src/exam/question.ts), keys included; never sent to candidates as is. */
  body: string;
  created_by: string | null;
  created_at: string;
}

export interface ExamSetupTable {
  exam_session_id: string;
  bank_id: string;
  title: string;
  seed: string;
  /** JSON list of the question version ids drawn for the session, in blueprint order. */
  question_version_ids: string;
  shuffle_questions: number;
  shuffle_options: number;
  /** JSON list of printed form codes (mã đề), or null for a shuffle per candidate. */
  form_codes: string | null;
  opens_at: string;
  late_start_until: string;
  closes_at: string;
  duration_seconds: number;
  grace_seconds: number;
  results_allowed: number;
  created_at: string;
  updated_at: string;
}

/**
 * `unlocked`: checked in, not started; `in_progress`; `submitted`; `expired`: finalised at the
 * deadline. `locked` (was unlocked) and `suspended` (was in progress) are holds: the registry
 * rejected the candidate after the admission, and the attempt waits for a proctor's decision.
 */
export type AttemptStatus = 'unlocked' | 'in_progress' | 'submitted' | 'expired' | 'locked' | 'suspended';

export interface ExamAttemptTable {
  id: string;
  exam_session_id: string;
  candidate_id: string;
  seat_id: string | null;
  status: AttemptStatus;
  unlocked_at: string;
  unlocked_by: string | null;
  /** The login session (hash) of the one device allowed to write; null until the first load. */
  device_session_id: string | null;
  form_code: string | null;
  /** JSON of the attempt's form: items of question id, version id and display order. */
  form: string | null;
  started_at: string | null;
  extra_seconds: number;
  deadline_at: string | null;
  /** Deadline plus grace: the finaliser takes the attempt after this instant. */
  finalise_after: string | null;
  finished_at: string | null;
  finish_reason: 'submitted' | 'deadline' | null;
  score: number | null;
  max_score: number | null;
  manual_pending: number;
  /** Refusal code (src/server/checkin/decisions.ts) of the hold, or null when the attempt has none. */
  hold_reason: string | null;
  held_at: string | null;
  /** The proctor who decided to keep the hold, and when; null while the hold awaits a decision. */
  hold_kept_by: string | null;
  hold_kept_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface ExamAnswerTable {
  attempt_id: string;
  question_id: string;
  version: number;
  /** JSON of the response (src/exam/question.ts Response), or null when cleared. */
  value: string | null;
  flagged: number;
  saved_at: string;
}

export type SaveResult = 'stored' | 'stale' | 'duplicate' | 'closed' | 'rejected';

export interface ExamAnswerHistoryTable {
  id: string;
  attempt_id: string;
  question_id: string;
  client_version: number;
  idempotency_key: string;
  value: string | null;
  flagged: number;
  result: SaveResult;
  device_session_id: string | null;
  received_at: string;
}

export interface ExamGradeTable {
  attempt_id: string;
  question_id: string;
  question_version_id: string;
  status: 'graded' | 'unanswered' | 'manual';
  score: number | null;
  max_score: number;
  graded_by: string | null;
  graded_at: string;
}

export interface ExamKeyCorrectionTable {
  question_id: string;
  version_id: string;
  reason: string;
  corrected_by: string | null;
  corrected_at: string;
}

export interface ExamDatabase extends Database {
  question_banks: QuestionBankTable;
  questions: QuestionTable;
  question_versions: QuestionVersionTable;
  exam_setups: ExamSetupTable;
  exam_attempts: ExamAttemptTable;
  exam_answers: ExamAnswerTable;
  exam_answer_history: ExamAnswerHistoryTable;
  exam_grades: ExamGradeTable;
  exam_key_corrections: ExamKeyCorrectionTable;
}

/** Returns the same Kysely instance typed with the exam tables. */
export function examDb(db: Kysely<Database>): Kysely<ExamDatabase> {
  return db as unknown as Kysely<ExamDatabase>;
}

export type ExamTransaction = Transaction<ExamDatabase>;
