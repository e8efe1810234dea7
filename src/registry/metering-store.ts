// Storage behind fee metering: the answer cached for each exam event and candidate, and the
// record of each billable check. Implementations: in memory (tests, a single process) and
// Kysely (SQLite and PostgreSQL, shared by every server instance).
import type { IdempotencyKey, RegistryAnswer, RegistryField } from './types.js';

/** An answer kept for the rest of the exam event, so that repeated taps need no new check. */
export interface CachedAnswer {
  outcome: RegistryAnswer['outcome'];
  /** Empty unless `outcome` is `mismatch`. */
  mismatchedFields: RegistryField[];
  referenceId: string | null;
  /** ISO 8601 UTC time of the check. */
  checkedAt: string;
  /** SHA-256 of the request's wire body, so that a later request with other data is not answered from this one. */
  requestFingerprint: string;
}

/** One check that the service billed. */
export interface BillableCheck {
  key: IdempotencyKey;
  referenceId: string | null;
  outcome: RegistryAnswer['outcome'];
  /** ISO 8601 UTC time of the check. */
  checkedAt: string;
}

export interface MeteringStore {
  getCachedAnswer(key: IdempotencyKey): Promise<CachedAnswer | null>;

  /** Stores the answer unless one is stored for the key; returns the one stored (first writer wins). */
  putCachedAnswer(key: IdempotencyKey, answer: CachedAnswer): Promise<CachedAnswer>;

  /** Records a billable check; returns false, recording nothing, when the key has one already. */
  recordBillableCheck(check: BillableCheck): Promise<boolean>;

  /** Counts the billable checks recorded, for one exam event or for all. */
  countBillableChecks(examEventId?: string): Promise<number>;
}
