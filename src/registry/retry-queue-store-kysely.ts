// Retry queue storage on SQLite or PostgreSQL through Kysely. On PostgreSQL a claim selects due
// rows FOR UPDATE SKIP LOCKED, so concurrent workers take disjoint jobs without waiting. On
// SQLite the claim is one UPDATE statement, which SQLite runs as its own write transaction
// under the database's single writer lock, so two workers cannot take the same job either.
import type { Kysely } from 'kysely';

import { RegistryError } from './errors.js';
import type { ClaimedRetryJob, ClaimOptions, NewRetryJob, RetryJobState, RetryQueueStore } from './retry-queue-store.js';
import { isPostgres, type RegistryRetryJobTable, type RegistryTables } from './storage-schema.js';
import type { RegistryRequest } from './types.js';

const OPEN_STATUSES: RegistryRetryJobTable['status'][] = ['pending', 'running'];

export class KyselyRetryQueueStore implements RetryQueueStore {
  constructor(
    private readonly db: Kysely<RegistryTables>,
    private readonly now: () => string = () => new Date().toISOString(),
  ) {}

  async enqueue(job: NewRetryJob): Promise<{ id: string; created: boolean }> {
    const open = await this.findOpenJob(job);

    if (open !== null) {
      return { id: open, created: false };
    }

    try {
      await this.db
        .insertInto('registry_retry_jobs')
        .values({
          id: job.id,
          exam_event_id: job.request.key.examEventId,
          candidate_id: job.request.key.candidateId,
          check_in_id: job.checkInId,
          request_json: JSON.stringify(job.request),
          status: 'pending',
          attempts: 0,
          next_attempt_at: job.nextAttemptAt,
          claimed_by: null,
          claim_expires_at: null,
          last_reason: job.reason,
          created_at: job.createdAt,
          updated_at: job.createdAt,
        })
        .execute();

      return { id: job.id, created: true };
    } catch (error) {
      // Another instance enqueued the same key between our look-up and insert: the partial
      // unique index registry_retry_jobs_open_key rejected ours, so return theirs.
      const raced = await this.findOpenJob(job);

      if (raced === null) {
        throw error;
      }

      return { id: raced, created: false };
    }
  }

  async claimDue(options: ClaimOptions): Promise<ClaimedRetryJob[]> {
    const postgres = isPostgres(this.db);

    const rows = await this.db
      .updateTable('registry_retry_jobs')
      .set((eb) => ({
        status: 'running',
        attempts: eb('attempts', '+', 1),
        claimed_by: options.workerId,
        claim_expires_at: options.claimExpiresAt,
        updated_at: options.now,
      }))
      .where('id', 'in', (eb) => {
        const due = eb
          .selectFrom('registry_retry_jobs')
          .select('id')
          .where('request_json', 'is not', null)
          .where((where) => where.or([
            where.and([where('status', '=', 'pending'), where('next_attempt_at', '<=', options.now)]),
            where.and([where('status', '=', 'running'), where('claim_expires_at', '<=', options.now)]),
          ]))
          .orderBy('next_attempt_at')
          .limit(options.limit);

        return postgres ? due.forUpdate().skipLocked() : due;
      })
      .returning(['id', 'check_in_id', 'request_json', 'attempts'])
      .execute();

    return rows.map((row) => ({ id: row.id, checkInId: row.check_in_id, request: parseRequest(row.id, row.request_json), attempts: row.attempts }));
  }

  async reschedule(jobId: string, workerId: string, nextAttemptAt: string, reason: string): Promise<boolean> {
    const result = await this.db
      .updateTable('registry_retry_jobs')
      .set({ status: 'pending', next_attempt_at: nextAttemptAt, last_reason: reason, claimed_by: null, claim_expires_at: null, updated_at: this.now() })
      .where('id', '=', jobId)
      .where('status', '=', 'running')
      .where('claimed_by', '=', workerId)
      .executeTakeFirst();

    return Number(result.numUpdatedRows) > 0;
  }

  async finish(jobId: string, workerId: string, status: 'resolved' | 'failed', reason: string | null): Promise<boolean> {
    const result = await this.db
      .updateTable('registry_retry_jobs')
      .set({ status, last_reason: reason, request_json: null, claimed_by: null, claim_expires_at: null, updated_at: this.now() })
      .where('id', '=', jobId)
      .where('status', '=', 'running')
      .where('claimed_by', '=', workerId)
      .executeTakeFirst();

    return Number(result.numUpdatedRows) > 0;
  }

  async getState(jobId: string): Promise<RetryJobState | null> {
    const row = await this.db.selectFrom('registry_retry_jobs').selectAll().where('id', '=', jobId).executeTakeFirst();

    if (row === undefined) {
      return null;
    }

    return {
      id: row.id,
      checkInId: row.check_in_id,
      key: { examEventId: row.exam_event_id, candidateId: row.candidate_id },
      status: row.status,
      attempts: row.attempts,
      nextAttemptAt: row.next_attempt_at,
      claimedBy: row.claimed_by,
      claimExpiresAt: row.claim_expires_at,
      lastReason: row.last_reason,
      hasRequest: row.request_json !== null,
    };
  }

  private async findOpenJob(job: NewRetryJob): Promise<string | null> {
    const row = await this.db
      .selectFrom('registry_retry_jobs')
      .select('id')
      .where('exam_event_id', '=', job.request.key.examEventId)
      .where('candidate_id', '=', job.request.key.candidateId)
      .where('status', 'in', OPEN_STATUSES)
      .executeTakeFirst();

    return row?.id ?? null;
  }
}

function parseRequest(jobId: string, json: string | null): RegistryRequest {
  if (json === null) {
    throw new RegistryError('REGISTRY_STORAGE', `Retry job ${jobId} was claimed without its request; check the registry_retry_jobs row.`);
  }

  return JSON.parse(json) as RegistryRequest;
}
