// Table types of the check-in area (migration 0200_checkin_tables). Check-in code queries
// through `checkInDb(db)`, the server's Kysely instance typed with these tables, the exam
// tables and the registry tables.
import type { Kysely } from 'kysely';

import type { RegistryTables } from '../../registry/storage-schema.js';
import type { Database } from '../db/schema.js';
import type { ExamDatabase } from '../exam/exam-schema.js';

/** A station token; only the SHA-256 of the token is stored. */
export interface StationTokenTable {
  id: string;
  station_id: string;
  room_id: string;
  /** SHA-256 (hex) of the token text. */
  token_hash: string;
  label: string;
  created_by: string | null;
  created_at: string;
  revoked_at: string | null;
  revoked_by: string | null;
  last_seen_at: string | null;
}

/** A CSCA certificate file, ICAO master list or CRL loaded by the department administrator. */
export interface TrustAnchorTable {
  id: string;
  kind: 'certificate' | 'master-list' | 'crl';
  name: string;
  /** SHA-256 (hex) of the file, so the same file is stored once. */
  sha256: string;
  /** The file in base64, exactly as uploaded. */
  content: string;
  certificate_count: number;
  loaded_by: string | null;
  created_at: string;
  removed_at: string | null;
}

/** How the proctor named the candidate at the station. */
export type SelectionMethod = 'dashboard' | 'candidate_number' | 'qr' | 'fallback' | 'override';

/**
 * `waiting_card`: the station has the read request; `verifying`: the dump arrived; `verified`:
 * the chip and data passed and the proctor must confirm the face; `decided`: admitted or
 * refused; `cancelled`: replaced by another check-in or cancelled by the proctor.
 */
export type CheckInStatus = 'waiting_card' | 'verifying' | 'verified' | 'decided' | 'cancelled';

/** `not_configured`: no registry service is set up; the other values follow RegistryCheck. */
export type RegistryState = 'not_configured' | 'not_checked' | 'answered' | 'pending' | 'failed';

export interface CheckInTable {
  id: string;
  exam_event_id: string;
  exam_session_id: string;
  room_id: string;
  unit_id: string;
  station_id: string | null;
  /** Null until the chip names the candidate (fallback reads). */
  candidate_id: string | null;
  registration_id: string | null;
  seat_id: string | null;
  selection_method: SelectionMethod;
  selected_by: string | null;
  status: CheckInStatus;
  /** Active authentication nonce (hex) chosen by the server; used once. */
  nonce: string | null;
  nonce_used: number;
  /** `admitted` (chip evidence and face confirmed), `override` (proctor, with a reason) or `refused`. */
  outcome: 'admitted' | 'override' | 'refused' | null;
  /** Decision code from the catalogue (src/server/checkin/decisions.ts). */
  reason: string | null;
  registry_state: RegistryState;
  registry_outcome: string | null;
  registry_job_id: string | null;
  registry_billable: number;
  face_confirmed_by: string | null;
  override_reason: string | null;
  access_control: string | null;
  /** SHA-256 (hex) of EF.SOD as read, which tells one card from another without personal data. */
  sod_sha256: string | null;
  /** JSON list of `{ id, status, threat }` of the verification report; no personal data. */
  checks: string;
  /** JSON object of step name to milliseconds: select, wait_for_card, read, verify, registry and the station's read steps. */
  step_durations_ms: string;
  /** From naming the candidate to the decision, in milliseconds. */
  duration_ms: number | null;
  attempt_id: string | null;
  started_at: string;
  card_read_at: string | null;
  decided_at: string | null;
  /** When the attempt ended (admitted, override, refused or cancelled). */
  ended_at: string | null;
  updated_at: string;
}

/** The chip photo of a check-in, AES-256-GCM encrypted; the row is deleted at `expires_at`. */
export interface CheckInPhotoTable {
  check_in_id: string;
  mime_type: string;
  /** Id of the key that encrypted the photo (first 8 hex digits of SHA-256 of the key). */
  key_id: string;
  iv: string;
  ciphertext: string;
  auth_tag: string;
  created_at: string;
  expires_at: string;
}

export interface CheckInTables {
  check_in_station_tokens: StationTokenTable;
  trust_anchors: TrustAnchorTable;
  check_ins: CheckInTable;
  check_in_photos: CheckInPhotoTable;
}

export type CheckInDatabase = ExamDatabase & RegistryTables & CheckInTables;

/** Returns the same Kysely instance typed with the check-in, exam and registry tables. */
export function checkInDb(db: Kysely<Database>): Kysely<CheckInDatabase> {
  return db as unknown as Kysely<CheckInDatabase>;
}
