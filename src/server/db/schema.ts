// The typed shape of every table, one section per area. An area that adds tables in its
// migrations adds an interface per table in its section and a line in `Database`.
// Column conventions (ids, timestamps, booleans, JSON) are in ./columns.ts.
// ---------------------------------------------------------------------------------------------
// Core: organisation

export interface DepartmentTable {
  id: string;
  code: string;
  name: string;
  created_at: string;
}

/** Kinds of unit: school, continuing-education centre, other centre. */
export type UnitKind = 'school' | 'continuing_education_centre' | 'centre';

export interface UnitTable {
  id: string;
  department_id: string;
  code: string;
  name: string;
  kind: UnitKind;
  created_at: string;
  updated_at: string;
}

export interface ClassTable {
  id: string;
  unit_id: string;
  code: string;
  name: string;
  school_year: string | null;
  created_at: string;
}

export interface PilotRoundTable {
  id: string;
  department_id: string;
  number: number;
  name: string;
  starts_on: string | null;
  ends_on: string | null;
  created_at: string;
}

// ---------------------------------------------------------------------------------------------
// Core: accounts

export type Role = 'department_admin' | 'unit_admin' | 'teacher' | 'proctor' | 'candidate';

export interface UserTable {
  id: string;
  username: string;
  display_name: string;
  role: Role;
  /** Null only for department administrators, who see every unit. */
  unit_id: string | null;
  /** The candidate record of a user with the candidate role. */
  candidate_id: string | null;
  /** argon2id PHC string. */
  password_hash: string;
  must_change_password: number;
  disabled: number;
  failed_logins: number;
  locked_until: string | null;
  created_at: string;
  updated_at: string;
}

export interface SessionTable {
  /** SHA-256 (hex) of the session cookie value; the value itself is never stored. */
  id: string;
  user_id: string;
  csrf_token: string;
  created_at: string;
  expires_at: string;
  last_seen_at: string;
}

/** Failed-login counters per client address, for rate limiting across instances. */
export interface LoginThrottleTable {
  key: string;
  failures: number;
  window_started_at: string;
  blocked_until: string | null;
}

// ---------------------------------------------------------------------------------------------
// Core: candidates

/**
 * Whether the candidate can check in with a chip: `chipped` (12-digit ID on a card issued from
 * 2021), `no_card`, `legacy_id` (9-digit CMND only) or `pre_2021_card` (a 12-digit card issued
 * before the chipped cards, without chip).
 */
export type ChipStatus = 'chipped' | 'no_card' | 'legacy_id' | 'pre_2021_card';

export interface CandidateTable {
  id: string;
  unit_id: string;
  class_id: string | null;
  /** The key re-imports match on: `id:<12 digits>`, `legacy:<9 digits>` or `name:<NFC name>|<birth date>`. */
  match_key: string;
  id_number: string | null;
  legacy_id_number: string | null;
  card_issued_on: string | null;
  /** The name in Unicode NFC with single spaces, used for matching with the chip. */
  full_name: string;
  /** The name as the unit typed it, shown on screens and lists. */
  full_name_display: string;
  birth_date: string;
  sex: 'M' | 'F';
  chip_status: ChipStatus;
  email: string | null;
  phone: string | null;
  created_at: string;
  updated_at: string;
}

export interface CandidateImportTable {
  id: string;
  unit_id: string;
  user_id: string | null;
  file_name: string;
  file_sha256: string;
  row_count: number;
  created_count: number;
  updated_count: number;
  created_at: string;
}

// ---------------------------------------------------------------------------------------------
// Core: exam events, sessions, rooms

export type ExamEventKind = 'exam' | 'contest' | 'certification_test';

export interface ExamEventTable {
  id: string;
  unit_id: string;
  pilot_round_id: string | null;
  kind: ExamEventKind;
  code: string;
  title: string;
  starts_on: string | null;
  ends_on: string | null;
  created_at: string;
}

export interface ExamSessionTable {
  id: string;
  exam_event_id: string;
  code: string;
  /** Calendar date `yyyy-mm-dd` and local start time `hh:mm` (Asia/Ho_Chi_Minh). */
  date: string;
  start_time: string;
  duration_minutes: number;
  /** Minutes after the start during which a candidate may still begin. */
  window_minutes: number;
  created_at: string;
}

export interface RoomTable {
  id: string;
  unit_id: string;
  code: string;
  name: string;
  created_at: string;
}

export interface SeatTable {
  id: string;
  room_id: string;
  label: string;
  position: number;
}

export interface CheckInStationTable {
  id: string;
  room_id: string;
  name: string;
  created_at: string;
}

/** A candidate registered for an exam event, with the candidate number (SBD). */
export interface ExamRegistrationTable {
  id: string;
  exam_event_id: string;
  candidate_id: string;
  candidate_number: string;
  created_at: string;
}

export interface SeatAssignmentTable {
  id: string;
  exam_session_id: string;
  registration_id: string;
  seat_id: string;
  created_at: string;
}

// ---------------------------------------------------------------------------------------------
// Core: audit log

export interface AuditLogTable {
  /** Position in the chain, from 1, without gaps. */
  seq: number;
  id: string;
  occurred_at: string;
  actor_user_id: string | null;
  unit_id: string | null;
  action: string;
  subject_type: string | null;
  subject_id: string | null;
  /** JSON object of further facts; never personal data. */
  details: string;
  prev_hash: string;
  hash: string;
}

// ---------------------------------------------------------------------------------------------
// Exam (0100-0199), check-in (0200-0299) and reports (0300-0399) add their sections below.

// ---------------------------------------------------------------------------------------------
// Reports (0300-0399)

/** One version of the department's price list; the newest row is in force. Prices in whole đồng, rates in basis points. */
export interface ReportPriceListTable {
  id: string;
  department_id: string;
  /** bigint: PostgreSQL returns it as a string, SQLite as a number. */
  reader_price: string | number;
  reader_vat_rate: number;
  licence_price_per_unit_year: string | number;
  licence_vat_rate: number;
  verification_fee_per_check: string | number;
  verification_vat_rate: number;
  created_by: string | null;
  created_at: string;
}

/** A feedback questionnaire response; exactly one of candidate_id (candidates) and user_id (proctors) is set. */
export interface FeedbackResponseTable {
  id: string;
  exam_event_id: string;
  unit_id: string;
  respondent: 'candidate' | 'proctor';
  candidate_id: string | null;
  user_id: string | null;
  questionnaire_version: number;
  /** JSON object: question id to a Likert value 1..5 or a text. */
  answers: string;
  submitted_at: string;
}

export interface Database {
  departments: DepartmentTable;
  units: UnitTable;
  classes: ClassTable;
  pilot_rounds: PilotRoundTable;
  users: UserTable;
  sessions: SessionTable;
  login_throttle: LoginThrottleTable;
  candidates: CandidateTable;
  candidate_imports: CandidateImportTable;
  exam_events: ExamEventTable;
  exam_sessions: ExamSessionTable;
  rooms: RoomTable;
  seats: SeatTable;
  check_in_stations: CheckInStationTable;
  exam_registrations: ExamRegistrationTable;
  seat_assignments: SeatAssignmentTable;
  audit_log: AuditLogTable;
  report_price_lists: ReportPriceListTable;
  feedback_responses: FeedbackResponseTable;
}
