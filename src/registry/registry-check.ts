// The one call the check-in code makes: check the registry now, or queue the check when the
// service is unavailable, so that the room waits no longer than the client's timeouts.
import { randomUUID } from 'node:crypto';

import type { MeteredRegistry } from './metering.js';
import type { RetryQueueStore } from './retry-queue-store.js';
import { isAnswer, type Clock, type RegistryAnswer, type RegistryRequest, type RegistryUnavailable } from './types.js';

/**
 * `answered`: the service answered (now or from this exam event's cache). `pending`: the check
 * waits in the retry queue and the check-in proceeds on chip evidence marked registry pending.
 * `failed`: the service cannot answer this request at all (rejected or conflicting data); the
 * proctor follows up by hand.
 */
export type RegistryCheckOutcome =
  | { state: 'answered'; result: RegistryAnswer }
  | { state: 'pending'; jobId: string; result: RegistryUnavailable }
  | { state: 'failed'; result: RegistryUnavailable };

export class RegistryCheck {
  private readonly clock: Clock;

  constructor(
    private readonly registry: MeteredRegistry,
    private readonly queue: RetryQueueStore,
    options: { clock?: Clock } = {},
  ) {
    this.clock = options.clock ?? Date.now;
  }

  /** Checks the candidate's data for one check-in; `checkInId` names the record the queue updates later. */
  async check(request: RegistryRequest, checkInId: string): Promise<RegistryCheckOutcome> {
    const result = await this.registry.verify(request);

    if (isAnswer(result)) {
      return { state: 'answered', result };
    }

    if (!result.retryable) {
      return { state: 'failed', result };
    }

    const now = new Date(this.clock()).toISOString();
    const { id } = await this.queue.enqueue({ id: randomUUID(), checkInId, request, nextAttemptAt: now, reason: result.reason, createdAt: now });
    return { state: 'pending', jobId: id, result };
  }
}
