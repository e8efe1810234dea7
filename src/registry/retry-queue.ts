// The retry queue worker. When the service is down at check-in, the check-in proceeds on chip
// evidence marked "registry pending" and its request waits in the queue. Workers claim due
// jobs (each job by one worker at a time, with a claim that expires if the worker dies), repeat
// the check through the metered registry, and hand the answer to the check-in code's callback.
import { backoffDelayMs, type BackoffPolicy } from './backoff.js';
import { RegistryError } from './errors.js';
import type { ClaimedRetryJob, RetryQueueStore } from './retry-queue-store.js';
import {
  formatIdempotencyKey,
  isAnswer,
  type Clock,
  type IdempotencyKey,
  type IdentityRegistry,
  type RandomSource,
  type RegistryLogger,
  type RegistryResult,
} from './types.js';

/** Final result of one pending check-in, reported when its job ends. */
export interface RegistryResolution {
  jobId: string;
  checkInId: string;
  key: IdempotencyKey;
  /**
   * The service's answer, or the last `unavailable` result when the job failed for good
   * (a non-retryable failure, or `maxAttempts` spent).
   */
  result: RegistryResult;
  attempts: number;
}

/**
 * Called by the check-in code with the final result of a pending check. It may be called more
 * than once for one job (a worker whose claim expired may finish late), so it must be idempotent,
 * keyed by `checkInId`. When it throws, the job is retried later.
 */
export type RegistryResolutionHandler = (resolution: RegistryResolution) => Promise<void>;

export interface RetryWorkerOptions {
  store: RetryQueueStore;
  /** The metered registry, so that a repeated check is never billed twice. */
  registry: IdentityRegistry;
  onResolved: RegistryResolutionHandler;
  /** Unique per worker process, e.g. host name and process id. */
  workerId: string;
  backoff?: BackoffPolicy;
  /** How long a claim lasts; longer than one check with all its client retries. */
  claimTtlMs?: number;
  /** Claims after which a still unavailable check fails for good. */
  maxAttempts?: number;
  batchSize?: number;
  pollIntervalMs?: number;
  clock?: Clock;
  random?: RandomSource;
  logger?: RegistryLogger;
}

// NOTE: these defaults are estimates: retries over about two hours, long enough for one exam
// day's outage window at the service, before a check is left for manual follow-up.
const DEFAULT_BACKOFF: BackoffPolicy = { baseDelayMs: 15_000, maxDelayMs: 10 * 60_000 };
const DEFAULT_CLAIM_TTL_MS = 60_000;
const DEFAULT_MAX_ATTEMPTS = 20;
const DEFAULT_BATCH_SIZE = 10;
const DEFAULT_POLL_INTERVAL_MS = 5_000;

export class RegistryRetryWorker {
  private readonly backoff: BackoffPolicy;
  private readonly claimTtlMs: number;
  private readonly maxAttempts: number;
  private readonly batchSize: number;
  private readonly pollIntervalMs: number;
  private readonly clock: Clock;
  private readonly random: RandomSource;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = true;

  constructor(private readonly options: RetryWorkerOptions) {
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.claimTtlMs = options.claimTtlMs ?? DEFAULT_CLAIM_TTL_MS;
    this.maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
    this.batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
    this.pollIntervalMs = options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS;
    this.clock = options.clock ?? Date.now;
    this.random = options.random ?? Math.random;

    if (options.workerId === '') {
      throw new RegistryError('REGISTRY_BAD_CONFIG', 'The retry worker needs a non-empty workerId, unique per process (e.g. host name and process id).');
    }
  }

  /** Claims one batch of due jobs and works through it; returns how many jobs it handled. */
  async runOnce(): Promise<number> {
    const now = this.clock();
    const jobs = await this.options.store.claimDue({
      workerId: this.options.workerId,
      now: iso(now),
      claimExpiresAt: iso(now + this.claimTtlMs),
      limit: this.batchSize,
    });

    for (const job of jobs) {
      await this.handle(job);
    }

    return jobs.length;
  }

  /** Polls the queue every `pollIntervalMs` until `stop`. */
  start(): void {
    if (!this.stopped) {
      return;
    }

    this.stopped = false;
    this.options.logger?.info({ workerId: this.options.workerId }, 'registry retry worker started');
    this.schedule(0);
  }

  /** Stops polling and waits for the batch in progress. */
  async stop(): Promise<void> {
    this.stopped = true;

    if (this.timer !== null) {
      clearTimeout(this.timer);
      this.timer = null;
    }

    await this.running;
    this.options.logger?.info({ workerId: this.options.workerId }, 'registry retry worker stopped');
  }

  private schedule(delayMs: number): void {
    this.timer = setTimeout(() => {
      this.timer = null;
      this.running = this.poll();
    }, delayMs);
  }

  private async poll(): Promise<void> {
    try {
      await this.runOnce();
    } catch (error) {
      this.options.logger?.error({ workerId: this.options.workerId, error: describe(error) }, 'registry retry worker failed to work through the queue');
    }

    if (!this.stopped) {
      this.schedule(this.pollIntervalMs);
    }
  }

  private async handle(job: ClaimedRetryJob): Promise<void> {
    const { store, workerId, logger } = this.options;
    const fields = { jobId: job.id, checkInId: job.checkInId, idempotencyKey: formatIdempotencyKey(job.request.key), attempt: job.attempts };
    let result: RegistryResult;

    try {
      result = await this.options.registry.verify(job.request);
    } catch (error) {
      if (error instanceof RegistryError && error.code === 'REGISTRY_BAD_REQUEST') {
        // Repeating an invalid request cannot help, so the job ends with a final result.
        logger?.error({ ...fields, error: describe(error) }, 'registry retry job has an invalid request');
        result = { outcome: 'unavailable', reason: 'request_rejected', retryable: false, detail: error.message, referenceId: null, latencyMs: 0, billable: false };
      } else {
        // Anything else (the metering storage failing, say) may pass, so the job waits and retries.
        logger?.error({ ...fields, error: describe(error) }, 'registry retry job failed; rescheduled');
        await store.reschedule(job.id, workerId, this.nextAttemptAt(job), 'internal_error');
        return;
      }
    }

    if (!isAnswer(result) && result.retryable && job.attempts < this.maxAttempts) {
      await store.reschedule(job.id, workerId, this.nextAttemptAt(job), result.reason);
      logger?.warn({ ...fields, reason: result.reason }, 'registry still unavailable; retry job rescheduled');
      return;
    }

    try {
      await this.options.onResolved({ jobId: job.id, checkInId: job.checkInId, key: job.request.key, result, attempts: job.attempts });
    } catch (error) {
      logger?.error({ ...fields, error: describe(error) }, 'registry resolution callback failed; retry job rescheduled');
      await store.reschedule(job.id, workerId, this.nextAttemptAt(job), 'callback_failed');
      return;
    }

    const status = isAnswer(result) ? 'resolved' : 'failed';
    const stillClaimed = await store.finish(job.id, workerId, status, isAnswer(result) ? null : result.reason);

    if (!stillClaimed) {
      logger?.warn(fields, 'registry retry job was claimed by another worker before it finished');
    }

    logger?.info({ ...fields, status, outcome: result.outcome }, 'registry retry job finished');
  }

  private nextAttemptAt(job: ClaimedRetryJob): string {
    return iso(this.clock() + backoffDelayMs(this.backoff, job.attempts, this.random));
  }
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
