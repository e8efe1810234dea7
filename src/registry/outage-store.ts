// Storage of registry outage periods: spans in which the verification service did not answer
// (timeouts, refused or reset connections, HTTP 5xx, an open circuit breaker). Every server
// instance writes to the same store, so a period that one instance opened is closed by the first
// instance whose check succeeds.
import type { IdempotencyKey, UnavailableReason } from './types.js';

/** A failed check that shows the service unavailable. */
export interface UnavailableCheck {
  /** The check's exam event and candidate; the store derives the unit and session from them. */
  key: IdempotencyKey;
  reason: UnavailableReason;
  /** ISO 8601 UTC time the check gave up. */
  at: string;
}

export interface RegistryOutageStore {
  /**
   * Opens an outage period for the check's exam event unless one is open already. Returns true
   * when this call opened it. At most one period per exam event is open at a time, also when
   * several instances call at once.
   */
  recordUnavailable(check: UnavailableCheck): Promise<boolean>;

  /** Closes every open outage period at `at` (ISO 8601 UTC); returns how many it closed. */
  recordAvailable(at: string): Promise<number>;
}
