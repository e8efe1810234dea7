// Storage of the registry retry queue: checks that could not reach the service wait here until
// a worker claims them. A claim expires, so a job whose worker died is claimed again.
import type { IdempotencyKey, RegistryRequest } from './types.js';

/** `running`: claimed by a worker until `claimExpiresAt`; `resolved` and `failed` are final. */
export type RetryJobStatus = 'pending' | 'running' | 'resolved' | 'failed';

export interface NewRetryJob {
  id: string;
  /** The check-in record that waits for the answer; handed to the resolution callback. */
  checkInId: string;
  /** The request to repeat. Personal data: the stores delete it when the job is final. */
  request: RegistryRequest;
  /** ISO 8601 UTC time of the first retry. */
  nextAttemptAt: string;
  /** Reason the check could not be done at check-in. */
  reason: string;
  createdAt: string;
}

/** A job claimed by a worker, with its request. */
export interface ClaimedRetryJob {
  id: string;
  checkInId: string;
  request: RegistryRequest;
  /** Claims so far, this one included. */
  attempts: number;
}

/** A job's state without its request, for status pages and tests. */
export interface RetryJobState {
  id: string;
  checkInId: string;
  key: IdempotencyKey;
  status: RetryJobStatus;
  attempts: number;
  nextAttemptAt: string;
  claimedBy: string | null;
  claimExpiresAt: string | null;
  lastReason: string | null;
  /** False once the job is final and its request was deleted. */
  hasRequest: boolean;
}

export interface ClaimOptions {
  workerId: string;
  /** ISO 8601 UTC now: jobs due at or before it, and claims expired at or before it, are taken. */
  now: string;
  claimExpiresAt: string;
  limit: number;
}

export interface RetryQueueStore {
  /**
   * Adds the job unless the key has a job that is not final. Returns the id of the open job
   * for the key and whether this call created it.
   */
  enqueue(job: NewRetryJob): Promise<{ id: string; created: boolean }>;

  /** Claims up to `limit` due jobs for one worker; no two workers hold a job at once. */
  claimDue(options: ClaimOptions): Promise<ClaimedRetryJob[]>;

  /** Puts a job the worker holds back in the queue; false when the worker lost the claim. */
  reschedule(jobId: string, workerId: string, nextAttemptAt: string, reason: string): Promise<boolean>;

  /** Ends a job the worker has claimed and deletes its request; false when the worker lost the claim. */
  finish(jobId: string, workerId: string, status: 'resolved' | 'failed', reason: string | null): Promise<boolean>;

  getState(jobId: string): Promise<RetryJobState | null>;
}
