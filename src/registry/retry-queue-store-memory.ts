// In-memory retry queue storage for unit tests and a single process without a database.
import type { ClaimedRetryJob, ClaimOptions, NewRetryJob, RetryJobState, RetryQueueStore } from './retry-queue-store.js';
import { formatIdempotencyKey, type RegistryRequest } from './types.js';

interface MemoryJob extends RetryJobState {
  request: RegistryRequest | null;
}

export class MemoryRetryQueueStore implements RetryQueueStore {
  private readonly jobs = new Map<string, MemoryJob>();

  async enqueue(job: NewRetryJob): Promise<{ id: string; created: boolean }> {
    const key = formatIdempotencyKey(job.request.key);
    const open = [...this.jobs.values()].find((existing) => formatIdempotencyKey(existing.key) === key && !isFinal(existing));

    if (open !== undefined) {
      return { id: open.id, created: false };
    }

    this.jobs.set(job.id, {
      id: job.id,
      checkInId: job.checkInId,
      key: job.request.key,
      status: 'pending',
      attempts: 0,
      nextAttemptAt: job.nextAttemptAt,
      claimedBy: null,
      claimExpiresAt: null,
      lastReason: job.reason,
      hasRequest: true,
      request: job.request,
    });

    return { id: job.id, created: true };
  }

  async claimDue(options: ClaimOptions): Promise<ClaimedRetryJob[]> {
    const due = [...this.jobs.values()]
      .filter((job) => isClaimable(job, options.now))
      .sort((a, b) => a.nextAttemptAt.localeCompare(b.nextAttemptAt))
      .slice(0, options.limit);

    return due.map((job) => {
      job.status = 'running';
      job.attempts += 1;
      job.claimedBy = options.workerId;
      job.claimExpiresAt = options.claimExpiresAt;

      return { id: job.id, checkInId: job.checkInId, request: job.request as RegistryRequest, attempts: job.attempts };
    });
  }

  async reschedule(jobId: string, workerId: string, nextAttemptAt: string, reason: string): Promise<boolean> {
    const job = this.heldBy(jobId, workerId);

    if (job === null) {
      return false;
    }

    Object.assign(job, { status: 'pending', nextAttemptAt, lastReason: reason, claimedBy: null, claimExpiresAt: null });
    return true;
  }

  async finish(jobId: string, workerId: string, status: 'resolved' | 'failed', reason: string | null): Promise<boolean> {
    const job = this.heldBy(jobId, workerId);

    if (job === null) {
      return false;
    }

    Object.assign(job, { status, lastReason: reason, claimedBy: null, claimExpiresAt: null, request: null, hasRequest: false });
    return true;
  }

  async getState(jobId: string): Promise<RetryJobState | null> {
    const job = this.jobs.get(jobId);

    if (job === undefined) {
      return null;
    }

    const { request: _request, ...state } = job;
    return { ...state };
  }

  private heldBy(jobId: string, workerId: string): MemoryJob | null {
    const job = this.jobs.get(jobId);
    return job !== undefined && job.status === 'running' && job.claimedBy === workerId ? job : null;
  }
}

function isFinal(job: RetryJobState): boolean {
  return job.status === 'resolved' || job.status === 'failed';
}

function isClaimable(job: MemoryJob, now: string): boolean {
  if (job.request === null) {
    return false;
  }

  if (job.status === 'pending') {
    return job.nextAttemptAt <= now;
  }

  return job.status === 'running' && job.claimExpiresAt !== null && job.claimExpiresAt <= now;
}
