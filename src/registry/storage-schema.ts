// Table shapes of the registry storage (created by the server's migration 0201_registry_checks).
// They follow the server's column conventions: ids and timestamps are text (ISO 8601 UTC with
// milliseconds, which sorts as the instant it names) and structured values are JSON text.
// The server's Database type should include RegistryTables so that one Kysely instance serves both.
import { PostgresAdapter, type Kysely } from 'kysely';

/** The answer cached for one candidate in one exam event. */
export interface RegistryAnswerTable {
  exam_event_id: string;
  candidate_id: string;
  outcome: 'match' | 'mismatch' | 'not_found' | 'revoked';
  /** JSON array of RegistryField names; `[]` unless the outcome is mismatch. */
  mismatched_fields: string;
  reference_id: string | null;
  request_fingerprint: string;
  checked_at: string;
}

/** One check the service billed: at most one row per candidate and exam event. */
export interface RegistryBillableCheckTable {
  exam_event_id: string;
  candidate_id: string;
  reference_id: string | null;
  outcome: 'match' | 'mismatch' | 'not_found' | 'revoked';
  checked_at: string;
}

/** A check waiting for the service to come back. */
export interface RegistryRetryJobTable {
  id: string;
  exam_event_id: string;
  candidate_id: string;
  check_in_id: string;
  /** JSON of the RegistryRequest: personal data, set to null when the job is final. */
  request_json: string | null;
  status: 'pending' | 'running' | 'resolved' | 'failed';
  attempts: number;
  next_attempt_at: string;
  claimed_by: string | null;
  claim_expires_at: string | null;
  last_reason: string | null;
  created_at: string;
  updated_at: string;
}

export interface RegistryTables {
  registry_answers: RegistryAnswerTable;
  registry_billable_checks: RegistryBillableCheckTable;
  registry_retry_jobs: RegistryRetryJobTable;
}

/** True when the Kysely instance (or transaction) talks to PostgreSQL. */
export function isPostgres(db: Kysely<RegistryTables>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}
